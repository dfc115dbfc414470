import { z } from 'zod';
import type { Scope } from '@hindsight/access';
import type { EventType } from '@hindsight/contracts';
import { nextTaskQuerySchema } from '../queues/queue-input';
import { readOperations } from '../reads/read-routes';
import { tailOperation } from '../tail/tail-route';
import { whoSendsWhichEvents } from './event-senders';

/**
 * Every HTTP operation of the api, declared once. `/docs/openapi.json` and the
 * `/docs` page are built from this list, and `docs.int.spec.ts` compares it with
 * the routes Nest actually registers (method, path, scopes and success status),
 * so a route added without an entry here fails the test.
 *
 * To document a new route, append an entry: the path in OpenAPI form
 * (`/v1/tasks/{taskId}` for Nest's `/v1/tasks/:taskId`), the scopes of its
 * `@RequireScopes` (empty for a public route), the request schema and the
 * success responses. Error responses are derived: every route with scopes gets
 * 401, 403 and 429; every route with a JSON body gets 400, 413 and 415; add
 * the others (404, 409, 503, …) in `errors`. Bodies are zod schemas: the named
 * ones live in `api-schemas.ts` (refer to them with `ref('Name')`), and the
 * document is generated from them with `z.toJSONSchema`.
 */

/** A JSON Schema: in operations, a reference to a named schema of `api-schemas.ts` or a plain `{ type: 'string' }` for a page. */
export type SchemaObject = Readonly<Record<string, unknown>>;

/** A body: a zod schema (converted by `z.toJSONSchema`), or a JSON Schema as above. */
export type BodySchema = SchemaObject | z.ZodType;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Statuses that answer with the error body `{ error, message, issues }`. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;

export interface ResponseSpec {
  readonly description: string;
  /** Omitted: no body. */
  readonly schema?: BodySchema;
  /** `application/json` unless said otherwise. */
  readonly contentType?: string;
  readonly headers?: readonly ('Retry-After' | 'Idempotent-Replayed' | 'Idempotency-Unchecked')[];
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly description: string;
  readonly schema: SchemaObject;
}

export interface RequestSpec {
  readonly schema: BodySchema;
  readonly description: string;
  /** `application/json` unless said otherwise. */
  readonly contentTypes?: readonly string[];
  readonly example?: unknown;
}

export interface OperationSpec {
  readonly method: HttpMethod;
  /** OpenAPI path template: `/v1/tasks/{taskId}`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** The key needs at least one of these scopes; empty: no key needed. */
  readonly scopes: readonly Scope[];
  /** The key may also travel as `?key=` (feedback-only browser keys, for `navigator.sendBeacon`). */
  readonly keyInQuery?: boolean;
  /** The route reads an `Idempotency-Key` header. */
  readonly idempotencyKeyHeader?: boolean;
  readonly parameters?: readonly ParameterSpec[];
  readonly request?: RequestSpec;
  /** Success (and other non-error) responses, by status. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses beyond the derived ones (see the comment at the top). */
  readonly errors?: readonly ErrorStatus[];
}

/**
 * The query parameters of a zod object schema a route validates its query with:
 * one per field, required unless optional, its schema generated from the field.
 */
export function queryParametersOf(
  schema: z.ZodObject,
  descriptions: Readonly<Record<string, string>>,
): ParameterSpec[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { $schema: _schema, ...json } = z.toJSONSchema(field as z.ZodType, {
      io: 'input',
      target: 'draft-2020-12',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    if (descriptions[name] === undefined) throw new Error(`queryParametersOf: no description for ${name}`);
    return {
      name,
      in: 'query',
      required: !(field as z.ZodType).safeParse(undefined).success,
      description: descriptions[name],
      schema: json,
    };
  });
}

/** `{ $ref: '#/components/schemas/<name>' }`. */
export const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

const accepted: ResponseSpec = {
  description:
    'Accepted: Kafka acknowledged the event (acks=all). A retry with the same idempotency key and the same body answers the original response with `Idempotent-Replayed: true` and publishes nothing.',
  schema: ref('AcceptedEvent'),
  headers: ['Idempotent-Replayed', 'Idempotency-Unchecked'],
};

const publishErrors: readonly ErrorStatus[] = [409, 503];

