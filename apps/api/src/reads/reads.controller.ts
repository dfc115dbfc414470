import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { ReadPage } from '@hindsight/store';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { ReadsService } from './reads.service';

type Query = Record<string, unknown>;

/** The read API: paged lists of the caller's tenant (see read-routes.ts for their filters and the OpenAPI document). */
@Controller('v1')
@UseGuards(ApiKeyGuard)
@RequireScopes('read', 'admin')
export class ReadsController {
  constructor(private readonly reads: ReadsService) {}

  @Get('comparisons')
  comparisons(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('comparisons', p, q);
  }

  @Get('ratings')
  ratings(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('ratings', p, q);
  }

  @Get('raters')
  raters(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('raters', p, q);
  }

  @Get('interactions')
  interactions(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('interactions', p, q);
  }

  @Get('queues')
  queues(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('queues', p, q);
  }

  @Get('retrain-runs')
  retrainRuns(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('retrain-runs', p, q);
  }

  @Get('drift')
  drift(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('drift', p, q);
  }

  @Get('erasures')
  erasures(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('erasures', p, q);
  }

  @Get('dead-letters')
  deadLetters(@CurrentPrincipal() p: Principal, @Query() q: Query): Promise<ReadPage<unknown>> {
    return this.reads.list('dead-letters', p, q);
  }
}
