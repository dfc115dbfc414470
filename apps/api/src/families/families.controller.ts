import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { FamiliesService } from './families.service';

/** Blend weights and per-group model families, scoped to the tenant of the API key. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class FamiliesController {
  constructor(private readonly families: FamiliesService) {}

  @Put('blend-weights')
  @RequireScopes('admin')
  setBlendWeights(@CurrentPrincipal() principal: Principal, @Body() body: unknown): ReturnType<FamiliesService['set']> {
    return this.families.set(principal, body);
  }

  @Get('blend-weights')
  @RequireScopes('admin', 'read')
  listBlendWeights(
    @CurrentPrincipal() principal: Principal,
    @Query('objective') objective: string | undefined,
  ): ReturnType<FamiliesService['list']> {
    return this.families.list(principal, objective);
  }

  @Get('retrain-runs/:id/disagreement')
  @RequireScopes('admin', 'read')
  disagreement(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): ReturnType<FamiliesService['disagreement']> {
    return this.families.disagreement(principal, id);
  }
}
