import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { parseRequestBody } from '@hindsight/contracts';
import { buildTenantQualityReport, normaliseAsOf, type TenantQualityReport } from '@hindsight/quality-report';
import { QualitySourceRepository } from '@hindsight/store';
import { Clock } from '@hindsight/contracts';
import { qualityReportRequestSchema } from './quality-input';

/** The report use case: the tenant comes from the key, T from the query. */
@Injectable()
export class QualityService {
  constructor(
    private readonly source: QualitySourceRepository,
    private readonly clock: Clock,
  ) {}

  report(principal: Principal, query: Record<string, unknown>): Promise<TenantQualityReport> {
    const asOf = normaliseAsOf(query.asOf, 'asOf');
    return buildTenantQualityReport(this.source, {
      tenant: principal.tenant,
      asOf,
      generatedAt: this.clock.now().toISOString(),
    });
  }

  /** The report with representation measured against a target profile (`{asOf, targetProfile?}`), as `--target-profile` does in the CLI. */
  reportWithTarget(principal: Principal, body: unknown): Promise<TenantQualityReport> {
    const { asOf, targetProfile } = parseRequestBody(qualityReportRequestSchema, body);
    return buildTenantQualityReport(this.source, {
      tenant: principal.tenant,
      asOf: normaliseAsOf(asOf),
      targetProfile,
      generatedAt: this.clock.now().toISOString(),
    });
  }
}
