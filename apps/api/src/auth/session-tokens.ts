import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EndedSessionsView } from '@hindsight/access';
import { SESSION_ID_PATTERN, UnavailableError } from '@hindsight/contracts';

/** The browser session cookie's name. */
export const SESSION_COOKIE = 'hindsight_session';

/** What a session cookie carries, signed: the key's id (never the key), the session's id and its expiry. */
export interface SessionClaims {
  /** The API key's id (a UUID); the key is verified again by it at every request. */
  readonly keyId: string;
  /** Random (16 bytes, hex: `SESSION_ID_PATTERN`), so a signed-out session can be told from a new one of the same key. */
  readonly sessionId: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

/** How long a session check waits for this api to finish reading the configuration topic (at start) before answering 503. */
const CATCH_UP_WAIT_MS = 10_000;

/**
 * Signed session tokens (HMAC-SHA256): the session (key id, session id, expiry)
 * lives in the cookie itself; the key behind it is looked up at each request (a
 * revoked key ends its sessions). Sign-out is a `session.ended` event on the
 * configuration topic, which every api process follows (`ended`): a session is
 * refused by any of them from when it read the event (README: Keys, tenants, scopes).
 */
export class SessionTokens {
  private readonly secret: Buffer;

  /** `secret` empty: a random one, so sessions last as long as this process. */
  constructor(
    secret: string,
    readonly ttlMs: number,
    private readonly ended: EndedSessionsView,
  ) {
    this.secret = secret === '' ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  issue(keyId: string, now: number): { token: string; claims: SessionClaims } {
    const claims: SessionClaims = { keyId, sessionId: randomBytes(16).toString('hex'), expiresAt: now + this.ttlMs };
    const payload = b64(
      Buffer.from(JSON.stringify({ k: claims.keyId, s: claims.sessionId, e: claims.expiresAt }), 'utf8'),
    );
    return { token: `${payload}.${this.sign(payload)}`, claims };
  }

  /**
   * The claims of a well-signed, unexpired token that no api has signed out (as far as
   * this one has read the configuration topic); undefined otherwise. While this api is
   * still reading the topic from its beginning (its first seconds) it waits for it, up
   * to 10 s. @throws UnavailableError when the topic was not read by then.
   */
  async verify(token: string | undefined, now: () => number): Promise<SessionClaims | undefined> {
    const claims = this.signedClaims(token, now());
    if (claims === undefined) return undefined;
    if (!this.ended.caughtUp) {
      const deadline = now() + CATCH_UP_WAIT_MS;
      while (!this.ended.caughtUp) {
        if (now() >= deadline)
          throw new UnavailableError(
            'kafka',
            'sign-outs are read from the configuration topic, which this api has not read to its end yet',
            2,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return this.ended.isEnded(claims.sessionId, now()) || claims.expiresAt <= now() ? undefined : claims;
  }

  /** The claims of a well-signed, unexpired token, signed out or not; undefined otherwise. */
  signedClaims(token: string | undefined, now: number): SessionClaims | undefined {
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
    // A session id of another form (cookies signed before sign-out became an event) cannot be signed out everywhere: sign in again.
    if (raw.e <= now || !SESSION_ID_PATTERN.test(raw.s)) return undefined;
    return { keyId: raw.k, sessionId: raw.s, expiresAt: raw.e };
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
