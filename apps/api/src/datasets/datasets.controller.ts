import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { DatasetListing } from '@hindsight/api-types';
import type { DatasetDiff } from '@hindsight/datasets';
import type { DatasetBuildRow } from '@hindsight/store';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { DatasetsService } from './datasets.service';

/** Point-in-time dataset builds of the key's tenant. */
@Controller('v1/datasets')
@UseGuards(ApiKeyGuard)
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('read', 'admin')
  request(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<DatasetBuildRow> {
    return this.datasets.request(principal, body);
  }

  @Get()
  @RequireScopes('read', 'admin')
  list(@CurrentPrincipal() principal: Principal, @Query() query: { limit?: string }): Promise<DatasetListing> {
    return this.datasets.list(principal, query);
  }

  @Get('diff')
  @RequireScopes('read', 'admin')
  diff(
    @CurrentPrincipal() principal: Principal,
    @Query() query: { a?: string; b?: string },
  ): Promise<{ a: DatasetBuildRow; b: DatasetBuildRow; diff: DatasetDiff }> {
    return this.datasets.diff(principal, query);
  }

  @Get(':id')
  @RequireScopes('read', 'admin')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DatasetBuildRow> {
    return this.datasets.get(principal, id);
  }
}
