/**
 * The api as the pages call it: same origin, the session cookie (HttpOnly, so
 * this code never sees a key), JSON both ways. Writes send
 * `content-type: application/json` and `x-hindsight-csrf: 1`, which the api
 * requires of every cookie-authenticated write (a form on another site can
 * send neither).
 */

/** One field the api refused, and the rule it broke (the api's `issues`). */
export interface FieldIssue {
  readonly path: string;
  readonly rule: string;
}

/** A non-2xx answer: the status, the api's error code and message, and its field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(message);
  }

  /** The rules broken for `path` and the paths under it (`choice` matches `choice.responseId`). */
  issuesFor(path: string): FieldIssue[] {
    return this.issues.filter(
      (i) =>
        i.path === path ||
        i.path.startsWith(`${path}.`) ||
        i.path.startsWith(`${path}[`) ||
        i.path === `data.${path}` ||
        i.path.startsWith(`data.${path}.`),
    );
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['x-hindsight-csrf'] = '1';
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(
      0,
      'network',
      `the api could not be reached (${error instanceof Error ? error.message : String(error)})`,
      [],
    );
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const e = (parsed ?? {}) as { error?: string; message?: string; issues?: FieldIssue[] };
    throw new ApiError(
      response.status,
      e.error ?? 'error',
      e.message ?? `${method} ${path} answered ${response.status}`,
      e.issues ?? [],
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** `path?name=value&…`, leaving out undefined values. */
export function withQuery(path: string, query: Readonly<Record<string, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const qs = params.toString();
  return qs === '' ? path : `${path}?${qs}`;
}
