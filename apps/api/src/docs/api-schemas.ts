import { z } from 'zod';
import {
  eventRegistry,
  exampleEventInputs,
  queueRubricDimensionSchema,
  routingRuleSpecSchema,
  sendersOf,
  type EventType,
} from '@hindsight/contracts';
import type { TenantQualityReport } from '@hindsight/quality-report';
import { retrainPolicySpecSchema, type RetrainPolicyView } from '@hindsight/scheduling';
import type { RoutingRuleView } from '@hindsight/routing';
import type { RoutedItem } from '@hindsight/store';
import {
  blendWeightsBodySchema,
  klBudgetBodySchema,
  type ModelSummary,
  type ModelView,
  type MonitorReport,
  type RunMonitorViews,
  type RunView,
} from '@hindsight/training';
import { redactionPolicyRequestSchema, type RedactionPolicyView } from '@hindsight/redaction';
import type { WebhookDeliveryItem } from '@hindsight/store';
import { createWebhookBodySchema, type WebhookView } from '@hindsight/webhooks';
import { signInBodySchema } from '../auth/session-input';
import type { SessionView } from '../auth/session.service';
import { datasetRequestSchema } from '../datasets/dataset-request';
import { MAX_BATCH_EVENTS, type AcceptedEvent, type ItemResult } from '../ingestion/ingestion.service';
import {
  createQueueSchema,
  enqueueEnvelopeSchema,
  judgmentSchema,
  MAX_ENQUEUE_TASKS,
  queueTaskSchema,
} from '../queues/queue-input';
import type { EnqueueResult, NextTask, QueueView } from '../queues/queues.service';
import { qualityReportRequestSchema } from '../quality/quality-input';

/**
 * The named schemas of `/docs/openapi.json`, as zod schemas. Request bodies are
 * the very schemas the routes validate with (imported from where they are used);
 * `openapi-document.ts` turns them into JSON Schema 2020-12 with `z.toJSONSchema`,
 * so a rule added to a validator shows in the document without an edit here.
 * Response bodies are typed against what the services return (`z.ZodType<QueueView>`):
 * a field the service gains and the schema lacks is a compile error.
 *
 * `meta` adds what JSON Schema cannot take from zod: a description, an example.
 */
export interface SchemaEntry {
  readonly schema: z.ZodType;
  readonly meta?: Readonly<Record<string, unknown>>;
}

const instant = z.string().meta({ format: 'date-time' });
const nullableInstant = z.string().nullable().meta({ format: 'date-time' });

const fieldIssue = z.object({ path: z.string(), rule: z.string() });

const acceptedEvent = z.object({
  id: z.string(),
  type: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  idempotencyKey: z.string(),
  recordedAt: instant,
}) satisfies z.ZodType<AcceptedEvent>;

const itemResult = z.union([
  acceptedEvent.extend({
    index: z.number().int().min(0),
    status: z.literal('accepted'),
    replayed: z.boolean(),
    unchecked: z.literal(true).optional(),
  }),
  z.object({ index: z.number().int().min(0), status: z.literal('rejected'), issues: z.array(fieldIssue) }),
]) satisfies z.ZodType<ItemResult>;

const queueView = z.object({
  id: z.string(),
  name: z.string(),
  overlap: z.number().int().min(1),
  counterbalance: z.boolean(),
  taskType: z.string().nullable(),
  objective: z.string().nullable(),
  guidelineVersion: z.string().nullable(),
  guidelines: z.string().nullable(),
  reversalShare: z.number().min(0).max(1).nullable(),
  rubric: z.array(queueRubricDimensionSchema),
  createdAt: instant,
}) satisfies z.ZodType<QueueView>;

const enqueueResult = z.object({
  queueId: z.string(),
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  results: z.array(
    z.union([
      z.object({ index: z.number().int(), status: z.literal('accepted'), taskId: z.string() }),
      z.object({ index: z.number().int(), status: z.literal('rejected'), issues: z.array(fieldIssue) }),
    ]),
  ),
}) satisfies z.ZodType<EnqueueResult>;

const nextTask = z.object({
  assignmentId: z.string(),
  queueId: z.string(),
  taskId: z.string(),
  taskType: z.string().nullable(),
  objective: z.string().nullable(),
  guidelineVersion: z.string().nullable(),
  prompt: z.string(),
  responses: z.array(z.object({ id: z.string(), text: z.string(), modelVersion: z.string() })),
  shownOrder: z.array(z.string()),
  guidelines: z.string().nullable(),
  rubric: z.array(queueRubricDimensionSchema),
  reversalOf: z.string().nullable(),
  assignedAt: instant,
  expiresAt: instant,
  progress: z.object({ completed: z.number().int(), total: z.number().int() }),
}) satisfies z.ZodType<NextTask>;

