import { z } from 'zod';
import { eventJsonSchemas, exampleEventInputs, id, sendersOf, type EventType } from '@hindsight/contracts';
import { MAX_BATCH_EVENTS } from '../ingestion/ingestion.service';
import { createQueueSchema, MAX_ENQUEUE_TASKS, queueTaskSchema } from '../queues/queue-input';
import { ref, type SchemaObject } from './operations';

/** Envelope fields the resource routes (`POST /v1/comparisons`, …) take beside the data; see resource-body.ts. */
const RESOURCE_ENVELOPE_FIELDS = ['occurredAt', 'idempotencyKey', 'source', 'version'] as const;

const fieldIssue: SchemaObject = {
  type: 'object',
  description: 'One problem with the input: the field (a dotted path such as `data.responses[1].text`; empty for the whole body) and the rule it breaks.',
  properties: { path: { type: 'string', example: 'data.prompt' }, rule: { type: 'string', example: 'required' } },
  required: ['path', 'rule'],
  additionalProperties: false,
};

const acceptedEventProperties = {
  id: { type: 'string', description: 'The event id, a UUIDv7 chosen by the server.', example: '019a3c1e-8c2f-7b4d-9a61-3f0e5d2c1b7a' },
  type: { type: 'string', example: 'comparison.recorded' },
  subject: {
    type: 'object',
    description: 'The entity the event is about, derived from its data.',
    properties: { kind: { type: 'string', example: 'task' }, id: { type: 'string', example: 'task-42' } },
    required: ['kind', 'id'],
  },
  idempotencyKey: { type: 'string', example: 'cmp-task-42-rater-7' },
  recordedAt: { type: 'string', format: 'date-time', description: 'When the platform accepted the event.' },
};

/** A zod schema of the api's own input as OpenAPI 3.0 JSON Schema (cross-field refinements are not representable). */
const fromZod = (schema: z.ZodType): SchemaObject => z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as SchemaObject;

const nullableString = { type: 'string', nullable: true };

/** Request and response bodies of the annotation queues (`POST /v1/queues`, `POST /v1/tasks`, `GET /v1/tasks/next`). */
const queueSchemas = (): Record<string, SchemaObject> => ({
  QueueCreate: {
    ...fromZod(createQueueSchema),
    example: { name: 'Coding help, March', overlap: 3, counterbalance: true, taskType: 'coding-help', objective: 'helpfulness', guidelineVersion: 'v3.1' },
  },
  QueueTask: { ...fromZod(queueTaskSchema), description: 'One pairwise task. Response ids are unique within the task.' },
  TaskEnqueue: {
    type: 'object',
    properties: { queueId: fromZod(id()), tasks: { type: 'array', minItems: 1, maxItems: MAX_ENQUEUE_TASKS, items: ref('QueueTask') } },
    required: ['queueId', 'tasks'],
  },
  Queue: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      overlap: { type: 'integer', minimum: 1 },
      counterbalance: { type: 'boolean' },
      taskType: nullableString,
      objective: nullableString,
      guidelineVersion: nullableString,
      guidelines: nullableString,
      reversalShare: { type: 'number', nullable: true, minimum: 0, maximum: 1 },
      createdAt: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'name', 'overlap', 'counterbalance', 'taskType', 'objective', 'guidelineVersion', 'guidelines', 'reversalShare', 'createdAt'],
  },
  EnqueueResult: {
    type: 'object',
    properties: {
      queueId: { type: 'string' },
      accepted: { type: 'integer', minimum: 0 },
      rejected: { type: 'integer', minimum: 0 },
      results: {
        type: 'array',
        items: {
          oneOf: [
            { type: 'object', properties: { index: { type: 'integer' }, status: { type: 'string', enum: ['accepted'] }, taskId: { type: 'string' } }, required: ['index', 'status', 'taskId'] },
            { type: 'object', properties: { index: { type: 'integer' }, status: { type: 'string', enum: ['rejected'] }, issues: { type: 'array', items: ref('FieldIssue') } }, required: ['index', 'status', 'issues'] },
          ],
        },
      },
    },
    required: ['queueId', 'accepted', 'rejected', 'results'],
  },
  SessionView: {
    type: 'object',
    properties: {
      tenant: { type: 'string' },
      scopes: { type: 'array', items: { type: 'string' } },
      keyLookupId: { type: 'string' },
      raterId: nullableString,
      expiresAt: { type: 'string', format: 'date-time' },
    },
    required: ['tenant', 'scopes', 'keyLookupId', 'raterId', 'expiresAt'],
  },
  NextTask: {
    type: 'object',
    properties: {
      assignmentId: { type: 'string' },
      queueId: { type: 'string' },
      taskId: { type: 'string' },
      taskType: nullableString,
      objective: nullableString,
      guidelineVersion: nullableString,
      prompt: { type: 'string' },
      responses: {
        type: 'array',
        items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' }, modelVersion: { type: 'string' } }, required: ['id', 'text', 'modelVersion'] },
      },
      shownOrder: { type: 'array', items: { type: 'string' }, description: 'The response ids in the order to show them to this rater.' },
      guidelines: nullableString,
      reversalOf: { ...nullableString, description: 'On a reversal check: the rater\'s earlier assignment of this task, served in the reverse order.' },
      assignedAt: { type: 'string', format: 'date-time' },
      expiresAt: { type: 'string', format: 'date-time', description: 'When the lease runs out and the slot goes to another rater.' },
      progress: { type: 'object', properties: { completed: { type: 'integer' }, total: { type: 'integer' } }, required: ['completed', 'total'] },
    },
    required: ['assignmentId', 'queueId', 'taskId', 'taskType', 'objective', 'guidelineVersion', 'prompt', 'responses', 'shownOrder', 'guidelines', 'reversalOf', 'assignedAt', 'expiresAt', 'progress'],
  },
});

