import { Module } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { ApiKeys } from '@hindsight/access';
import { ApiKeyRepository } from '@hindsight/store';
import { ApiKeyGuard } from './api-key.guard';
import type { PlatformConfig } from '@hindsight/config';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { ApiKeyLogFollower } from './api-key-log-follower';
import { RateLimiter } from './rate-limiter';
import { SessionController } from './session.controller';
import { SessionService } from './session.service';
import { SessionTokens } from './session-tokens';

/** API keys and the browser sessions made of them: who is calling, for which tenant, with which scopes, at what rate. */
@Module({
  providers: [
    ApiKeyGuard,
    SessionService,
    { provide: RateLimiter, useValue: new RateLimiter() },
    { provide: SessionTokens, useFactory: (config: PlatformConfig) => new SessionTokens(config.web.sessionSecret, config.web.sessionTtlMinutes * 60_000), inject: [PLATFORM_CONFIG] },
    ApiKeyLogFollower,
    { provide: ApiKeys, useFactory: (ds: DataSource, follower: ApiKeyLogFollower) => new ApiKeys(new ApiKeyRepository(ds), undefined, follower.log), inject: [DataSource, ApiKeyLogFollower] },
  ],
  controllers: [SessionController],
  exports: [ApiKeys, ApiKeyGuard, RateLimiter, SessionTokens],
})
export class AuthModule {}