const sessionView = z.object({
  tenant: z.string(),
  scopes: z.array(z.string()),
  keyLookupId: z.string(),
  raterId: z.string().nullable(),
  expiresAt: instant,
}) satisfies z.ZodType<SessionView>;

const policyView = z.object({
  id: z.string(),
  tenant: z.string(),
  name: z.string(),
  cadence: z.string(),
  timezone: z.string(),
  objectives: z.array(z.string()),
  recipe: z.object({ id: z.string(), version: z.number().int(), inline: z.record(z.string(), z.unknown()).optional() }),
  catchUp: z.enum(['latest-only', 'all']),
  minNewComparisons: z.number().int().nullable(),
  driftThreshold: z.number().nullable(),
  status: z.enum(['active', 'paused']),
  createdAt: instant,
  pausedAt: nullableInstant,
  nextFireAt: nullableInstant,
}) satisfies z.ZodType<RetrainPolicyView>;

const routingRuleView = z.object({
  ruleId: z.string(),
  tenant: z.string(),
  name: z.string(),
  status: z.enum(['active', 'paused']),
  revision: z.number().int(),
  filter: routingRuleSpecSchema.shape.filter,
  sampling: routingRuleSpecSchema.shape.sampling,
  action: routingRuleSpecSchema.shape.action,
  createdAt: instant,
  versions: z.array(z.object({ revision: z.number().int(), name: z.string(), from: instant, until: nullableInstant })),
}) satisfies z.ZodType<RoutingRuleView>;

const routedItem = z.object({
  decisionId: z.string(),
  ruleId: z.string(),
  ruleRevision: z.number().int(),
  interactionId: z.string(),
  action: z.string(),
  queueId: z.string().nullable(),
  pairedInteractionId: z.string().nullable(),
  unpaired: z.boolean(),
  taskCreated: z.boolean(),
  endpoint: z.string().nullable(),
  cell: z.string().nullable(),
  rate: z.number(),
  prompt: z.string().nullable(),
  response: z.string().nullable(),
  erased: z.boolean(),
  routedAt: instant,
}) satisfies z.ZodType<RoutedItem>;

const datasetBuild = z.object({
  id: z.string(),
  tenant: z.string(),
  asOf: instant,
  recipe: z.record(z.string(), z.unknown()),
  status: z.enum(['building', 'built', 'failed']),
  directory: z.string(),
  manifest: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  createdAt: instant,
  finishedAt: nullableInstant,
});

const interval = z.array(z.number()).length(2);
const outcomeAuditSlice = z.object({
  surface: z.string().nullable(),
  interactions: z.number().int().min(0),
  successes: z.number().int().min(0),
  auc: z.number().min(0).max(1).nullable(),
  ci: interval.nullable(),
  parentAuc: z.number().min(0).max(1).nullable(),
  parentCi: interval.nullable(),
  difference: z.number().nullable(),
  differenceCi: interval.nullable(),
  worseThanParent: z.boolean(),
});
const outcomeAudit = z.object({
  auditId: z.string(),
  parentVersion: z.string().nullable(),
  asOf: instant,
  trigger: z.enum(['registration', 'on-demand']),
  method: z.string(),
  level: z.number(),
  flagged: z.boolean(),
  overall: outcomeAuditSlice,
  bySurface: z.array(outcomeAuditSlice),
  recordedAt: instant,
});

const modelSummary = z.object({
  modelVersion: z.string(),
  objective: z.string(),
  runId: z.string(),
  parentVersion: z.string().nullable(),
  policyId: z.string().nullable(),
  asOf: instant,
  datasetSha256: z.string(),
  metrics: z.record(z.string(), z.number()),
  createdAt: instant,
  outcomeAudit: outcomeAudit.nullable(),
}) satisfies z.ZodType<ModelSummary>;

const modelView = modelSummary.extend({
  recipe: z.record(z.string(), z.unknown()),
  artifactUri: z.string(),
  datasetUri: z.string(),
  codeVersion: z.string(),
  training: z.record(z.string(), z.unknown()),
  datasetCounts: z.unknown(),
}) satisfies z.ZodType<ModelView>;

