import { z } from 'zod';
import { exampleEventInputs, isEventType, type EventType } from '@hindsight/contracts';
import { requestSchemas, responseSchemas, type SchemaEntry } from './api-schemas';
import {
  operations as apiOperations,
  ref,
  type BodySchema,
  type ErrorStatus,
  type OperationSpec,
  type ResponseSpec,
  type SchemaObject,
} from './operations';

export type OpenApiDocument = Record<string, unknown> & {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { readonly schemas: Record<string, SchemaObject> } & Record<string, unknown>;
};

export interface OpenApiOperation {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly description: string;
  readonly 'x-scopes': readonly string[];
  readonly security: readonly Record<string, readonly string[]>[];
  readonly parameters: readonly SchemaObject[];
  readonly requestBody?: SchemaObject;
  readonly responses: Record<string, SchemaObject>;
}

const errorDescriptions: Readonly<Record<ErrorStatus, string>> = {
  400: 'Invalid input: each issue names the field (`data.responses[1].text`) and the rule (`required`), or the body does not decode as its Content-Encoding says. Nothing is written.',
  401: 'No API key, or a malformed, unknown or revoked one (`issues[0].path` is `authorization`).',
  403: "The key lacks the scope the route needs, or the request's Origin is not among the browser key's allowed origins.",
  404: 'Not found.',
  409: 'The idempotency key was already used with a different request. Nothing is written.',
  413: 'The body exceeds API_BODY_LIMIT_BYTES (10 MiB by default; a compressed body counts decoded). Nothing is written.',
  415: 'The Content-Type is not application/json, or the Content-Encoding is not gzip, deflate, br or identity. Nothing is written.',
  429: 'The key exceeded its rate limit (requests per minute, a token bucket per key and api instance). Wait `Retry-After` seconds.',
  500: 'An internal error; the api log has the details.',
  503: 'Kafka did not acknowledge within PUBLISH_ACK_TIMEOUT_MS or is known to be down (answered at once), PostgreSQL cannot be reached, or another request with the same idempotency key was still being published after two leases (2 × PUBLISH_ACK_TIMEOUT_MS + 1 s each). Nothing was accepted: retry after `Retry-After` seconds with the same idempotency key.',
};

const withRetryAfter: readonly ErrorStatus[] = [429, 503];

const overview = `Hindsight captures every human signal about a language model as an immutable event on Kafka.

**Authentication.** Every \`/v1\` route needs an API key, sent as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`. A key belongs to one tenant and has scopes: \`ingest\` (send any event), \`feedback\` (browser keys: send \`feedback.recorded\` only), \`read\` (read models), \`admin\` (manage the tenant). Each operation lists the scopes it accepts (any one suffices) in \`x-scopes\`. A browser key may list allowed origins; requests from other origins get 403. On \`POST /v1/feedback\` a feedback-only key may also be sent as \`?key=\`.

**Idempotency.** Every event carries an idempotency key, in the body (\`idempotencyKey\`) or the \`Idempotency-Key\` header. A retry with the same key and the same body within IDEMPOTENCY_WINDOW_HOURS (24 h) answers the original response with \`Idempotent-Replayed: true\` and publishes nothing; the same key with a different body is 409. While PostgreSQL is down, events are published without checking the key and answered with \`Idempotency-Unchecked: true\`: a retry is still stored once (the projector keeps one event per tenant and key), but a reused key with another body is not refused.

**Acceptance.** 202 means Kafka acknowledged the event (idempotent producer, acks=all): it will not be lost. 503 means it was not accepted; retry with the same key.

**Errors.** Every error has the body \`{ error, message, issues: [{ path, rule }] }\`; a validation error names each field and rule. 429 and 503 send \`Retry-After\` (seconds).`;

/** `/v1/tasks/{taskId}` → the names of its path parameters. */
const pathParameterNames = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

const isZod = (schema: BodySchema): schema is z.ZodType => schema instanceof z.ZodType;

/** JSON Schema 2020-12 of a zod schema, as it sits inside the document (no `$schema`, no `$id`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const {
    $schema: _schema,
    $id: _id,
    ...rest
  } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const bodyOf = (schema: BodySchema, io: 'input' | 'output'): SchemaObject =>
  isZod(schema) ? jsonSchemaOf(schema, io) : schema;

function response(spec: ResponseSpec): SchemaObject {
  return {
    description: spec.description,
    ...(spec.headers?.length
      ? { headers: Object.fromEntries(spec.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) }
      : {}),
    ...(spec.schema
      ? { content: { [spec.contentType ?? 'application/json']: { schema: bodyOf(spec.schema, 'output') } } }
      : {}),
  };
}

/** Routes that answer 400 for an unknown query parameter (query-policy.ts): every route with a key, and public ones that take parameters. */
export function checksQuery(op: OperationSpec): boolean {
  return op.scopes.length > 0 || (op.parameters ?? []).some((p) => p.in === 'query');
}

