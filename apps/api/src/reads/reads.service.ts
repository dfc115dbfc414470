import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import {
  AnnotationReadsRepository,
  DeploymentReadsRepository,
  DriftMeasurementRepository,
  GovernanceReadsRepository,
  QueueReadsRepository,
  RetrainRunReadsRepository,
  type ReadPage,
  type ReadWindow,
} from '@hindsight/store';
import { parseReadQuery, type ReadQuery } from './read-filters';
import { readRoute, type ReadKind } from './read-routes';

/** The read API's use case: parse a list query with the route's filters, read one page of the caller's tenant. */
@Injectable()
export class ReadsService {
  private readonly readers: Readonly<
    Record<ReadKind, (tenant: string, q: ReadQuery, window: ReadWindow) => Promise<ReadPage<unknown>>>
  >;

  constructor(
    annotation: AnnotationReadsRepository,
    deployment: DeploymentReadsRepository,
    queues: QueueReadsRepository,
    runs: RetrainRunReadsRepository,
    drift: DriftMeasurementRepository,
    governance: GovernanceReadsRepository,
  ) {
    this.readers = {
      comparisons: (t, q, w) => annotation.comparisons(t, { ...w, ...q.filters }),
      ratings: (t, q, w) => annotation.ratings(t, { ...w, ...q.filters }),
      raters: (t, q, w) => annotation.raters(t, { ...w, ...q.filters }),
      interactions: (t, q, w) => deployment.interactions(t, { ...w, ...q.filters }),
      queues: (t, q, w) => queues.queues(t, { ...w, ...q.filters }),
      'retrain-runs': (t, q, w) => runs.runs(t, { ...w, ...q.filters }),
      drift: (t, q, w) => drift.measurements(t, { ...w, ...q.filters }),
      erasures: (t, q, w) => governance.erasures(t, { ...w, ...q.filters }),
      'dead-letters': (t, q, w) => governance.deadLetters(t, { ...w, ...q.filters }),
    };
  }

  /** @throws ValidationError naming the parameter (limit, cursor, a filter) and its rule. */
  list(kind: ReadKind, principal: Principal, query: Readonly<Record<string, unknown>>): Promise<ReadPage<unknown>> {
    const parsed = parseReadQuery(kind, readRoute(kind).filters, query);
    return this.readers[kind](principal.tenant, parsed, {
      limit: parsed.limit,
      after: parsed.after,
      from: parsed.from,
      to: parsed.to,
    });
  }
}