const step = z.number().int().min(0);
const linearTrend = {
  points: z.number().int().min(0),
  slope: z.number(),
  standardError: z.number().nullable(),
  pRising: z.number().nullable(),
  pFalling: z.number().nullable(),
};
const monitorStatus = z.enum(['ok', 'flagged', 'insufficient-data']);

const monitorReport = z.object({
  status: monitorStatus,
  flags: z.array(z.enum(['reward-hacking', 'kl-over-budget'])),
  window: z.object({ fromStep: step, toStep: step }).nullable(),
  reward: z.object({ ...linearTrend, rising: z.boolean() }),
  humanEval: z.object({ ...linearTrend, improving: z.boolean() }),
  kl: z.object({
    budget: z.number().nullable(),
    max: z.number().nullable(),
    last: z.number().nullable(),
    firstStepOverBudget: step.nullable(),
  }),
  reasons: z.array(z.string()),
}) satisfies z.ZodType<MonitorReport>;

const runView = z.object({
  runId: z.string(),
  status: z.string().nullable(),
  trainer: z
    .object({ state: z.string(), failure: z.unknown(), datasets: z.unknown(), gateReport: z.unknown() })
    .nullable(),
  klBudget: z.number().nullable(),
  curves: z.object({
    training: z.array(z.object({ step, meanReward: z.number(), kl: z.number(), objective: z.string().nullable() })),
    humanEval: z.array(
      z.object({
        step,
        winRate: z.number().min(0).max(1),
        n: z.number().int().min(0),
        objective: z.string().nullable(),
        baseline: z.string().nullable(),
      }),
    ),
  }),
  monitor: monitorReport,
}) satisfies z.ZodType<RunView>;

const redactionPolicyView = z.object({
  mode: z.enum(['off', 'redact', 'refuse']),
  phoneRegion: z.string().nullable(),
  custom: z.array(z.object({ name: z.string(), pattern: z.string(), caseInsensitive: z.boolean().optional() })),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  isDefault: z.boolean(),
}) satisfies z.ZodType<RedactionPolicyView>;

const webhookView: z.ZodType<WebhookView> = z.object({
  id: z.string(),
  url: z.string(),
  kinds: z.array(z.string()),
  description: z.string().nullable(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
});

const webhookOutcome = z.enum(['delivered', 'failed', 'dead']);
const webhookDelivery: z.ZodType<WebhookDeliveryItem> = z.object({
  deliveryId: z.string(),
  webhookId: z.string(),
  kind: z.string(),
  sourceId: z.string(),
  status: webhookOutcome,
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      outcome: webhookOutcome,
      httpStatus: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      attemptedAt: z.string(),
      nextAttemptAt: z.string().nullable(),
    }),
  ),
  firstAttemptedAt: z.string(),
  lastAttemptedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
});

const runList = z.object({
  runs: z.array(
    z.object({
      runId: z.string(),
      points: z.number().int().min(0),
      lastStep: step,
      lastReportedAt: instant,
      status: monitorStatus,
      flags: z.array(z.string()),
    }),
  ),
}) satisfies z.ZodType<Awaited<ReturnType<RunMonitorViews['list']>>>;

/** Every key of `T`, its value not described: for bodies whose top level is checked against the service type and whose deeper parts are not yet. */
type KeysOf<T> = { [K in keyof T]: unknown };

const count = z.number().int().min(0);

/**
 * `GET`/`POST /v1/quality/report`: the top level and its totals in full; the sections
 * (raters, models, biases, agreement, representation) as objects and lists of objects.
 */
