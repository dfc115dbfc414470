import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { ValidationError } from '@hindsight/contracts';
import { buildTenantQualityReport, normaliseAsOf, parseTargetProfile, type TenantQualityReport } from '@hindsight/quality-report';
import { QualitySourceRepository } from '@hindsight/store';
import { Clock } from '@hindsight/contracts';

/** The report use case: the tenant comes from the key, T from the query. */
@Injectable()
export class QualityService {
  constructor(
    private readonly source: QualitySourceRepository,
    private readonly clock: Clock,
  ) {}

  report(principal: Principal, query: Record<string, unknown>): Promise<TenantQualityReport> {
    const asOf = normaliseAsOf(query.asOf, 'asOf');
    return buildTenantQualityReport(this.source, { tenant: principal.tenant, asOf, generatedAt: this.clock.now().toISOString() });
  }

  /** The report with representation measured against a target profile (`{asOf, targetProfile?}`), as `--target-profile` does in the CLI. */
  reportWithTarget(principal: Principal, body: unknown): Promise<TenantQualityReport> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError([{ path: '', rule: 'must be a JSON object' }]);
    const { asOf, targetProfile, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new ValidationError(unknown.map((k) => ({ path: k, rule: 'unknown field' })));
    const at = normaliseAsOf(asOf, 'asOf');
    const target = targetProfile === undefined ? undefined : parseTargetProfile(targetProfile, 'targetProfile');
    return buildTenantQualityReport(this.source, { tenant: principal.tenant, asOf: at, targetProfile: target, generatedAt: this.clock.now().toISOString() });
  }
}
