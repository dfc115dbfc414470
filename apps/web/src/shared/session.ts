import { api } from './api';

/** The signed-in key as `GET /v1/session` answers it (never the key itself). */
export interface Session {
  readonly tenant: string;
  readonly scopes: readonly string[];
  readonly keyLookupId: string;
  /** The rater a `rater` key speaks for; null for other keys. */
  readonly raterId: string | null;
  readonly expiresAt: string;
}

/** The current session, or undefined when signed out (401). */
export async function currentSession(): Promise<Session | undefined> {
  try {
    return await api.get<Session>('/v1/session');
  } catch (error) {
    if ((error as { status?: number }).status === 401) return undefined;
    throw error;
  }
}

/** Exchanges an API key for a session cookie; the key is sent once, in the body, never in a URL. */
export async function signIn(key: string): Promise<Session> {
  const session = await api.post<Session>('/v1/session', { key });
  if (!session) throw new Error('POST /v1/session answered no session');
  return session;
}

export async function signOut(): Promise<void> {
  await api.delete('/v1/session');
}
