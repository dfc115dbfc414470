import { z } from 'zod';
import type { Scope } from '@hindsight/access';
import type { OperationSpec } from '../docs/operations';
import { readParameters, type FilterName } from './read-filters';

/** Every list of the read API. The kind is also inside its cursors: one route's cursor is refused by another. */
export type ReadKind =
  | 'comparisons'
  | 'ratings'
  | 'raters'
  | 'interactions'
  | 'queues'
  | 'retrain-runs'
  | 'drift'
  | 'erasures'
  | 'dead-letters';

export interface ReadRoute {
  readonly kind: ReadKind;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly filters: readonly FilterName[];
  /** One item of the page, as zod: `/docs/openapi.json` is generated from it. */
  readonly item: z.ZodType;
}

export const READ_SCOPES: readonly Scope[] = ['read', 'admin'];

const str = z.string();
const strOrNull = z.string().nullable();
const instant = z.string().meta({ format: 'date-time' });
const instantOrNull = z.string().nullable().meta({ format: 'date-time' });
const any = z.unknown();
const int = z.number().int();
const intOrNull = z.number().int().nullable();
const num = z.number();
const numOrNull = z.number().nullable();
const bool = z.boolean();
const boolOrNull = z.boolean().nullable();
const obj = (shape: z.ZodRawShape) => z.object(shape);
const progress = {
  done: int,
  open: int,
  expired: int.meta({
    description:
      'Tasks: not done and with at least one assignment whose lease ran out (or was skipped). Assignments: expired ones. Reversal checks are not counted.',
  }),
};

const SORTED = (by: string) => `Newest first by ${by}; \`from\`/\`to\` filter on the same instant.`;
const PERSONAL =
  'Personal fields are read from the projections the projector opened with the subject key; for an erased subject they read as null with `erased: true`, never the content.';