const slugSchema = { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' };
const policyRecipe = {
  type: 'object',
  description: 'The dataset recipe: a published recipe by `{ id, version }`, optionally with the recipe document inline (at most 64 KiB as JSON).',
  properties: { id: slugSchema, version: { type: 'integer', minimum: 1 }, inline: { type: 'object', additionalProperties: true } },
  required: ['id', 'version'],
  additionalProperties: false,
};
const policyFields = {
  name: { type: 'string', maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'Unique among the tenant\'s live policies.' },
  cadence: { type: 'string', description: '`quarterly`, `monthly`, `weekly`, or a five-field cron expression.', example: 'quarterly' },
  timezone: { type: 'string', description: 'An IANA time zone (default UTC).', example: 'Europe/Berlin' },
  objectives: { type: 'array', items: slugSchema, uniqueItems: true, minItems: 1 },
  recipe: policyRecipe,
  catchUp: { type: 'string', enum: ['latest-only', 'all'], description: 'After downtime: fire for the latest missed period only (default), or for every missed period in order.' },
  minNewComparisons: { type: 'integer', minimum: 1, nullable: true, description: 'Retrain early once this many comparisons arrived since the last retrain (null: off).' },
  driftThreshold: { type: 'number', exclusiveMinimum: true, minimum: 0, nullable: true, description: 'Retrain early when prompt drift since the last retrain reaches this value (null: off): the Jensen–Shannon divergence in bits between the word distributions of the prompts the models were trained on and the prompts users sent since, from 0 (same) to 1 (no word in common); not measured until each side has 50 prompts.', example: 0.3 },
};

/** Retrain policies (`/v1/policies`), after `validatePolicySpec` and `RetrainPolicyView` in @hindsight/scheduling. */
const policySchemas: Record<string, SchemaObject> = {
  PolicyCreate: {
    type: 'object',
    description: 'A retrain policy. Every broken rule is reported with its field (`cadence: not a valid cron expression or shorthand`, `timezone: unknown IANA time zone`).',
    properties: policyFields,
    required: ['name', 'cadence', 'objectives', 'recipe'],
    additionalProperties: false,
    example: { name: 'quarterly-helpfulness', cadence: 'quarterly', timezone: 'UTC', objectives: ['helpfulness'], recipe: { id: 'default-pairs', version: 3 } },
  },
  Policy: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      tenant: { type: 'string' },
      ...policyFields,
      status: { type: 'string', enum: ['active', 'paused'] },
      createdAt: { type: 'string', format: 'date-time' },
      pausedAt: { type: 'string', format: 'date-time', nullable: true },
      nextFireAt: { type: 'string', format: 'date-time', nullable: true, description: 'The next clock fire after now (null while paused, or if the cadence never fires again).' },
    },
    required: ['id', 'tenant', 'name', 'cadence', 'timezone', 'objectives', 'recipe', 'catchUp', 'minNewComparisons', 'driftThreshold', 'status', 'createdAt', 'pausedAt', 'nextFireAt'],
  },
  PolicyList: { type: 'object', properties: { policies: { type: 'array', items: ref('Policy') } }, required: ['policies'] },
  DatasetRequest: {
    type: 'object',
    description: 'A point-in-time dataset build: what the platform knew at `asOf`, cut by the recipe (every field optional; see the README for the recipe fields and defaults).',
    properties: {
      asOf: { type: 'string', format: 'date-time' },
      objectives: { type: 'array', items: { type: 'string' }, description: 'Shorthand for recipe.objectives.' },
      outputs: {
        type: 'array',
        items: { type: 'string', enum: ['preference', 'trl-preference', 'trl-conversational', 'kto', 'corrections', 'ratings'] },
        description: 'Shorthand for recipe.outputs: which files the build writes (default `["preference"]`).',
      },
      fileFormat: { type: 'string', enum: ['jsonl', 'parquet'], description: 'Shorthand for recipe.fileFormat: the exports as JSON Lines or Parquet.' },
      recipe: { type: 'object', additionalProperties: true },
    },
    required: ['asOf'],
    additionalProperties: false,
    example: { asOf: '2026-09-30T23:59:59Z', objectives: ['helpfulness'], recipe: { recencyHalfLifeDays: 90, orderDisagreement: 'drop' } },
  },
  DatasetBuild: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      tenant: { type: 'string' },
      asOf: { type: 'string', format: 'date-time' },
      recipe: { type: 'object', additionalProperties: true },
      status: { type: 'string', enum: ['building', 'built', 'failed'] },
      directory: { type: 'string', description: 'Where train/validation/test.jsonl, excluded.jsonl and manifest.json are written.' },
      manifest: { type: 'object', nullable: true, additionalProperties: true, description: 'The manifest once built: counts, Kafka offsets, erasures applied, file hashes.' },
      error: { type: 'string', nullable: true },
      createdAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: 'string', format: 'date-time', nullable: true },
    },
    required: ['id', 'tenant', 'asOf', 'recipe', 'status', 'directory', 'manifest', 'error', 'createdAt', 'finishedAt'],
  },
};

