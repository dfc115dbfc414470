import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeys } from '@hindsight/access';
import { ApiKeyRepository } from '@hindsight/store';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimiter } from './rate-limiter';

/** API keys: who is calling, for which tenant, with which scopes, at what rate. */
@Module({
  providers: [
    ApiKeyGuard,
    { provide: RateLimiter, useValue: new RateLimiter() },
    { provide: ApiKeys, useFactory: (ds: DataSource) => new ApiKeys(new ApiKeyRepository(ds)), inject: [DataSource] },
  ],
  exports: [ApiKeys, ApiKeyGuard, RateLimiter],
})
export class AuthModule {}
