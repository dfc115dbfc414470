import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { EndedSessions, type ApiKeys, type Principal, type Verification } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { HindsightError } from '@hindsight/contracts';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimiter } from './rate-limiter';
import { SessionTokens } from './session-tokens';

const principal = (scopes: Principal['scopes']): Principal => ({
  keyId: `id-${scopes.join('-')}`,
  lookupId: 'lookup',
  tenant: 'acme',
  scopes,
  allowedOrigins: [],
  rateLimitPerMinute: null,
  raterId: null,
});
const keys: Record<string, Principal> = {
  'browser-key': principal(['feedback']),
  'server-key': principal(['ingest', 'feedback']),
};

const apiKeys = {
  verify: async (presented: string | undefined): Promise<Verification> =>
    presented === undefined
      ? { ok: false, reason: 'missing' }
      : keys[presented]
        ? { ok: true, principal: keys[presented] }
        : { ok: false, reason: 'unknown' },
} as unknown as ApiKeys;
const reflector = { getAllAndOverride: () => ['ingest', 'feedback'] } as unknown as Reflector;
const config = { api: { rateLimitPerMinute: 1000 } } as PlatformConfig;

function contextFor(
  url: string,
  headers: Record<string, string> = {},
): { context: ExecutionContext; request: { principal?: Principal } } {
  const query = Object.fromEntries(new URL(url, 'http://x').searchParams);
  const request: {
    url: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    principal?: Principal;
  } = { url, query, headers };
  const context = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function rejection(promise: Promise<unknown>): Promise<HindsightError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HindsightError) return error;
    throw error;
  }
  throw new Error('expected the guard to refuse');
}

describe('ApiKeyGuard, key in the URL (for navigator.sendBeacon)', () => {
  const guard = new ApiKeyGuard(
    reflector,
    apiKeys,
    new RateLimiter(),
    config,
    new SessionTokens('', 60_000, new EndedSessions()),
  );

  it('accepts ?key= with a feedback-only key on /v1/feedback', async () => {
    const { context, request } = contextFor('/v1/feedback?key=browser-key');
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal?.scopes).toEqual(['feedback']);
  });

  it('refuses ?key= with a key that has more than the feedback scope, naming the field', async () => {
    const error = await rejection(guard.canActivate(contextFor('/v1/feedback?key=server-key').context));
    expect(error.code).toBe('forbidden');
    expect(error.issues).toEqual([{ path: 'key', rule: 'only feedback-scoped keys may travel in the URL' }]);
  });

  it('ignores ?key= on every other route', async () => {
    const error = await rejection(guard.canActivate(contextFor('/v1/events?key=browser-key').context));
    expect(error.code).toBe('unauthenticated');
    expect(error.issues).toEqual([{ path: 'authorization', rule: 'missing' }]);
  });

  it('prefers the header to the URL, so a server key in a header still works on /v1/feedback', async () => {
    const { context, request } = contextFor('/v1/feedback?key=browser-key', { 'x-api-key': 'server-key' });
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal?.scopes).toEqual(['ingest', 'feedback']);
  });
});