const qualityReport = z.object({
  tenant: z.string(),
  asOf: instant,
  generatedAt: nullableInstant,
  source: z.object({ stored: count, skipped: z.object({ retracted: count, 'not-pairwise': count }), profiles: count }),
  totals: z.object({
    comparisons: count,
    raters: count,
    profiles: count,
    judges: count,
    judgeComparisons: count,
    tasks: count,
    lowConfidence: count,
    byFlag: z.record(z.string(), count),
  }),
  thresholds: z.record(z.string(), z.number()),
  raters: z.array(z.looseObject({})),
  models: z.array(z.looseObject({})),
  modelGroups: z.array(z.looseObject({})),
  modelsNote: z.string().nullable(),
  positionBias: z.looseObject({
    overall: z.looseObject({}),
    byTaskType: z.array(z.looseObject({})),
    byInterfaceVersion: z.array(z.looseObject({})),
    reversals: z.looseObject({}),
  }),
  lengthBias: z.looseObject({
    baselineLongerWinRate: z.number(),
    byObjective: z.array(z.looseObject({})),
    surface: z.array(z.looseObject({})),
  }),
  agreementByTaskType: z.array(z.looseObject({})),
  agreementOverTime: z.looseObject({}),
  representation: z.looseObject({
    coverage: z.looseObject({}),
    groupDisagreements: z.array(z.looseObject({})),
    groupsInConflict: z.array(z.object({ group: z.string(), tasks: count })),
    testedTasks: count,
  }),
  judges: z.array(
    z.looseObject({
      rater: z.string(),
      kappa: z.number().nullable(),
      kappaCi: z.tuple([z.number(), z.number()]).nullable(),
      tasks: count,
    }),
  ),
  lowConfidenceIds: z.array(z.string()).optional(),
}) satisfies z.ZodType<KeysOf<TenantQualityReport>>;

/** A fresh object schema for each use: one instance registered under two names would be a `$ref` from one to the other. */
const looseObject = () => z.looseObject({});
const readiness = z.object({
  status: z.enum(['ready', 'not-ready']),
  service: z.string(),
  down: z.array(z.string()),
  dependencies: z.record(z.string(), z.object({ up: z.boolean(), detail: z.string() })),
});

/** The client input of each event type at its latest version: the schema `validateEventInput` parses. */
export function eventInputSchema(type: EventType): z.ZodType {
  const entry = eventRegistry[type];
  return entry.schemas[entry.latestVersion].input as z.ZodType;
}

function eventEntries(): Record<string, SchemaEntry> {
  const out: Record<string, SchemaEntry> = {};
  for (const type of Object.keys(eventRegistry) as EventType[]) {
    const entry = eventRegistry[type];
    out[type] = {
      schema: eventInputSchema(type),
      // x-senders: who may send it (the scopes of a client key, or the platform component alone), as its definition declares.
      meta: {
        title: `${type} v${entry.latestVersion} (client input)`,
        description: entry.schemas[entry.latestVersion].description,
        'x-senders': sendersOf(type),
        example: exampleEventInputs[type],
      },
    };
  }
  return out;
}

