import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { TenantQualityReport } from '@hindsight/quality-report';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import { QualityService } from './quality.service';

/** `GET /v1/quality/report?asOf=…`: the quality report of the key's tenant as of T. */
@Controller('v1/quality')
@UseGuards(ApiKeyGuard)
export class QualityController {
  constructor(private readonly quality: QualityService) {}

  @Get('report')
  @RequireScopes('read')
  report(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>): Promise<TenantQualityReport> {
    return this.quality.report(principal, query);
  }
}
