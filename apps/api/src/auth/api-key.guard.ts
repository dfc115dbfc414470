import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeys, type KeyRejection, type Scope, type Verification } from '@hindsight/access';
import { HindsightError } from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { REQUIRED_SCOPES, type AuthenticatedRequest } from './auth.decorators';
import { RateLimiter } from './rate-limiter';
import { readCookie, SESSION_COOKIE, SessionTokens } from './session-tokens';

/** The header every cookie-authenticated write must carry (a cross-site form cannot set it; CORS preflights refuse it). */
export const CSRF_HEADER = 'x-hindsight-csrf';

const rejections: Record<KeyRejection, string> = {
  missing:
    'an API key is required: send "Authorization: Bearer <key>" or "X-Api-Key: <key>", or sign in (POST /v1/session)',
  malformed: 'the API key is malformed (keys look like hsk_<12 chars>_<43 chars>)',
  unknown: 'the API key is not valid',
  revoked: 'the API key has been revoked',
};

/**
 * Verifies the key (from a header, or the session cookie of a signed-in page),
 * its scope, its origin (browser keys) and its rate, in that order. A session
 * stands for its key exactly: same tenant, same scopes, revoked with it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeys,
    private readonly limiter: RateLimiter,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly sessions: SessionTokens,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const presented = presentedKey(request);
    const verification =
      presented.key === undefined && !presented.inUrl
        ? await this.sessionKey(request)
        : await this.apiKeys.verify(presented.key);
    if (!verification.ok)
      throw new HindsightError('unauthenticated', rejections[verification.reason], [
        { path: 'authorization', rule: verification.reason },
      ]);
    const { principal } = verification;
    if (presented.inUrl && principal.scopes.some((s) => s !== 'feedback')) {
      throw new HindsightError(
        'forbidden',
        'only a feedback-only (browser) key may be sent as ?key=; send this key in the Authorization header',
        [{ path: 'key', rule: 'only feedback-scoped keys may travel in the URL' }],
      );
    }
    if (!required.some((s) => principal.scopes.includes(s))) {
      throw new HindsightError('forbidden', `this key lacks the scope this route needs: ${required.join(' or ')}`, [
        { path: 'authorization', rule: `needs scope ${required.join(' or ')}` },
      ]);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && principal.allowedOrigins.length > 0 && !principal.allowedOrigins.includes(origin)) {
      throw new HindsightError('forbidden', `origin ${origin} is not allowed for this key`, [
        { path: 'origin', rule: "not in the key's allowed origins" },
      ]);
    }
    this.limiter.take(principal.keyId, principal.rateLimitPerMinute ?? this.config.api.rateLimitPerMinute, Date.now());
    request.principal = principal;
    return true;
  }

  /** The key behind the request's session cookie ('missing' without one); cookie writes must carry the CSRF header. */
  private async sessionKey(request: FastifyRequest): Promise<Verification> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token === undefined) return { ok: false, reason: 'missing' };
    const claims = await this.sessions.verify(token, Date.now);
    if (!claims)
      throw new HindsightError('unauthenticated', 'the session has expired or was signed out: sign in again', [
        { path: 'cookie', rule: 'session expired, signed out or not valid' },
      ]);
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers[CSRF_HEADER] === undefined) {
      throw new HindsightError('forbidden', `a write with the session cookie must carry the ${CSRF_HEADER} header`, [
        { path: CSRF_HEADER, rule: 'required on writes authenticated by the session cookie' },
      ]);
    }
    return this.apiKeys.verifyKeyId(claims.keyId);
  }
}

/**
 * The key from the headers, or, on POST /v1/feedback only, from `?key=`:
 * navigator.sendBeacon cannot set headers, and a feedback key is public anyway
 * (it sits in the page). Other keys are refused there, as a URL ends up in logs.
 */
function presentedKey(request: FastifyRequest): { key: string | undefined; inUrl: boolean } {
  const authorization = request.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ')) return { key: authorization.slice(7), inUrl: false };
  const header = request.headers['x-api-key'];
  if (header !== undefined) return { key: Array.isArray(header) ? header[0] : header, inUrl: false };
  const query = (request.query as { key?: unknown } | undefined)?.key;
  if (typeof query === 'string' && request.url.split('?')[0] === '/v1/feedback') return { key: query, inUrl: true };
  return { key: undefined, inUrl: false };
}