/** The error statuses an operation can answer: derived from its scopes, body and query, plus its own. */
export function errorStatusesOf(op: OperationSpec): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>(op.errors ?? []);
  // A key is looked up in PostgreSQL on every request: without the database a keyed route answers 503.
  if (op.scopes.length > 0) [401, 403, 429, 503].forEach((s) => statuses.add(s as ErrorStatus));
  if (op.request) [400, 413, 415].forEach((s) => statuses.add(s as ErrorStatus));
  if (checksQuery(op)) statuses.add(400);
  return [...statuses].sort((a, b) => a - b);
}

function operation(op: OperationSpec): OpenApiOperation {
  const responses: Record<string, SchemaObject> = {};
  for (const [status, spec] of Object.entries(op.responses)) responses[status] = response(spec);
  for (const status of errorStatusesOf(op))
    responses[String(status)] ??= { $ref: `#/components/responses/Error${status}` };
  const parameters: SchemaObject[] = [];
  for (const name of pathParameterNames(op.path)) {
    const declared = op.parameters?.find((p) => p.name === name && p.in === 'path');
    parameters.push({
      name,
      in: 'path',
      required: true,
      description: declared?.description ?? name,
      schema: declared?.schema ?? { type: 'string' },
    });
  }
  for (const p of op.parameters ?? []) if (p.in === 'query') parameters.push({ ...p });
  if (op.idempotencyKeyHeader) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
  const scopeLine = op.scopes.length > 0 ? `Scopes: ${op.scopes.join(' or ')}.` : 'No API key needed.';
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description ? `${op.description}\n\n${scopeLine}` : scopeLine,
    'x-scopes': [...op.scopes],
    security:
      op.scopes.length > 0 ? [{ bearerKey: [] }, { headerKey: [] }, ...(op.keyInQuery ? [{ queryKey: [] }] : [])] : [],
    parameters,
    ...(op.request
      ? {
          requestBody: {
            required: true,
            description: op.request.description,
            content: Object.fromEntries(
              (op.request.contentTypes ?? ['application/json']).map((ct) => [
                ct,
                {
                  schema: bodyOf(op.request!.schema, 'input'),
                  ...(op.request!.example !== undefined ? { example: op.request!.example } : {}),
                },
              ]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/** Event types whose resource body (`<type>.resource`) some operation refers to. */
function resourceTypesOf(ops: readonly OperationSpec[]): EventType[] {
  const found = new Set<EventType>();
  for (const op of ops) {
    const reference = op.request && !isZod(op.request.schema) ? op.request.schema.$ref : undefined;
    const name =
      typeof reference === 'string' ? reference.replace('#/components/schemas/', '').replace(/\.resource$/, '') : '';
    if (typeof reference === 'string' && reference.endsWith('.resource') && isEventType(name)) found.add(name);
  }
  return [...found];
}

/**
 * The named schemas as JSON Schema 2020-12, generated by `z.toJSONSchema` over a
 * registry of them: a named schema used inside another becomes a `$ref` to it.
 * Each entry's `meta` (description, example) is added on top.
 */
export function generatedSchemas(
  entries: Readonly<Record<string, SchemaEntry>>,
  io: 'input' | 'output',
): Record<string, SchemaObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, entry] of Object.entries(entries)) {
    if (registry.has(entry.schema))
      throw new Error(
        `generatedSchemas: ${id} is the same zod schema as ${registry.get(entry.schema)?.id}; give each name its own schema`,
      );
    registry.add(entry.schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const out: Record<string, SchemaObject> = {};
  for (const [id, entry] of Object.entries(entries)) {
    const { $schema: _schema, $id: _id, ...schema } = schemas[id];
    if (JSON.stringify(schema).includes('"#/$defs/'))
      throw new Error(`generatedSchemas: ${id} has local $defs, which do not resolve inside an OpenAPI document`);
    out[id] = { ...schema, ...entry.meta };
  }
  return out;
}

/** Envelope fields the resource routes (`POST /v1/comparisons`, …) take beside the data; see resource-body.ts. */
const RESOURCE_ENVELOPE_FIELDS = ['occurredAt', 'idempotencyKey', 'source', 'version'] as const;

/**
 * The body of a resource route, derived from the event's generated schema: the
 * `data` fields at the top level, with the envelope fields it allows beside them
 * (resource-body.ts turns such a body back into the event, which is then validated
 * as the event). A `data` that is a union gives a union of bodies.
 */
export function resourceBodySchema(eventSchema: SchemaObject, type: EventType): SchemaObject {
  const properties = eventSchema.properties as Record<string, SchemaObject>;
  const envelope = Object.fromEntries(
    RESOURCE_ENVELOPE_FIELDS.map((f) => [f, properties[f]]).filter(([, s]) => s !== undefined),
  );
  const merge = (data: SchemaObject): SchemaObject => {
    const dataProperties = (data.properties ?? {}) as Record<string, SchemaObject>;
    const clash = RESOURCE_ENVELOPE_FIELDS.find((f) => f in dataProperties);
    if (clash) throw new Error(`resourceBodySchema: ${type} data has a field named like an envelope field (${clash})`);
    return { ...data, properties: { ...dataProperties, ...envelope } };
  };
  const data = properties.data;
  const union = (['oneOf', 'anyOf'] as const).find((k) => Array.isArray(data[k]));
  const body = union ? { [union]: (data[union] as SchemaObject[]).map(merge) } : merge(data);
  const {
    type: _type,
    data: example,
    ...envelopeExample
  } = exampleEventInputs[type] as unknown as Record<string, unknown>;
  return {
    title: `${type} (resource body)`,
    description: `The \`data\` of ${type} with the optional envelope fields ${RESOURCE_ENVELOPE_FIELDS.join(', ')} beside it.`,
    ...body,
    example: { ...(example as Record<string, unknown>), ...envelopeExample },
  };
}

/** Every component schema: requests (as zod parses them), the resource bodies, responses. */
export function componentSchemas(resourceTypes: readonly EventType[]): Record<string, SchemaObject> {
  const requests = generatedSchemas(requestSchemas(), 'input');
  const responses = generatedSchemas(responseSchemas(), 'output');
  const clash = Object.keys(requests).find((name) => name in responses);
  if (clash) throw new Error(`componentSchemas: ${clash} is both a request and a response schema`);
  const eventTypes = Object.keys(requests).filter(isEventType);
  // The union of every event type, chosen by `type`: the discriminator lets a reader jump to the right one.
  requests.EventInput = {
    ...requests.EventInput,
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(eventTypes.map((t) => [t, `#/components/schemas/${t}`])),
    },
  };
  const resources = Object.fromEntries(
    resourceTypes.map((type) => [`${type}.resource`, resourceBodySchema(requests[type], type)]),
  );
  return { ...requests, ...resources, ...responses };
}

/**
 * The OpenAPI 3.1 document of the api, generated from the declared operations
 * and the zod schemas that validate (`api-schemas.ts`). Pure: the same input
 * gives the same document.
 */
export function buildOpenApiDocument(ops: readonly OperationSpec[] = apiOperations): OpenApiDocument {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const op of ops) {
    paths[op.path] ??= {};
    if (paths[op.path][op.method])
      throw new Error(`buildOpenApiDocument: ${op.method.toUpperCase()} ${op.path} is declared twice`);
    paths[op.path][op.method] = operation(op);
  }
  const errorResponses = Object.fromEntries(
    (Object.keys(errorDescriptions) as unknown as ErrorStatus[]).map((status) => [
      `Error${status}`,
      {
        description: errorDescriptions[status],
        ...(withRetryAfter.includes(Number(status) as ErrorStatus)
          ? { headers: { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } }
          : {}),
        content: { 'application/json': { schema: ref('ErrorBody') } },
      },
    ]),
  );
  const tags = [...new Set(ops.map((o) => o.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: 'Hindsight API', version: '1', description: overview },
    // Relative: the api that serves this document, wherever it runs, so "Try it out" on /docs calls it.
    servers: [{ url: '/', description: 'this api (the origin that serves this document)' }],
    tags,
    paths,
    components: {
      schemas: componentSchemas(resourceTypesOf(ops)),
      responses: errorResponses,
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            "The event's idempotency key (printable ASCII, at most 200 characters). Must equal `idempotencyKey` in the body when both are sent.",
          schema: { type: 'string', maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
        },
      },
      headers: {
        'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
        'Idempotent-Replayed': {
          description:
            '`true` when the answer is the stored answer to an earlier request with the same idempotency key.',
          schema: { type: 'string', enum: ['true'] },
        },
        'Idempotency-Unchecked': {
          description:
            '`true` when the event was published while PostgreSQL was down, without checking its idempotency key: a retry is still stored once (the projector keeps each tenant and key once), but a key reused with another body was not answered 409.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key (hsk_…) as a bearer token.' },
        headerKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'The same API key in the X-Api-Key header.',
        },
        queryKey: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description:
            'A feedback-only (browser) key as `?key=`, on `POST /v1/feedback` only: `navigator.sendBeacon` cannot set headers. Any other key in the URL is refused with 403.',
        },
      },
    },
  };
}