/** One route per event type that takes the event's `data` fields at the top level of the body. */
function resourceRoute(
  path: string,
  type: EventType,
  scopes: readonly Scope[],
  extra: Partial<OperationSpec> = {},
): OperationSpec {
  const name = type.split('.')[0];
  return {
    method: 'post',
    path,
    operationId: `record${name.charAt(0).toUpperCase()}${name.slice(1)}`,
    tag: 'ingestion',
    summary: `Record one ${type} event`,
    description:
      `The body is the \`data\` of a \`${type}\` event, with the envelope fields \`occurredAt\`, \`idempotencyKey\`, \`source\` and \`version\` ` +
      `allowed beside it; the route sets \`type\`. Equivalent to \`POST /v1/events\` with \`{"type": "${type}", "data": {…}}\`, ` +
      `except that error issues name the fields as sent (\`prompt\`, not \`data.prompt\`).`,
    scopes,
    idempotencyKeyHeader: true,
    request: {
      schema: ref(`${type}.resource`),
      description: `The fields of ${type} \`data\`, plus optional envelope fields.`,
    },
    responses: { 202: accepted },
    errors: publishErrors,
    ...extra,
  };
}

/** A browser page of the api: the HTML shell of its bundle (tools/web-build), at the page's path and every path under it. */
function pageRoutes(page: 'annotate' | 'console', summary: string): OperationSpec[] {
  const responses: OperationSpec['responses'] = {
    200: {
      description: 'The page (an HTML shell loading its bundle from /assets).',
      contentType: 'text/html',
      schema: { type: 'string' },
    },
    503: {
      description: 'The bundles were not built (`npm run build:web`): an HTML page saying so.',
      contentType: 'text/html',
      schema: { type: 'string' },
    },
  };
  return [
    { method: 'get', path: `/${page}`, operationId: `${page}Page`, tag: 'pages', summary, scopes: [], responses },
    {
      method: 'get',
      path: `/${page}/*`,
      operationId: `${page}PageDeep`,
      tag: 'pages',
      summary: `${summary} (any path under it; the page routes itself)`,
      scopes: [],
      responses,
    },
  ];
}

const sessionView: ResponseSpec = {
  description:
    "The session: tenant, scopes, the key's lookup id, the rater a rater key speaks for, and the expiry (never the key).",
  schema: ref('SessionView'),
};

