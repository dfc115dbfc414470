import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeys } from '@hindsight/access';
import { ApiKeyRepository } from '@hindsight/store';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyLogFollower } from './api-key-log-follower';
import { RateLimiter } from './rate-limiter';

/** API keys: who is calling, for which tenant, with which scopes, at what rate. */
@Module({
  providers: [
    ApiKeyGuard,
    { provide: RateLimiter, useValue: new RateLimiter() },
    ApiKeyLogFollower,
    { provide: ApiKeys, useFactory: (ds: DataSource, follower: ApiKeyLogFollower) => new ApiKeys(new ApiKeyRepository(ds), undefined, follower.log), inject: [DataSource, ApiKeyLogFollower] },
  ],
  exports: [ApiKeys, ApiKeyGuard, RateLimiter],
})
export class AuthModule {}
