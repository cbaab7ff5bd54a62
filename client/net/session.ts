// The login session kept on this device: token, expiry and who logged in. Plain TS so tests and
// the demo simulator can call login() from node with an explicit base URL.
import type { Principal } from '../../shared/domain';
import type { LoginResponse } from '../../shared/protocol';

export interface Session {
  token: string;
  expiresAt: number;
  principal: Principal;
}

const SESSION_KEY = 'grd.session';
const LAST_USERNAME_KEY = 'grd.lastUsername';

/**
 * The one reach for the browser in the client core, checked: in Node (tests, the simulator, which only
 * calls login()) there is no localStorage and the session is simply not kept. Injecting it would thread
 * a storage through every screen that reads the session for no gain.
 */
function storage(): Storage | undefined {
  try {
    // eslint-disable-next-line no-restricted-properties -- absent in Node, and checked: see above
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function loadSession(now: number = Date.now()): Session | null {
  const raw = storage()?.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || !session.principal || session.expiresAt <= now) return null;
    return session;
  } catch {
    return null;
  }
}

/** A session is stored but past its expiry: the user had logged in and should be told why it ended. */
export function sessionExpired(now: number = Date.now()): boolean {
  return loadSession(now) === null && Boolean(storage()?.getItem(SESSION_KEY));
}

export function saveSession(session: Session): void {
  storage()?.setItem(SESSION_KEY, JSON.stringify(session));
  storage()?.setItem(LAST_USERNAME_KEY, session.principal.accountId);
}

export function clearSession(): void {
  storage()?.removeItem(SESSION_KEY);
}

export function lastUsername(): string {
  return storage()?.getItem(LAST_USERNAME_KEY) ?? '';
}

export function rememberUsername(username: string): void {
  storage()?.setItem(LAST_USERNAME_KEY, username);
}

/** Thrown when the server cannot be reached at all (as opposed to answering "no"). */
export class UnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreachableError';
  }
}

/** POST /api/login. Resolves with the server's answer (ok or a refusal); rejects with UnreachableError. */
export async function login(username: string, password: string, baseUrl = ''): Promise<LoginResponse> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (err) {
    throw new UnreachableError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  try {
    return (await response.json()) as LoginResponse;
  } catch (err) {
    // A proxy error page or an empty 502: the dispatch server itself did not answer.
    throw new UnreachableError(`HTTP ${response.status}`, { cause: err });
  }
}

/** The screen each role works on. */
export function homePath(principal: Principal): '/console' | '/post' | '/officer' {
  switch (principal.role) {
    case 'dispatcher':
      return '/console';
    case 'post':
      return '/post';
    case 'officer':
      return '/officer';
  }
}