/** Shared schemas that are not events: bodies the api answers with. */
const staticSchemas: Record<string, SchemaObject> = {
  FieldIssue: fieldIssue,
  ErrorBody: {
    type: 'object',
    description: 'Every error the api answers has this body. `error` is a stable code; `issues` names each field and rule (empty when no field is at fault).',
    properties: {
      error: {
        type: 'string',
        enum: ['validation', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'illegal-state', 'rate-limited', 'unavailable', 'payload-too-large', 'unsupported-media-type', 'http', 'internal'],
      },
      message: { type: 'string' },
      issues: { type: 'array', items: ref('FieldIssue') },
      requestId: { type: 'string', description: 'The request id, as in the `X-Request-Id` answer header and the api\'s log line of the request (the caller\'s own `X-Request-Id` when it is 1–128 characters of `[A-Za-z0-9._:@/+=-]`).' },
    },
    required: ['error', 'message', 'issues'],
    additionalProperties: false,
    example: { error: 'validation', message: 'data.prompt: required', issues: [{ path: 'data.prompt', rule: 'required' }], requestId: '0f8e2c4a-5b1d-4c3e-9a7f-2d6b8e1c3a5f' },
  },
  AcceptedEvent: {
    type: 'object',
    description: 'What the api answers for an accepted event (and answers again for a retry with the same idempotency key).',
    properties: acceptedEventProperties,
    required: ['id', 'type', 'subject', 'idempotencyKey', 'recordedAt'],
  },
  ItemResult: {
    description: 'The answer for one event of a batch, by its index in the request.',
    oneOf: [
      {
        type: 'object',
        properties: {
          index: { type: 'integer', minimum: 0 },
          status: { type: 'string', enum: ['accepted'] },
          replayed: { type: 'boolean' },
          unchecked: { type: 'boolean', enum: [true], description: 'Present when PostgreSQL was down: the idempotency key was not checked (a retry is still stored once; a reused key with another body was not refused).' },
          ...acceptedEventProperties,
        },
        required: ['index', 'status', 'replayed', 'id', 'type', 'subject', 'idempotencyKey', 'recordedAt'],
      },
      {
        type: 'object',
        properties: { index: { type: 'integer', minimum: 0 }, status: { type: 'string', enum: ['rejected'] }, issues: { type: 'array', items: ref('FieldIssue') } },
        required: ['index', 'status', 'issues'],
      },
    ],
  },
  BatchResult: {
    type: 'object',
    properties: {
      accepted: { type: 'integer', minimum: 0 },
      rejected: { type: 'integer', minimum: 0 },
      results: { type: 'array', items: ref('ItemResult') },
    },
    required: ['accepted', 'rejected', 'results'],
  },
  Health: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['ok'] }, service: { type: 'string' }, uptimeSeconds: { type: 'integer', minimum: 0 } },
    required: ['status', 'service', 'uptimeSeconds'],
  },
  Readiness: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['ready', 'not-ready'] },
      service: { type: 'string' },
      down: { type: 'array', items: { type: 'string' } },
      dependencies: {
        type: 'object',
        additionalProperties: { type: 'object', properties: { up: { type: 'boolean' }, detail: { type: 'string' } }, required: ['up', 'detail'] },
      },
    },
    required: ['status', 'service', 'down', 'dependencies'],
  },
};