/** Schemas of request bodies (converted as input: a field with a default is optional). */
export function requestSchemas(): Record<string, SchemaEntry> {
  const events = eventEntries();
  const eventInput = z.union(Object.values(events).map((e) => e.schema) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  return {
    ...events,
    EventInput: { schema: eventInput, meta: { description: 'The client input of any event type, chosen by `type`.' } },
    EventBatch: {
      // The api checks the list's length first, then each event on its own (issues under `events[i]`).
      schema: z.object({ events: z.array(eventInput).min(1).max(MAX_BATCH_EVENTS) }),
      meta: { example: { events: [exampleEventInputs['comparison.recorded'], exampleEventInputs['rating.recorded']] } },
    },
    QueueCreate: {
      schema: createQueueSchema,
      meta: {
        example: {
          id: 'coding-help-march',
          name: 'Coding help, March',
          overlap: 3,
          counterbalance: true,
          taskType: 'coding-help',
          objective: 'helpfulness',
          guidelineVersion: 'v3.1',
        },
      },
    },
    QueueTask: {
      schema: queueTaskSchema,
      meta: { description: 'One pairwise task. Response ids are unique within the task.' },
    },
    // The envelope is checked first; each task then against QueueTask (a bad task does not refuse the others).
    TaskEnqueue: {
      schema: enqueueEnvelopeSchema.extend({ tasks: z.array(queueTaskSchema).min(1).max(MAX_ENQUEUE_TASKS) }),
      meta: {
        example: {
          queueId: 'coding-help-march',
          tasks: [
            {
              taskId: 'task-42',
              prompt: 'How do I reverse a list in Python?',
              responses: [
                { id: 'r1', text: 'Use reversed(xs) or xs[::-1].', modelVersion: 'policy@1' },
                { id: 'r2', text: 'Call xs.reverse() to reverse it in place.', modelVersion: 'policy@2' },
              ],
            },
          ],
        },
      },
    },
    Judgment: {
      schema: judgmentSchema,
      meta: {
        description:
          'What the rater decided; the task, its responses, the order shown and the objective come from the assignment.',
        example: { choice: { kind: 'preferred', responseId: 'r2' }, strength: 2, dwellTimeMs: 14250 },
      },
    },
    PolicyCreate: {
      schema: retrainPolicySpecSchema,
      meta: {
        description:
          'A retrain policy. Every broken rule is reported with its field (`cadence: not a valid cron expression or shorthand`, `timezone: unknown IANA time zone`). ' +
          '`cadence` is `quarterly`, `monthly`, `weekly` or a five-field cron expression; `timezone` an IANA name; `driftThreshold` is the Jensen–Shannon divergence in bits (0 same, 1 no word in common) at which to retrain early.',
        example: {
          name: 'quarterly-helpfulness',
          cadence: 'quarterly',
          timezone: 'UTC',
          objectives: ['helpfulness'],
          recipe: { id: 'default-pairs', version: 3 },
        },
      },
    },
    DatasetRequest: {
      schema: datasetRequestSchema,
      meta: {
        description:
          'A point-in-time dataset build: what the platform knew at `asOf`, cut by the recipe (see the README for the recipe fields and defaults).',
        example: {
          asOf: '2026-09-30T23:59:59Z',
          objectives: ['helpfulness'],
          recipe: { recencyHalfLifeDays: 90, orderDisagreement: 'drop' },
        },
      },
    },
    QualityReportRequest: {
      schema: qualityReportRequestSchema,
      meta: { example: { asOf: '2026-09-30T23:59:59Z', targetProfile: { languages: { en: 0.7, es: 0.3 } } } },
    },
    KlBudget: { schema: klBudgetBodySchema, meta: { example: { klBudget: 6 } } },
    RedactionPolicyRequest: {
      schema: redactionPolicyRequestSchema,
      meta: { example: { mode: 'redact', phoneRegion: 'US', custom: [{ name: 'ticket', pattern: 'TCK-\\d{6}' }] } },
    },
    WebhookCreate: {
      schema: createWebhookBodySchema,
      meta: {
        example: {
          url: 'https://ops.example.com/hindsight',
          kinds: ['retrain.failed', 'drift.threshold-exceeded'],
          description: 'ops pager',
        },
      },
    },
    BlendWeights: {
      schema: blendWeightsBodySchema,
      meta: {
        description:
          'How the per-group reward models of an objective are blended into the published model: a weight per rater group (a group without one counts 0; normalised to sum 1), who decided and why.',
        example: {
          objective: 'helpfulness',
          field: 'group',
          weights: { 'cohort-a': 1, 'cohort-b': 1 },
          reason: 'the review board gives both cohorts an equal say',
          setBy: 'governance-board',
        },
      },
    },
    SignIn: { schema: signInBodySchema, meta: { example: { key: 'hsk_abc123def456_…' } } },
  };
}

/** Schemas of response bodies (converted as output). */
export function responseSchemas(): Record<string, SchemaEntry> {
  return {
    FieldIssue: {
      schema: fieldIssue,
      meta: {
        description:
          'One problem with the input: the field (a dotted path such as `data.responses[1].text`; empty for the whole body) and the rule it breaks.',
      },
    },
    ErrorBody: {
      // Not strict: fields may be added beside these without breaking clients.
      schema: z.object({
        error: z.enum([
          'validation',
          'unauthenticated',
          'forbidden',
          'not-found',
          'conflict',
          'personal-data',
          'illegal-state',
          'rate-limited',
          'unavailable',
          'payload-too-large',
          'unsupported-media-type',
          'uri-too-long',
          'headers-too-large',
          'http',
          'internal',
        ]),
        message: z.string(),
        issues: z.array(fieldIssue),
        requestId: z.string().optional().meta({
          description:
            "The request id, as in the `X-Request-Id` answer header and the api's log line of the request (the caller's own `X-Request-Id` when it is 1–128 characters of `[A-Za-z0-9._:@/+=-]`); absent only for malformed HTTP refused before a request exists.",
        }),
      }),
      meta: {
        description:
          'Every error the api answers has this body. `error` is a stable code; `issues` names each field and rule (empty when no field is at fault).',
        example: {
          error: 'validation',
          message: 'data.prompt: required',
          issues: [{ path: 'data.prompt', rule: 'required' }],
          requestId: '0f8e2c4a-5b1d-4c3e-9a7f-2d6b8e1c3a5f',
        },
      },
    },
    AcceptedEvent: {
      schema: acceptedEvent,
      meta: {
        description:
          'What the api answers for an accepted event (and answers again for a retry with the same idempotency key).',
      },
    },
    ItemResult: {
      schema: itemResult,
      meta: { description: 'The answer for one event of a batch, by its index in the request.' },
    },
    BatchResult: {
      schema: z.object({
        accepted: z.number().int().min(0),
        rejected: z.number().int().min(0),
        results: z.array(itemResult),
      }),
    },
    Queue: { schema: queueView },
    EnqueueResult: { schema: enqueueResult },
    NextTask: { schema: nextTask },
    Skipped: { schema: z.object({ assignmentId: z.string(), expiredAt: instant }) },
    SessionView: {
      schema: sessionView,
      meta: {
        description:
          "The session: tenant, scopes, the key's lookup id, the rater a rater key speaks for, and the expiry (never the key).",
      },
    },
    RoutingRuleCreate: {
      schema: routingRuleSpecSchema,
      meta: {
        description:
          'A routing rule: a filter on interaction fields (every field named must match; a list matches any of its values), a sampling rate (uniform, or stratified over cells of objective, surface, locale and prompt-length bucket) and an action.',
        example: {
          name: 'checkout thumbs-down, 10 %',
          filter: { surfaces: ['checkout'], feedbackKinds: ['thumbs-down'] },
          sampling: { mode: 'uniform', rate: 0.1 },
          action: { kind: 'annotation-task', queueId: 'explain-1', pairWith: { modelVersion: 'm-2026-10' } },
        },
      },
    },
    RoutingRule: { schema: routingRuleView },
    RoutingRuleList: { schema: z.object({ rules: z.array(routingRuleView) }) },
    RoutedList: {
      schema: z.object({ items: z.array(routedItem) }),
      meta: {
        description: 'What a rule routed, newest first; prompt and response are null once the interaction is erased.',
      },
    },
    Policy: { schema: policyView },
    PolicyList: { schema: z.object({ policies: z.array(policyView) }) },
    DatasetBuild: { schema: datasetBuild },
    DatasetList: { schema: z.object({ datasets: z.array(datasetBuild) }) },
    DatasetDiff: { schema: z.object({ a: datasetBuild, b: datasetBuild, diff: looseObject() }) },
    QualityReport: {
      schema: qualityReport,
      meta: {
        description:
          'Rater flags, position and length bias, agreement by task type, representation, the Bradley–Terry leaderboard.',
      },
    },
    ModelList: { schema: z.object({ models: z.array(modelSummary) }) },
    Model: { schema: modelView },
    ModelComparison: { schema: looseObject() },
    OutcomeAuditRequest: { schema: z.strictObject({ asOf: instant.optional() }) },
    OutcomeAudit: {
      schema: outcomeAudit.omit({ recordedAt: true }).extend({
        runId: z.string(),
        objective: z.string(),
        modelVersion: z.string(),
      }),
    },
    RunList: { schema: runList },
    RedactionPolicy: { schema: redactionPolicyView },
    WebhookCreated: { schema: z.object({ webhook: webhookView, secret: z.string() }) },
    WebhookList: { schema: z.object({ webhooks: z.array(webhookView) }) },
    WebhookDeliveryList: { schema: z.object({ deliveries: z.array(webhookDelivery) }) },
    Run: {
      schema: runView,
      meta: { description: 'A run: its curves, its KL budget and what the reward-hacking monitor makes of them.' },
    },
    BlendWeightsAssigned: {
      schema: z.object({ eventId: z.string(), data: looseObject() }),
      meta: {
        description: 'The published `blend.weights-assigned`: its event id and data (with `keyId` and `setAt`).',
      },
    },
    BlendWeightsList: {
      schema: z.object({ items: z.array(looseObject()) }),
      meta: {
        description:
          "The tenant's weight decisions, newest first: eventId, objective, field, weights, reason, setBy, keyId, setAt.",
      },
    },
    RunDisagreement: {
      schema: z.object({
        runId: z.string(),
        objectives: z.array(z.object({ objective: z.string(), modelVersion: z.string(), family: looseObject() })),
      }),
      meta: {
        description:
          "A per-group run's families, one per objective: the pooled and group models, the groups not trained, the blend used and the disagreement report (`family.disagreement`).",
      },
    },
    Health: {
      schema: z.object({ status: z.literal('ok'), service: z.string(), uptimeSeconds: z.number().int().min(0) }),
    },
    Readiness: { schema: readiness },
    OpenApiDocument: { schema: z.looseObject({ openapi: z.string(), info: looseObject(), paths: looseObject() }) },
  };
}
