import { requireInstant } from '@hindsight/contracts';
import {
  buildQualityReport,
  type ComparisonRecord,
  type QualityReport,
  type QualityThresholds,
  type RaterProfile,
  type TargetProfile,
} from '@hindsight/quality';
import type { QualitySourceRepository } from '@hindsight/store';
import { toComparisonRecord, toRaterProfile, type SkipReason } from './map-records';

export type QualityReportPhase = 'read' | 'analyse';

export interface TenantQualityReportRequest {
  readonly tenant: string;
  /** ISO-8601 instant: what the platform knew then */
  readonly asOf: string;
  readonly targetProfile?: TargetProfile;
  readonly thresholds?: QualityThresholds;
  /** called as rows are read, then as the analysis advances */
  readonly onProgress?: (phase: QualityReportPhase, done: number, total: number) => void;
  /** rows per FETCH (default 5000) */
  readonly fetchSize?: number;
  /** stamped into the report; the caller's clock */
  readonly generatedAt?: string;
}

/** The quality report of a tenant as of T, with what was read to make it. */
export interface TenantQualityReport extends QualityReport {
  readonly tenant: string;
  readonly asOf: string;
  readonly source: {
    /** comparisons recorded by T (not erased) */
    readonly stored: number;
    /** left out of the report, by reason */
    readonly skipped: Readonly<Record<SkipReason, number>>;
    /** rater profiles recorded by T */
    readonly profiles: number;
  };
}

/** The tenant's as-of comparisons (retracted ones left out, corrections applied) and rater profiles, as the pure report's input. */
export interface QualityInput {
  readonly comparisons: ComparisonRecord[];
  /** people and AI judges (`kind: 'model'`) */
  readonly raters: RaterProfile[];
  /** latest yes/no outcome by interaction id, for the judges' agreement with outcomes */
  readonly outcomes?: Map<string, boolean>;
  readonly stored: number;
  readonly skipped: Record<SkipReason, number>;
}

/**
 * Checks an as-of instant and returns it normalised to UTC milliseconds.
 * @throws ValidationError on `field`, saying the form expected, when it is not an ISO-8601 instant with a zone.
 */
export function normaliseAsOf(value: unknown, field = 'asOf'): string {
  return requireInstant(value, field);
}

/**
 * Reads what the platform knew about a tenant's pairwise judgments at T, in one
 * consistent snapshot: comparisons recorded by T with the corrections recorded by
 * T applied, retracted and non-pairwise ones left out (and counted), and the latest
 * profile of every rater. Records come sorted by (occurredAt, id) so the report
 * does not depend on the order rows leave the database.
 */
export async function loadQualityInput(
  source: QualitySourceRepository,
  request: Pick<TenantQualityReportRequest, 'tenant' | 'asOf' | 'fetchSize' | 'onProgress'>,
): Promise<QualityInput> {
  const asOf = normaliseAsOf(request.asOf);
  return source.withSnapshot(request.tenant, asOf, async (snapshot) => {
    const stored = await snapshot.countComparisons();
    const raters = (await snapshot.raterProfiles()).map((row) => toRaterProfile(row.data));
    const outcomes = await snapshot.outcomeSuccesses();
    const comparisons: ComparisonRecord[] = [];
    const skipped: Record<SkipReason, number> = { retracted: 0, 'not-pairwise': 0 };
    let done = 0;
    request.onProgress?.('read', 0, stored);
    await snapshot.streamComparisons(request.fetchSize ?? 5000, (rows) => {
      for (const row of rows) {
        const mapped = toComparisonRecord({
          id: row.id,
          data: row.data,
          occurredAt: row.occurred_at,
          amendments: row.amendments,
        });
        if ('record' in mapped) comparisons.push(mapped.record);
        else skipped[mapped.skipped]++;
      }
      done += rows.length;
      request.onProgress?.('read', done, stored);
    });
    comparisons.sort((x, y) =>
      x.occurredAt < y.occurredAt ? -1 : x.occurredAt > y.occurredAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0,
    );
    return { comparisons, raters, outcomes, stored, skipped };
  });
}

/**
 * The quality report of a tenant as of T (the CLI's `quality report` and the api's
 * `GET /v1/quality/report` both call this): reads the as-of input from PostgreSQL,
 * then runs the pure `buildQualityReport` over it.
 *
 * @example
 * const report = await buildTenantQualityReport(new QualitySourceRepository(dataSource), { tenant: 'acme', asOf: '2026-03-31T23:59:59Z' });
 * report.raters.filter((r) => r.flags.includes('spammer'));
 * @throws ValidationError naming `asOf`, a target share or a threshold when invalid.
 */
export async function buildTenantQualityReport(
  source: QualitySourceRepository,
  request: TenantQualityReportRequest,
): Promise<TenantQualityReport> {
  const asOf = normaliseAsOf(request.asOf);
  const input = await loadQualityInput(source, { ...request, asOf });
  const report = buildQualityReport(
    {
      comparisons: input.comparisons,
      raters: input.raters,
      outcomes: input.outcomes,
      targetProfile: request.targetProfile,
      thresholds: request.thresholds,
    },
    {
      generatedAt: request.generatedAt,
      progress: request.onProgress
        ? (d, t) => request.onProgress?.('analyse', Math.round(d), Math.round(t))
        : undefined,
    },
  );
  return {
    tenant: request.tenant,
    asOf,
    source: { stored: input.stored, skipped: input.skipped, profiles: input.raters.length },
    ...report,
  };
}