export const operations: readonly OperationSpec[] = [
  {
    method: 'post',
    path: '/v1/events',
    operationId: 'ingestEvent',
    tag: 'ingestion',
    summary: 'Ingest one event of any type',
    description:
      'Validates the event against the schema of its `type`, seals it (`id`, `recordedAt`, `tenant` from the key, `subject` from the data) and ' +
      'publishes it. The idempotency key may come in the body or the `Idempotency-Key` header (they must agree when both are sent); when neither ' +
      `is sent the server makes one up, and a retry cannot be recognised. ${whoSendsWhichEvents()}`,
    scopes: ['ingest', 'feedback', 'admin'],
    idempotencyKeyHeader: true,
    request: { schema: ref('EventInput'), description: 'One event: the client input of any event type (see Events).' },
    responses: { 202: accepted },
    errors: publishErrors,
  },
  {
    method: 'post',
    path: '/v1/events/batch',
    operationId: 'ingestEventBatch',
    tag: 'ingestion',
    summary: 'Ingest up to 1,000 events, answered per item',
    description:
      'Each event is validated on its own: valid events are published together and invalid ones are answered with their issues, with paths ' +
      'prefixed `events[i].`. 202 when every item was accepted, 207 when some were, 400 (with the batch result) when none was. Idempotency keys ' +
      'come from each event; a key repeated inside one batch rejects the later item. Scopes are checked per event, as on `POST /v1/events`.',
    scopes: ['ingest', 'feedback', 'admin'],
    request: { schema: ref('EventBatch'), description: '`{ events: [ … ] }`, 1 to 1,000 events.' },
    responses: {
      202: { description: 'Every event was accepted.', schema: ref('BatchResult'), headers: ['Idempotency-Unchecked'] },
      207: {
        description: 'Some events were accepted, some rejected; see `results[i].status`.',
        schema: ref('BatchResult'),
        headers: ['Idempotency-Unchecked'],
      },
      400: {
        description:
          'No event was accepted (the batch result, per item), or the body itself is not a batch (the error body).',
        schema: { oneOf: [ref('BatchResult'), ref('ErrorBody')] },
      },
    },
    errors: publishErrors,
  },
  resourceRoute('/v1/comparisons', 'comparison.recorded', ['ingest']),
  resourceRoute('/v1/ratings', 'rating.recorded', ['ingest']),
  resourceRoute('/v1/raters', 'rater.profiled', ['ingest']),
  resourceRoute('/v1/interactions', 'interaction.logged', ['ingest']),
  resourceRoute('/v1/feedback', 'feedback.recorded', ['ingest', 'feedback'], {
    keyInQuery: true,
    request: {
      schema: ref('feedback.recorded.resource'),
      description:
        'The fields of feedback.recorded `data`, plus optional envelope fields. `text/plain` carrying the same JSON is accepted too, so that ' +
        '`navigator.sendBeacon` (which can only send CORS-safe content types) can post feedback from a web page.',
      contentTypes: ['application/json', 'text/plain'],
    },
  }),
  resourceRoute('/v1/outcomes', 'outcome.recorded', ['ingest']),
  {
    method: 'post',
    path: '/v1/queues',
    operationId: 'createQueue',
    tag: 'annotation queues',
    summary: 'Create an annotation queue',
    description:
      'A queue hands pairwise tasks to raters: each task goes to `overlap` distinct raters, and with `counterbalance` the raters of one task ' +
      'see the responses in different orders, so position bias can be measured. The id is chosen by the server unless given.',
    scopes: ['admin'],
    request: { schema: ref('QueueCreate'), description: 'The queue settings.' },
    responses: { 201: { description: 'Created.', schema: ref('Queue') } },
    errors: [409, 503],
  },
  {
    method: 'post',
    path: '/v1/tasks',
    operationId: 'enqueueTasks',
    tag: 'annotation queues',
    summary: 'Enqueue up to 1,000 tasks into a queue, answered per item',
    description:
      'Each task is validated on its own (issues under `tasks[i]`). 201 when every task was enqueued, 207 when some were, 400 (with the result) when none was.',
    scopes: ['ingest', 'admin'],
    request: { schema: ref('TaskEnqueue'), description: '`{ queueId, tasks: [ … ] }`, 1 to 1,000 tasks.' },
    responses: {
      201: { description: 'Every task was enqueued.', schema: ref('EnqueueResult') },
      207: {
        description: 'Some tasks were enqueued, some rejected; see `results[i].status`.',
        schema: ref('EnqueueResult'),
      },
      400: {
        description: 'No task was enqueued (the result, per item), or the body itself is malformed (the error body).',
        schema: { oneOf: [ref('EnqueueResult'), ref('ErrorBody')] },
      },
    },
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/v1/tasks/next',
    operationId: 'nextTask',
    tag: 'annotation queues',
    summary: 'The next task for a rater, with the order to show its responses in',
    description:
      'First, assignments of the queue whose lease ran out (QUEUE_LEASE_SECONDS) expire (`queue.assignment-expired`) and their slots return to the pool. ' +
      "A rater who still holds an open assignment gets that one back. Else, a task the rater judged that was picked for a reversal check (the queue's `reversalShare`, or QUEUE_REVERSAL_SHARE) " +
      'comes back with the order reversed (`reversalOf` set; not the task just judged while others remain). Else the rater is assigned the oldest task with a free slot ' +
      'that they were never assigned. Record the judgment with `POST /v1/assignments/{assignmentId}/judgment`, or as `comparison.recorded` with the `assignmentId`, `queueId` and the `shownOrder` given here. ' +
      'A rater key gets its own tasks (no `rater` parameter, or its own id).',
    scopes: ['ingest', 'rater'],
    parameters: queryParametersOf(nextTaskQuerySchema, {
      queue: 'The queue id.',
      rater: 'The rater id: required with an ingest key; a rater key may leave it out (or give its own).',
    }),
    responses: {
      200: { description: 'A task for this rater.', schema: ref('NextTask') },
      204: { description: 'Nothing left for this rater in this queue.' },
    },
    errors: [400, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/assignments/{assignmentId}/judgment',
    operationId: 'judgeAssignment',
    tag: 'annotation queues',
    summary: "Record a rater's judgment of an assignment",
    description:
      'Published as `comparison.recorded` through the same validation as `POST /v1/events`; the task, its responses, the order served (`shownOrder`), the objective and the guideline version ' +
      "come from the assignment and its queue. Field issues name the fields as sent (`choice.responseId`). 404 for an assignment that is not the rater's (a rater key judges only its own), " +
      '409 when it was already judged or has expired.',
    scopes: ['ingest', 'rater'],
    parameters: [
      {
        name: 'assignmentId',
        in: 'path',
        required: true,
        description: 'The assignment id from GET /v1/tasks/next.',
        schema: { type: 'string' },
      },
    ],
    request: { schema: ref('Judgment'), description: 'What the rater decided.' },
    responses: { 202: accepted },
    errors: [404, 409, 503],
  },
  {
    method: 'post',
    path: '/v1/assignments/{assignmentId}/skip',
    operationId: 'skipAssignment',
    tag: 'annotation queues',
    summary: 'Skip an open assignment: it expires at once and its slot goes to another rater',
    description:
      "Published as `queue.assignment-expired` with reason `skipped`; the rater is not served the task again. No body. 404 for an assignment that is not the rater's, 409 once judged or expired.",
    scopes: ['ingest', 'rater'],
    parameters: [
      {
        name: 'assignmentId',
        in: 'path',
        required: true,
        description: 'The assignment id from GET /v1/tasks/next.',
        schema: { type: 'string' },
      },
    ],
    responses: { 201: { description: 'Skipped.', schema: ref('Skipped') } },
    errors: [404, 409, 503],
  },
  {
    method: 'post',
    path: '/v1/policies',
    operationId: 'createPolicy',
    tag: 'retrain policies',
    summary: 'Create a retrain policy',
    description:
      "The scheduler fires `retrain.requested` once per period of the cadence (in the policy's time zone), and early on volume or drift when those triggers are set. " +
      'The policy is published as `retrain-policy.created` (Kafka acknowledged) before it is stored; 503 when Kafka does not acknowledge, and nothing is stored.',
    scopes: ['admin'],
    request: { schema: ref('PolicyCreate'), description: 'The policy.' },
    responses: { 201: { description: 'Created.', schema: ref('Policy') } },
    errors: [409, 503],
  },
  {
    method: 'get',
    path: '/v1/policies',
    operationId: 'listPolicies',
    tag: 'retrain policies',
    summary: "The tenant's live retrain policies",
    scopes: ['admin', 'read'],
    responses: { 200: { description: 'The policies.', schema: ref('PolicyList') } },
  },
  ...(['get', 'pause', 'resume', 'delete'] as const).map((action): OperationSpec => ({
    method: action === 'get' ? 'get' : action === 'delete' ? 'delete' : 'post',
    path: action === 'get' || action === 'delete' ? '/v1/policies/{id}' : `/v1/policies/{id}/${action}`,
    operationId: `${action}Policy`,
    tag: 'retrain policies',
    summary: {
      get: 'One retrain policy',
      pause: 'Pause a policy: it stops firing; periods that pass while paused are not caught up',
      resume: 'Resume a paused policy',
      delete: 'Delete a policy (its runs stay as history)',
    }[action],
    ...(action === 'get'
      ? {}
      : {
          description: `Published as \`retrain-policy.${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'deleted'}\` before it is applied${action === 'delete' ? '' : ' (nothing is published when the policy is already in that state)'}; 503 when Kafka does not acknowledge.`,
        }),
    scopes: action === 'get' ? ['admin', 'read'] : ['admin'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The policy id.', schema: { type: 'string' } }],
    responses:
      action === 'delete'
        ? { 204: { description: 'Deleted.' } }
        : { 200: { description: 'The policy.', schema: ref('Policy') } },
    errors: action === 'get' ? [404] : [404, 503],
  })),
  {
    method: 'post',
    path: '/v1/routing/rules',
    operationId: 'createRoutingRule',
    tag: 'routing',
    summary: 'Create a routing rule',
    description:
      "The scheduler's router routes the matching interactions recorded from now on, each drawn by a hash of (rule id, interaction id) against the rate, so a replay routes the same ones. " +
      'Published as `routing-rule.created` (Kafka acknowledged); an annotation-task rule must name a queue of the tenant (400 `action.queueId`); 503 when Kafka does not acknowledge.',
    scopes: ['admin'],
    request: { schema: ref('RoutingRuleCreate'), description: 'The rule.' },
    responses: { 201: { description: 'Created.', schema: ref('RoutingRule') } },
    errors: [503],
  },
  {
    method: 'get',
    path: '/v1/routing/rules',
    operationId: 'listRoutingRules',
    tag: 'routing',
    summary: "The tenant's routing rules (as the projector has stored their events)",
    scopes: ['admin', 'read'],
    responses: { 200: { description: 'The rules.', schema: ref('RoutingRuleList') } },
  },
  {
    method: 'get',
    path: '/v1/routing/rules/{id}',
    operationId: 'getRoutingRule',
    tag: 'routing',
    summary: 'One routing rule with its versions',
    scopes: ['admin', 'read'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The rule id.', schema: { type: 'string' } }],
    responses: { 200: { description: 'The rule.', schema: ref('RoutingRule') } },
    errors: [404],
  },
  {
    method: 'put',
    path: '/v1/routing/rules/{id}',
    operationId: 'changeRoutingRule',
    tag: 'routing',
    summary:
      "Replace a rule's spec (a new revision, in force for interactions recorded from now on; a paused rule is active again)",
    description: 'Published as `routing-rule.changed`; 503 when Kafka does not acknowledge.',
    scopes: ['admin'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The rule id.', schema: { type: 'string' } }],
    request: { schema: ref('RoutingRuleCreate'), description: 'The whole new spec.' },
    responses: { 200: { description: 'The rule.', schema: ref('RoutingRule') } },
    errors: [404, 503],
  },
  {
    method: 'post',
    path: '/v1/routing/rules/{id}/pause',
    operationId: 'pauseRoutingRule',
    tag: 'routing',
    summary: 'Pause a rule: interactions recorded from now on are not routed by it',
    description:
      'Published as `routing-rule.paused` (nothing is published when the rule is already paused); 503 when Kafka does not acknowledge.',
    scopes: ['admin'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The rule id.', schema: { type: 'string' } }],
    responses: { 200: { description: 'The rule.', schema: ref('RoutingRule') } },
    errors: [404, 503],
  },
  {
    method: 'get',
    path: '/v1/routing/rules/{id}/routed',
    operationId: 'listRoutedInteractions',
    tag: 'routing',
    summary: 'What a rule routed, newest first: the review list of a review rule',
    scopes: ['admin', 'read'],
    parameters: [
      { name: 'id', in: 'path', required: true, description: 'The rule id.', schema: { type: 'string' } },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many (1–500, default 50).',
        schema: { type: 'integer' },
      },
    ],
    responses: { 200: { description: 'The routed interactions.', schema: ref('RoutedList') } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tag: 'operations',
    summary: 'Liveness: 200 while the process is alive',
    scopes: [],
    responses: { 200: { description: 'The process is alive.', schema: ref('Health') } },
  },
  {
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tag: 'operations',
    summary: 'Readiness: 200 when Kafka and PostgreSQL both answer within 2.5 s',
    scopes: [],
    responses: {
      200: { description: 'Every dependency answers.', schema: ref('Readiness') },
      503: { description: 'A dependency is down; `down` names it.', schema: ref('Readiness') },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'operations',
    summary: 'Prometheus metrics of this api process (text exposition format 0.0.4)',
    description:
      'Request counts and latency by route and status, Kafka produce latency, and Node.js process metrics; the README lists the names.',
    scopes: [],
    responses: { 200: { description: 'The metrics.', contentType: 'text/plain', schema: { type: 'string' } } },
  },
  {
    method: 'get',
    path: '/docs/openapi.json',
    operationId: 'openApiDocument',
    tag: 'documentation',
    summary: 'This OpenAPI document',
    scopes: [],
    responses: { 200: { description: 'The OpenAPI 3.1 document.', schema: ref('OpenApiDocument') } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docsPage',
    tag: 'documentation',
    summary:
      'This documentation as a page: Swagger UI over this document, from the api\'s own files (no other origin); "Try it out" calls this api',
    scopes: [],
    responses: { 200: { description: 'The HTML page.', contentType: 'text/html', schema: { type: 'string' } } },
  },
  {
    method: 'get',
    path: '/docs/assets/{file}',
    operationId: 'docsAsset',
    tag: 'documentation',
    summary: "A file of the documentation page (Swagger UI's script and stylesheet, the page's start-up script)",
    scopes: [],
    parameters: [
      {
        name: 'file',
        in: 'path',
        required: true,
        description: 'The file name, as the page names it.',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The file.', contentType: 'text/javascript', schema: { type: 'string' } } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/quality/report',
    operationId: 'getQualityReport',
    tag: 'quality',
    summary: 'The quality report of the tenant as of T',
    description:
      'Comparisons recorded by asOf with corrections recorded by then applied and retracted ones left out: rater flags, position and length bias, agreement by task type, representation, Bradley–Terry model leaderboard.',
    scopes: ['read'],
    parameters: [
      {
        name: 'asOf',
        in: 'query',
        required: true,
        description:
          'ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z (write + as %2B); a date alone is refused.',
        schema: { type: 'string', format: 'date-time' },
      },
    ],
    responses: { 200: { description: 'The report.', schema: ref('QualityReport') } },
  },
  {
    method: 'post',
    path: '/v1/quality/report',
    operationId: 'postQualityReport',
    tag: 'quality',
    summary: 'The quality report as of T, with representation measured against a target profile',
    description:
      "A read (nothing is written): the report of `GET /v1/quality/report`, with `representation.coverage` against the body's `targetProfile` (shares in [0, 1] per expertise level, language and region, as the CLI's `--target-profile` YAML).",
    scopes: ['read'],
    request: { schema: ref('QualityReportRequest'), description: 'The as-of instant and the target shares.' },
    responses: { 200: { description: 'The report.', schema: ref('QualityReport') } },
  },
  {
    method: 'get',
    path: '/v1/datasets',
    operationId: 'listDatasets',
    tag: 'datasets',
    summary: "The tenant's dataset builds, newest first, with their manifests",
    description:
      "Each manifest's list of applied erasures is replaced by `erasuresAppliedCount`; `GET /v1/datasets/{id}` gives it in full.",
    scopes: ['read', 'admin'],
    parameters: [
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many (1–200, default 50).',
        schema: { type: 'integer' },
      },
    ],
    responses: { 200: { description: 'The builds, newest first.', schema: ref('DatasetList') } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/v1/datasets/diff',
    operationId: 'diffDatasets',
    tag: 'datasets',
    summary: 'Pairs added, removed (by reason) and relabelled from one build to another',
    description:
      'The same comparison as `hindsight dataset diff <dirA> <dirB> --json`, over two built datasets of the tenant: `{a, b, diff: {added: {count, byReason}, removed: {count, byReason}, relabelled: {count}, unchanged}}`.',
    scopes: ['read', 'admin'],
    parameters: [
      { name: 'a', in: 'query', required: true, description: 'The earlier build id.', schema: { type: 'string' } },
      { name: 'b', in: 'query', required: true, description: 'The later build id.', schema: { type: 'string' } },
    ],
    responses: { 200: { description: 'The two builds and their diff.', schema: ref('DatasetDiff') } },
    errors: [400, 404],
  },
  {
    method: 'post',
    path: '/v1/datasets',
    operationId: 'requestDataset',
    tag: 'datasets',
    summary: 'Build the training set as it stood at a past moment',
    description:
      'Starts a build in the background and answers 202 with its id; poll `GET /v1/datasets/{id}`. Same tenant, `asOf`, recipe and code: byte-identical files and the same hashes.',
    scopes: ['read', 'admin'],
    request: { schema: ref('DatasetRequest'), description: 'The as-of time and the recipe.' },
    responses: { 202: { description: 'Accepted; building.', schema: ref('DatasetBuild') } },
  },
  {
    method: 'get',
    path: '/v1/datasets/{id}',
    operationId: 'getDataset',
    tag: 'datasets',
    summary: 'A dataset build: its status and, once built, its manifest',
    scopes: ['read', 'admin'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The build id.', schema: { type: 'string' } }],
    responses: { 200: { description: 'The build.', schema: ref('DatasetBuild') } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/models',
    operationId: 'listModels',
    tag: 'models',
    summary: 'The reward-model registry of the tenant, newest first',
    description:
      'Each entry names its dataset manifest hash, code version, held-out metrics and where its artifact is stored.',
    scopes: ['admin', 'read'],
    parameters: [
      {
        name: 'objective',
        in: 'query',
        required: false,
        description: 'Only models trained for this objective.',
        schema: { type: 'string' },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many (1–1000, default 100).',
        schema: { type: 'integer' },
      },
    ],
    responses: { 200: { description: 'The models.', schema: ref('ModelList') } },
    errors: [400],
  },
  {
    method: 'get',
    path: '/v1/models/compare',
    operationId: 'compareModels',
    tag: 'models',
    summary: 'Two models side by side: metrics, their deltas and what changed in their training sets',
    scopes: ['admin', 'read'],
    parameters: [
      {
        name: 'a',
        in: 'query',
        required: true,
        description: 'A model version or the id of the run that trained it.',
        schema: { type: 'string' },
      },
      {
        name: 'b',
        in: 'query',
        required: true,
        description: 'A model version or the id of the run that trained it.',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The comparison.', schema: ref('ModelComparison') } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/models/{version}',
    operationId: 'getModel',
    tag: 'models',
    summary: 'One model: its lineage (run, dataset manifest, code version) and its metrics',
    scopes: ['admin', 'read'],
    parameters: [
      { name: 'version', in: 'path', required: true, description: 'The model version.', schema: { type: 'string' } },
    ],
    responses: { 200: { description: 'The model.', schema: ref('Model') } },
    errors: [404],
  },
  {
    method: 'post',
    path: '/v1/models/{version}/outcome-audit',
    operationId: 'auditModelOutcomes',
    tag: 'models',
    summary: 'Audit a model against outcomes now: AUC per surface with DeLong intervals, against its parent',
    description:
      "Scores the interactions of the model's objective that carry a yes/no outcome recorded by `asOf` (default now) with the model and its parent, and publishes `model.outcome-audited` (acks=all); the registry shows it as the model's latest audit once projected. `flagged`: the difference's 95 % interval lies below 0.",
    scopes: ['admin'],
    parameters: [
      { name: 'version', in: 'path', required: true, description: 'The model version.', schema: { type: 'string' } },
    ],
    request: { schema: ref('OutcomeAuditRequest'), description: 'Optional: the as-of time of the outcomes read.' },
    responses: { 201: { description: 'The audit, recorded.', schema: ref('OutcomeAudit') } },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/runs',
    operationId: 'listRuns',
    tag: 'runs',
    summary: "The tenant's retrain and policy-training runs with their state",
    scopes: ['admin', 'read'],
    responses: { 200: { description: 'The runs.', schema: ref('RunList') } },
  },
  {
    method: 'get',
    path: '/v1/runs/{id}',
    operationId: 'getRun',
    tag: 'runs',
    summary: 'One run: stages, metric curves, reward-hacking flags and its KL budget',
    scopes: ['admin', 'read'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The run id.', schema: { type: 'string' } }],
    responses: { 200: { description: 'The run.', schema: ref('Run') } },
    errors: [404],
  },
  {
    method: 'put',
    path: '/v1/runs/{id}/budget',
    operationId: 'setRunBudget',
    tag: 'runs',
    summary: 'Set the KL budget (nats) the reward-hacking monitor holds the run to',
    description:
      "Only a run the tenant has — reported metrics, a retrain run, a requested run, or the trainer's run — gets a budget: any other run id (another tenant's, or none) " +
      'is 404 `run <id> not found`, and nothing is published. The budget is published as `run.kl-budget-assigned` before it is stored; the latest one wins.',
    scopes: ['admin'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The run id.', schema: { type: 'string' } }],
    request: { schema: ref('KlBudget'), description: 'The new budget.' },
    responses: { 200: { description: 'The run with its new budget.', schema: ref('Run') } },
    errors: [400, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/webhooks',
    operationId: 'createWebhook',
    tag: 'webhooks',
    summary: 'Subscribe a URL to event kinds; the answer holds the signing secret, shown this once',
    description:
      'Published as `webhook.subscribed` (the secret wrapped under the key-encryption key, never in clear) before it is stored. ' +
      'Deliveries are POSTs signed `Hindsight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "${t}.${body}">`, with a stable `Hindsight-Delivery-Id` (see the README, Webhooks).',
    scopes: ['admin'],
    request: { schema: ref('WebhookCreate'), description: 'The webhook.' },
    responses: { 201: { description: 'Created, with its secret.', schema: ref('WebhookCreated') } },
    errors: [409, 503],
  },
  {
    method: 'get',
    path: '/v1/webhooks',
    operationId: 'listWebhooks',
    tag: 'webhooks',
    summary: "The tenant's live webhooks (never their secrets)",
    scopes: ['admin', 'read'],
    responses: { 200: { description: 'The webhooks.', schema: ref('WebhookList') } },
  },
  {
    method: 'get',
    path: '/v1/webhooks/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'webhooks',
    summary:
      'Deliveries newest first, each with every attempt: delivered, failed (being retried) or dead (dead-lettered)',
    scopes: ['admin', 'read'],
    parameters: [
      {
        name: 'status',
        in: 'query',
        required: false,
        description: 'Only deliveries in this state.',
        schema: { type: 'string', enum: ['delivered', 'failed', 'dead'] },
      },
      {
        name: 'webhook',
        in: 'query',
        required: false,
        description: 'Only deliveries to this webhook.',
        schema: { type: 'string' },
      },
      {
        name: 'limit',
        in: 'query',
        required: false,
        description: 'At most this many (1-500, default 50).',
        schema: { type: 'integer', minimum: 1, maximum: 500 },
      },
    ],
    responses: { 200: { description: 'The deliveries.', schema: ref('WebhookDeliveryList') } },
    errors: [400],
  },
  {
    method: 'delete',
    path: '/v1/webhooks/{id}',
    operationId: 'deleteWebhook',
    tag: 'webhooks',
    summary: 'Stop delivering to a webhook (`webhook.unsubscribed`); its deliveries stay listed',
    scopes: ['admin'],
    parameters: [
      { name: 'id', in: 'path', required: true, description: 'The webhook id.', schema: { type: 'string' } },
    ],
    responses: { 204: { description: 'Deleted.' } },
    errors: [404, 503],
  },
  {
    method: 'put',
    path: '/v1/blend-weights',
    operationId: 'setBlendWeights',
    tag: 'runs',
    summary: "Set governance's weights for blending an objective's per-group reward models",
    description:
      'Published as `blend.weights-assigned` (with the key id and the time); a per-group run blends by the latest weights recorded by its as-of time for its objective and rater field, and falls back to the pooled model when none apply.',
    scopes: ['admin'],
    request: { schema: ref('BlendWeights'), description: 'The weights, who set them and why.' },
    responses: { 200: { description: 'The published decision.', schema: ref('BlendWeightsAssigned') } },
    errors: [400, 503],
  },
  {
    method: 'get',
    path: '/v1/blend-weights',
    operationId: 'listBlendWeights',
    tag: 'runs',
    summary: "The tenant's blend weight decisions, newest first",
    scopes: ['admin', 'read'],
    parameters: [
      {
        name: 'objective',
        in: 'query',
        required: false,
        description: 'Only this objective.',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The decisions.', schema: ref('BlendWeightsList') } },
  },
  {
    method: 'get',
    path: '/v1/retrain-runs/{id}/disagreement',
    operationId: 'getRunDisagreement',
    tag: 'runs',
    summary: "A per-group run's model families and disagreement report",
    scopes: ['admin', 'read'],
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The run id.', schema: { type: 'string' } }],
    responses: { 200: { description: 'The families.', schema: ref('RunDisagreement') } },
    errors: [404],
  },
  {
    method: 'get',
    path: '/v1/redaction-policy',
    operationId: 'getRedactionPolicy',
    tag: 'redaction',
    summary: "The tenant's PII redaction policy (the default, redact, when it never set one)",
    scopes: ['admin', 'read'],
    responses: { 200: { description: 'The policy.', schema: ref('RedactionPolicy') } },
  },
  {
    method: 'put',
    path: '/v1/redaction-policy',
    operationId: 'setRedactionPolicy',
    tag: 'redaction',
    summary: "Set the tenant's PII redaction policy: off, redact or refuse, the phone region and custom patterns",
    description:
      'Published as `redaction-policy.configured` on the configuration topic before it is stored; it applies to every event accepted afterwards ' +
      '(on this api at once, on the others when they read the topic). A custom pattern that does not compile, is longer than 200 characters, may backtrack catastrophically or matches the empty string is a 400 naming `custom[i].pattern`.',
    scopes: ['admin'],
    request: { schema: ref('RedactionPolicyRequest'), description: 'The whole policy; it replaces the previous one.' },
    responses: { 200: { description: 'The policy now in force.', schema: ref('RedactionPolicy') } },
    errors: [400, 503],
  },
  {
    method: 'get',
    path: '/widget/hindsight-feedback.js',
    operationId: 'feedbackWidgetScript',
    tag: 'feedback widget',
    summary: 'The drop-in feedback widget script',
    description:
      'Load it with `<script src=".../widget/hindsight-feedback.js">`. Sent with an ETag and `cache-control: public, max-age=300`; a matching `If-None-Match` answers 304.',
    scopes: [],
    responses: {
      200: { description: 'The script.', contentType: 'application/javascript', schema: { type: 'string' } },
      304: { description: 'Not modified (the ETag matched).' },
    },
  },
  {
    method: 'get',
    path: '/demo/feedback',
    operationId: 'feedbackDemoPage',
    tag: 'feedback widget',
    summary: "A demo page with the feedback widget, served from the api's own origin",
    scopes: [],
    parameters: [
      {
        name: 'key',
        in: 'query',
        required: false,
        description: 'A feedback-only key for the widget to send with.',
        schema: { type: 'string' },
      },
      {
        name: 'interaction',
        in: 'query',
        required: false,
        description: 'The interaction id the feedback is about (default `demo-interaction-1`).',
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The HTML page.', contentType: 'text/html', schema: { type: 'string' } } },
  },
  // Reading data back: the paged lists of the read API (reads/read-routes.ts).
  ...readOperations(),
  // Following new events live (tail/tail-route.ts).
  tailOperation,
  {
    method: 'post',
    path: '/v1/session',
    operationId: 'signIn',
    tag: 'sign-in',
    summary: 'Sign in to the pages: an API key becomes a session cookie',
    description:
      'The key, sent once in a JSON body (never in a URL), is verified; the answer sets `hindsight_session`, an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) ' +
      "that expires after SESSION_TTL_MINUTES. Every route then accepts the cookie in place of the key, with exactly the key's tenant and scopes; a revoked key ends its sessions. " +
      'Writes authenticated by the cookie must carry the header `x-hindsight-csrf`. Feedback-only (widget) keys cannot sign in.',
    scopes: [],
    request: { schema: ref('SignIn'), description: '`{ "key": "hsk_…" }`' },
    responses: { 201: sessionView },
    errors: [401, 403, 503],
  },
  {
    method: 'get',
    path: '/v1/session',
    operationId: 'currentSession',
    tag: 'sign-in',
    summary: "The session of the request's cookie",
    scopes: [],
    responses: { 200: sessionView },
    errors: [401, 503],
  },
  {
    method: 'delete',
    path: '/v1/session',
    operationId: 'signOut',
    tag: 'sign-in',
    summary: 'Sign out: the cookie is removed and the session refused from then on, by every api process',
    description:
      'Needs the header `x-hindsight-csrf`. Publishes `session.ended` on the configuration topic and answers once Kafka acknowledged it; every api process ' +
      'refuses the session (401) as soon as it has read the event (tens of milliseconds), this one at once. Idempotent (204 without a session, or for one already ended). ' +
      '503 when Kafka did not acknowledge: nothing was ended and the cookie is kept, so retry.',
    scopes: [],
    responses: { 204: { description: 'Signed out.' } },
    errors: [403, 503],
  },
  ...pageRoutes(
    'annotate',
    "The annotation workbench: a rater signs in with a rater key and judges their queue's tasks",
  ),
  ...pageRoutes('console', 'The operator console'),
  {
    method: 'get',
    path: '/assets/{file}',
    operationId: 'webAsset',
    tag: 'pages',
    summary: 'A bundle of the pages (script, stylesheet, source map), content-hashed: cached for a year',
    scopes: [],
    parameters: [
      {
        name: 'file',
        in: 'path',
        required: true,
        description: "The file name, as the page's HTML names it.",
        schema: { type: 'string' },
      },
    ],
    responses: { 200: { description: 'The file.', contentType: 'text/javascript', schema: { type: 'string' } } },
    errors: [404],
  },
];
