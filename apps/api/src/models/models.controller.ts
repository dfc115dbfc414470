import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { ModelOutcomeAuditedData } from '@hindsight/contracts';
import type { Principal } from '@hindsight/access';
import type { ModelComparison, ModelSummary, ModelView } from '@hindsight/training';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { ModelsService } from './models.service';

/** The reward-model registry, scoped to the tenant of the API key. */
@Controller('v1/models')
@UseGuards(ApiKeyGuard)
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @RequireScopes('admin', 'read')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: { objective?: string; limit?: string },
  ): Promise<{ models: ModelSummary[] }> {
    return this.models.list(principal, query);
  }

  @Get('compare')
  @RequireScopes('admin', 'read')
  compare(
    @CurrentPrincipal() principal: Principal,
    @Query() query: { a?: string; b?: string },
  ): Promise<ModelComparison> {
    return this.models.compare(principal, query);
  }

  @Post(':version/outcome-audit')
  @HttpCode(201)
  @RequireScopes('admin')
  audit(
    @CurrentPrincipal() principal: Principal,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<ModelOutcomeAuditedData> {
    return this.models.audit(principal, version, body);
  }

  @Get(':version')
  @RequireScopes('admin', 'read')
  show(@CurrentPrincipal() principal: Principal, @Param('version') version: string): Promise<ModelView> {
    return this.models.show(principal, version);
  }
}