/**
 * The body of a resource route: the event's `data` fields at the top level, with
 * the envelope fields it allows beside them. A `data` that is a `oneOf` gives a
 * `oneOf` of bodies.
 */
export function resourceBodySchema(eventSchema: SchemaObject, type: EventType): SchemaObject {
  const properties = eventSchema.properties as Record<string, SchemaObject>;
  const envelope = Object.fromEntries(RESOURCE_ENVELOPE_FIELDS.map((f) => [f, properties[f]]).filter(([, s]) => s !== undefined));
  const merge = (data: SchemaObject): SchemaObject => {
    const dataProperties = (data.properties ?? {}) as Record<string, SchemaObject>;
    const clash = RESOURCE_ENVELOPE_FIELDS.find((f) => f in dataProperties);
    if (clash) throw new Error(`resourceBodySchema: ${type} data has a field named like an envelope field (${clash})`);
    return { ...data, properties: { ...dataProperties, ...envelope } };
  };
  const data = properties.data;
  const body = Array.isArray(data.oneOf) ? { oneOf: (data.oneOf as SchemaObject[]).map(merge) } : merge(data);
  const { type: _type, data: example, ...envelopeExample } = exampleEventInputs[type] as unknown as Record<string, unknown>;
  return {
    title: `${type} (resource body)`,
    description: `The \`data\` of ${type} with the optional envelope fields ${RESOURCE_ENVELOPE_FIELDS.join(', ')} beside it.`,
    ...body,
    example: { ...(example as Record<string, unknown>), ...envelopeExample },
  };
}

/**
 * Every component schema: the client input of each event type (from the
 * contracts, with its example), the bodies of the resource routes of
 * `resourceTypes`, one `EventInput` over all
 * types, the batch request, and the bodies the api answers with.
 */
export function componentSchemas(resourceTypes: readonly EventType[]): Record<string, SchemaObject> {
  const events = eventJsonSchemas({ target: 'openapi-3.0' });
  const types = Object.keys(events) as EventType[];
  const schemas: Record<string, SchemaObject> = {};
  // x-senders: who may send it (the scopes of a client key, or the platform component alone), as its definition declares.
  for (const type of types) schemas[type] = { ...events[type], 'x-senders': sendersOf(type), example: exampleEventInputs[type] };
  for (const type of resourceTypes) schemas[`${type}.resource`] = resourceBodySchema(events[type], type);
  schemas.EventInput = {
    description: 'The client input of any event type, chosen by `type`.',
    oneOf: types.map((t) => ref(t)),
    discriminator: { propertyName: 'type', mapping: Object.fromEntries(types.map((t) => [t, `#/components/schemas/${t}`])) },
  };
  schemas.EventBatch = {
    type: 'object',
    properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH_EVENTS, items: ref('EventInput') } },
    required: ['events'],
    example: { events: [exampleEventInputs['comparison.recorded'], exampleEventInputs['rating.recorded']] },
  };
  return { ...schemas, ...queueSchemas(), ...policySchemas, ...staticSchemas };
}