export const READ_ROUTES: readonly ReadRoute[] = [
  {
    kind: 'comparisons',
    path: '/v1/comparisons',
    operationId: 'listComparisons',
    summary: 'Pairwise comparisons of the tenant, with corrections applied',
    description: `${SORTED('recordedAt')} \`modelVersion\` matches comparisons one of whose responses came from that model version. Retracted comparisons are listed with \`retractedAt\`. ${PERSONAL}`,
    filters: ['from', 'to', 'rater', 'objective', 'modelVersion'],
    item: obj({
      annotationId: str,
      taskId: str,
      taskType: str,
      objective: str,
      raterId: str,
      prompt: strOrNull,
      responses: any,
      shownOrder: any,
      choice: any,
      strength: intOrNull,
      guidelineVersion: str,
      interfaceVersion: strOrNull,
      dwellTimeMs: int,
      locale: str,
      rubric: z.record(z.string(), int).meta({
        description:
          'Rubric scores (dimension id → score) of a `comparison.recorded` v2; `{}` when none were given (every v1 comparison) or the rater was erased.',
      }),
      comment: strOrNull.meta({
        description:
          "The rater's comment (`comparison.recorded` v2); null when none was given or the rater was erased.",
      }),
      occurredAt: instant,
      recordedAt: instant,
      correctedAt: instantOrNull,
      retractedAt: instantOrNull,
      erased: bool,
    }),
  },
  {
    kind: 'ratings',
    path: '/v1/ratings',
    operationId: 'listRatings',
    summary: 'Rubric ratings of the tenant',
    description: `${SORTED('recordedAt')} Read from the event store (ratings have no projection of their own), with corrections applied (\`correctedAt\`; \`objective\` filters on the corrected objective) and retractions shown (\`retractedAt\`). An erased rating keeps its envelope (eventId, times) with every data field null. ${PERSONAL}`,
    filters: ['from', 'to', 'rater', 'objective', 'modelVersion'],
    item: obj({
      eventId: str,
      taskId: strOrNull,
      taskType: strOrNull,
      objective: strOrNull,
      raterId: strOrNull,
      prompt: strOrNull,
      response: any,
      scale: any,
      scores: any,
      guidelineVersion: strOrNull,
      dwellTimeMs: intOrNull,
      queueId: strOrNull,
      occurredAt: instant,
      recordedAt: instant,
      correctedAt: instantOrNull,
      retractedAt: instantOrNull,
      erased: bool,
    }),
  },
  {
    kind: 'raters',
    path: '/v1/raters',
    operationId: 'listRaters',
    summary: 'Rater profiles of the tenant (the latest profile of each rater)',
    description: `${SORTED('recordedAt (of the latest profile)')} An erased rater has no profile and is not listed.`,
    filters: ['from', 'to', 'rater'],
    item: obj({
      raterId: str,
      expertise: any,
      languages: any,
      region: str,
      optInGroup: strOrNull,
      recordedAt: instant,
    }),
  },
  {
    kind: 'interactions',
    path: '/v1/interactions',
    operationId: 'listInteractions',
    summary: 'Logged production interactions with their feedback and outcomes',
    description: `${SORTED('recordedAt')} ${PERSONAL}`,
    filters: ['from', 'to', 'modelVersion', 'objective', 'surface'],
    item: obj({
      interactionId: str,
      modelVersion: str,
      objective: strOrNull,
      surface: strOrNull,
      locale: strOrNull,
      userId: strOrNull,
      prompt: strOrNull,
      response: strOrNull,
      occurredAt: instant,
      recordedAt: instant,
      erased: bool,
      feedback: z.array(
        obj({
          eventId: str,
          kind: str,
          comment: strOrNull,
          correctedResponse: strOrNull,
          occurredAt: instant,
          recordedAt: instant,
        }),
      ),
      outcomes: z.array(
        obj({
          eventId: str,
          outcome: str,
          success: boolOrNull,
          value: numOrNull,
          occurredAt: instant,
          recordedAt: instant,
        }),
      ),
    }),
  },
  {
    kind: 'queues',
    path: '/v1/queues',
    operationId: 'listQueues',
    summary:
      'Annotation queues with their progress: tasks and assignments done, open (and expired), per queue and per rater',
    description: `${SORTED('createdAt')} A task is done when every slot of its overlap has a judgment. With \`rater\`: only queues the rater was assigned in, and only that rater's progress.`,
    filters: ['from', 'to', 'queue', 'objective', 'rater'],
    item: obj({
      queueId: str,
      name: str,
      overlap: int,
      counterbalance: bool,
      taskType: strOrNull,
      objective: strOrNull,
      guidelineVersion: strOrNull,
      createdAt: instant,
      tasks: obj({ total: int, ...progress }),
      assignments: obj(progress),
      raters: z.array(obj({ raterId: str, ...progress })),
    }),
  },
  {
    kind: 'retrain-runs',
    path: '/v1/retrain-runs',
    operationId: 'listRetrainRuns',
    summary:
      'Every retrain run, whatever started it (scheduler, CLI, API), with its trigger, gate report and failure reason',
    description:
      `${SORTED('requestedAt')} \`startedBy\` is the source of the run's \`retrain.requested\` (\`scheduler\` for a policy's fire). For a run a drift ` +
      'trigger requested, `drift` is the measurement behind it (also in `GET /v1/drift`).',
    filters: ['from', 'to', 'objective', 'trigger', 'status', 'modelVersion'],
    item: obj({
      runId: str,
      status: str,
      startedBy: strOrNull,
      trigger: any,
      asOf: strOrNull,
      objectives: any,
      recipe: any,
      period: strOrNull,
      requestedAt: instant,
      updatedAt: instant,
      trainerState: strOrNull,
      gateReport: any,
      failure: any,
      models: any,
      drift: obj({ value: num, threshold: numOrNull, measuredAt: instant }).nullable(),
    }),
  },
  {
    kind: 'drift',
    path: '/v1/drift',
    operationId: 'listDriftMeasurements',
    summary: 'Drift measurements over time: each reading the scheduler took for a policy with a drift trigger',
    description:
      `${SORTED('measuredAt')} \`value\` is the prompt drift (Jensen–Shannon divergence in bits between the prompts trained on, up to \`since\`, and ` +
      'the prompts deployed after it); a reading is recorded when it changes and when it fires a retrain (`runId`).',
    filters: ['from', 'to', 'objective', 'policy'],
    item: obj({
      eventId: str,
      policyId: str,
      objectives: z.array(str),
      since: instant,
      value: num,
      threshold: numOrNull,
      measure: str,
      runId: strOrNull,
      measuredAt: instant,
    }),
  },
  {
    kind: 'erasures',
    path: '/v1/erasures',
    operationId: 'listErasures',
    summary: 'The erasure audit trail: who asked, when, and what was destroyed (never the erased content)',
    description: `${SORTED('requestedAt')} \`requestedBy\` is the source of the request (through the api, the client its key names).`,
    filters: ['from', 'to', 'subjectKind'],
    item: obj({
      eventId: str,
      subjectKind: str,
      subjectId: str,
      reason: str,
      requestedAt: instant,
      requestedBy: strOrNull,
      destroyed: obj({ eventTypes: z.array(str), events: int, keysDestroyedAt: instantOrNull }),
    }),
  },
  {
    kind: 'dead-letters',
    path: '/v1/dead-letters',
    operationId: 'listDeadLetters',
    summary: 'Messages of the tenant the projector could not apply, with the reason',
    description: `${SORTED('createdAt')} The tenant is the message's \`hindsight-tenant\` header; the message bytes are not shown (they may hold sealed personal data: \`hindsight dlq\` replays them).`,
    filters: ['from', 'to', 'topic'],
    item: obj({
      id: str,
      topic: str,
      partition: int,
      offset: str,
      eventType: strOrNull,
      reason: str,
      createdAt: instant,
      replayedAt: instantOrNull,
    }),
  },
];

export const readRoute = (kind: ReadKind): ReadRoute => READ_ROUTES.find((r) => r.kind === kind) as ReadRoute;

/** The OpenAPI operations of the read API: one paged list per route, the same parameters and page shape for all. */
export function readOperations(): OperationSpec[] {
  return READ_ROUTES.map((r) => ({
    method: 'get',
    path: r.path,
    operationId: r.operationId,
    tag: 'reading data back',
    summary: r.summary,
    description:
      `${r.description} Paged: follow \`nextCursor\` (null on the last page) with \`?cursor=\`; every page is keyset-paged, so an item is never ` +
      'listed twice nor skipped while new ones arrive. A bad cursor, filter value or unknown parameter is a 400 naming the parameter and the rule.',
    scopes: READ_SCOPES,
    parameters: readParameters(r.filters),
    responses: {
      200: {
        description: 'One page.',
        schema: z.object({ items: z.array(r.item), nextCursor: z.string().nullable() }),
      },
    },
    errors: [400],
  }));
}
