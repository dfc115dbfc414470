import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { TenantQualityReport } from '@hindsight/quality-report';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { QualityService } from './quality.service';

/** `GET /v1/quality/report?asOf=…` (and `POST` with a target profile): the quality report of the key's tenant as of T. */
@Controller('v1/quality')
@UseGuards(ApiKeyGuard)
export class QualityController {
  constructor(private readonly quality: QualityService) {}

  @Get('report')
  @RequireScopes('read')
  report(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<TenantQualityReport> {
    return this.quality.report(principal, query);
  }

  /** The same report with representation against a target profile in the body (a read: nothing is written). */
  @Post('report')
  @HttpCode(200)
  @RequireScopes('read')
  reportWithTarget(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<TenantQualityReport> {
    return this.quality.reportWithTarget(principal, body);
  }
}
