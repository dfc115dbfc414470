import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApiKeys, sessionEndedEvent, type Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { formatUuidV7, HindsightError, parseRequestBody, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { ApiKeyLogFollower } from './api-key-log-follower';
import { signInBodySchema } from './session-input';
import { readCookie, SESSION_COOKIE, SessionTokens, type SessionClaims } from './session-tokens';

/** A session as the pages see it: who they speak for, never the key. */
export interface SessionView {
  readonly tenant: string;
  readonly scopes: readonly string[];
  readonly keyLookupId: string;
  readonly raterId: string | null;
  readonly expiresAt: string;
}

const view = (principal: Principal, claims: SessionClaims): SessionView => ({
  tenant: principal.tenant,
  scopes: principal.scopes,
  keyLookupId: principal.lookupId,
  raterId: principal.raterId,
  expiresAt: new Date(claims.expiresAt).toISOString(),
});

const signedOut = () =>
  new HindsightError('unauthenticated', 'not signed in: POST /v1/session with { "key": "<API key>" }', [
    { path: 'cookie', rule: 'no valid session' },
  ]);

/**
 * Sign-in for the browser pages: an API key, sent once in a JSON body, becomes
 * a signed session cookie standing for that key (same tenant and scopes).
 * Sign-out publishes `session.ended`, which every api process follows.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly apiKeys: ApiKeys,
    private readonly tokens: SessionTokens,
    private readonly publisher: EventPublisher,
    private readonly follower: ApiKeyLogFollower,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** @throws ValidationError (no key), HindsightError unauthenticated (bad key) or forbidden (a browser feedback key). */
  async signIn(body: unknown, now: number): Promise<{ token: string; claims: SessionClaims; view: SessionView }> {
    const { key } = parseRequestBody(signInBodySchema, body, 'must be a JSON object { "key": "<API key>" }');
    const verification = await this.apiKeys.verify(key.trim());
    if (!verification.ok) {
      const rule =
        verification.reason === 'malformed'
          ? 'malformed: keys look like hsk_<12 chars>_<43 chars>'
          : verification.reason === 'revoked'
            ? 'this key has been revoked'
            : 'not a valid API key';
      throw new HindsightError('unauthenticated', `the API key was not accepted (${verification.reason})`, [
        { path: 'key', rule },
      ]);
    }
    const { principal } = verification;
    if (principal.scopes.every((s) => s === 'feedback')) {
      throw new HindsightError('forbidden', 'a feedback-only (browser widget) key cannot sign in to the pages', [
        { path: 'key', rule: 'needs scope read, admin, ingest or rater' },
      ]);
    }
    const { token, claims } = this.tokens.issue(principal.keyId, now);
    return { token, claims, view: view(principal, claims) };
  }

  /** The session of the request's cookie. @throws HindsightError unauthenticated when there is none. */
  async current(cookieHeader: string | undefined, now: () => number): Promise<SessionView> {
    const claims = await this.tokens.verify(readCookie(cookieHeader, SESSION_COOKIE), now);
    if (!claims) throw signedOut();
    const verification = await this.apiKeys.verifyKeyId(claims.keyId);
    if (!verification.ok) throw signedOut();
    return view(verification.principal, claims);
  }

  /**
   * Ends the request's session on every api process: publishes `session.ended`
   * (answers once Kafka acknowledged it) and applies it here at once; the other
   * processes refuse the cookie as soon as they read it. Idempotent: no cookie,
   * an expired or already ended session, or a revoked key (which ended every
   * session of it) publish nothing.
   * @throws UnavailableError when Kafka did not acknowledge (nothing ended: retry).
   */
  async signOut(cookieHeader: string | undefined, now: number): Promise<void> {
    const claims = this.tokens.signedClaims(readCookie(cookieHeader, SESSION_COOKIE), now);
    if (!claims || this.follower.sessions.isEnded(claims.sessionId, now)) return;
    const verification = await this.apiKeys.verifyKeyId(claims.keyId);
    if (!verification.ok) return;
    const event = sessionEndedEvent({
      eventId: formatUuidV7(now, randomBytes(10)),
      tenant: verification.principal.tenant,
      sessionId: claims.sessionId,
      keyId: claims.keyId,
      endedAt: now,
      expiresAt: claims.expiresAt,
    });
    await this.publisher.publish([recordMessage(event, this.config.kafka.topicPrefix)]);
    this.follower.sessions.apply(event, now);
  }
}
