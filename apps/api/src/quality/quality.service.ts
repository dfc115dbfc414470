import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { buildTenantQualityReport, normaliseAsOf, type TenantQualityReport } from '@hindsight/quality-report';
import { QualitySourceRepository } from '@hindsight/store';
import { Clock } from '../ingestion/clock';

/** The report use case: the tenant comes from the key, T from the query. */
@Injectable()
export class QualityService {
  constructor(
    private readonly source: QualitySourceRepository,
    private readonly clock: Clock,
  ) {}

  report(principal: Principal, query: Record<string, unknown>): Promise<TenantQualityReport> {
    const asOf = normaliseAsOf(query.asOf, 'asOf');
    return buildTenantQualityReport(this.source, { tenant: principal.tenant, asOf, generatedAt: new Date(this.clock.now()).toISOString() });
  }
}
