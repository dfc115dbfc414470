import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The browser session cookie's name. */
export const SESSION_COOKIE = 'hindsight_session';

/** What a session cookie carries, signed: the key's id (never the key), the session's id and its expiry. */
export interface SessionClaims {
  /** The API key's id (a UUID); the key is verified again by it at every request. */
  readonly keyId: string;
  /** Random, so a signed-out session can be told from a new one of the same key. */
  readonly sessionId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/**
 * Signed session tokens (HMAC-SHA256): the session state lives in the cookie
 * itself, so nothing needs storing or rebuilding; the key behind it is looked up
 * at each request (a revoked key ends its sessions). Sign-out is remembered in
 * this process until the session would have expired (README: Sign-in).
 */
export class SessionTokens {
  private readonly secret: Buffer;
  private readonly signedOut = new Map<string, number>();

  /** `secret` empty: a random one, so sessions last as long as this process. */
  constructor(secret: string, readonly ttlMs: number) {
    this.secret = secret === '' ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  issue(keyId: string, now: number): { token: string; claims: SessionClaims } {
    const claims: SessionClaims = { keyId, sessionId: b64(randomBytes(12)), expiresAt: now + this.ttlMs };
    const payload = b64(Buffer.from(JSON.stringify({ k: claims.keyId, s: claims.sessionId, e: claims.expiresAt }), 'utf8'));
    return { token: `${payload}.${this.sign(payload)}`, claims };
  }

  /** The claims of a well-signed, unexpired, not signed-out token; undefined otherwise. */
  verify(token: string | undefined, now: number): SessionClaims | undefined {
    if (token === undefined || token.length > 512) return undefined;
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let raw: { k?: unknown; s?: unknown; e?: unknown };
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof raw;
    } catch {
      return undefined;
    }
    if (typeof raw.k !== 'string' || typeof raw.s !== 'string' || typeof raw.e !== 'number') return undefined;
    if (raw.e <= now || this.signedOut.has(raw.s)) return undefined;
    return { keyId: raw.k, sessionId: raw.s, expiresAt: raw.e };
  }

  /** Ends a session in this process (the browser drops its cookie too). */
  signOut(claims: SessionClaims, now: number): void {
    for (const [id, expiresAt] of this.signedOut) if (expiresAt <= now) this.signedOut.delete(id);
    this.signedOut.set(claims.sessionId, claims.expiresAt);
  }

  private sign(payload: string): string {
    return b64(createHmac('sha256', this.secret).update(payload).digest());
  }
}

/** The value of cookie `name` in a Cookie header, if there. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value of a session: HttpOnly, SameSite=Strict, Path=/, Secure when the page came over HTTPS. */
export function sessionCookie(token: string, expiresAt: number, now: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}; Expires=${new Date(expiresAt).toUTCString()}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure ? '; Secure' : ''}`;
}
