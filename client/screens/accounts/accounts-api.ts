// The accounts page's calls to /api/accounts with the session's bearer token. The server decides who is
// an admin; a refusal comes back as the Refusal it sent.
import type {
  AccountChangeResponse,
  AccountPasswordResponse,
  AccountsListResponse,
  NewAccountRequest,
} from '../../../shared/accounts-api';
import { ErrorCode } from '../../../shared/protocol';

async function call<T>(token: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/accounts${route}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  // A proxy's error page or an unmounted route is not our JSON: say so as a refusal, not a SyntaxError.
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) {
    return { ok: false, code: ErrorCode.Internal, message: `HTTP ${response.status}` } as T;
  }
  return (await response.json()) as T;
}

export const accountsApi = {
  list: (token: string) => call<AccountsListResponse>(token, 'GET', '/'),
  add: (token: string, account: NewAccountRequest) => call<AccountPasswordResponse>(token, 'POST', '/', account),
  setDisabled: (token: string, username: string, disabled: boolean) =>
    call<AccountChangeResponse>(token, 'POST', `/${encodeURIComponent(username)}/${disabled ? 'disable' : 'enable'}`),
  resetPassword: (token: string, username: string) =>
    call<AccountPasswordResponse>(token, 'POST', `/${encodeURIComponent(username)}/reset-password`),
};
