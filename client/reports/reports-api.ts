// GET requests to the history API with the session's token; a refusal becomes an ApiError.
import { ErrorCode, type Refusal } from '../../shared/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined>;

export function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function get(path: string, token: string): Promise<Response> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.ok) return res;
  let refusal: Partial<Refusal> = {};
  try {
    refusal = (await res.json()) as Refusal;
  } catch {
    // not JSON: keep the status
  }
  throw new ApiError(res.status, refusal.code ?? ErrorCode.Internal, refusal.message ?? `HTTP ${res.status}`);
}

export async function getJson<T>(path: string, token: string): Promise<T> {
  return (await (await get(path, token)).json()) as T;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path: string, token: string, fallbackName: string): Promise<void> {
  const res = await get(path, token);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
