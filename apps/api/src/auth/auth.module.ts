import { Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { ApiKeys } from '@hindsight/access';
import { ApiKeyRepository } from '@hindsight/store';
import { ApiKeyGuard } from './api-key.guard';
import type { PlatformConfig } from '@hindsight/config';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { TenantRedactionPolicies } from '@hindsight/redaction';
import { ApiKeyLogFollower } from './api-key-log-follower';
import { RateLimiter } from './rate-limiter';
import { SessionTokens } from './session-tokens';

/**
 * API keys and the browser sessions made of them: who is calling, for which tenant, with which scopes, at what rate.
 * Sign-in and sign-out (they publish) are the SessionModule's.
 */
@Module({
  providers: [
    ApiKeyGuard,
    { provide: RateLimiter, useValue: new RateLimiter() },
    {
      provide: SessionTokens,
      useFactory: (config: PlatformConfig, follower: ApiKeyLogFollower) =>
        new SessionTokens(config.web.sessionSecret, config.web.sessionTtlMinutes * 60_000, follower.sessions),
      inject: [PLATFORM_CONFIG, ApiKeyLogFollower],
    },
    ApiKeyLogFollower,
    {
      provide: TenantRedactionPolicies,
      useFactory: (follower: ApiKeyLogFollower) => follower.redaction,
      inject: [ApiKeyLogFollower],
    },
    {
      provide: ApiKeys,
      useFactory: (ds: DataSource, follower: ApiKeyLogFollower) =>
        new ApiKeys(new ApiKeyRepository(ds), undefined, follower.log),
      inject: [DataSource, ApiKeyLogFollower],
    },
  ],
  exports: [ApiKeys, ApiKeyGuard, RateLimiter, SessionTokens, ApiKeyLogFollower, TenantRedactionPolicies],
})
export class AuthModule {}
