import fc from 'fast-check';
import type { Admin } from 'kafkajs';
import { loadPlatformConfig } from '@hindsight/config';
import { EVENT_TOPICS, exampleEventInputs, topicName, validateEventInput, type EventType } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { resourceBodyToEvent } from '../ingestion/resource-body';
import {
  describeRequest,
  requestArbitrary,
  routesOf,
  type FuzzContext,
  type FuzzedRoute,
  type FuzzRequest,
} from './fuzzing/request-arbitrary';
import { rawRequest, sendRaw } from './fuzzing/raw-http';
import type { JsonSchema } from './fuzzing/schema-arbitrary';

/**
 * Property-based fuzzing of every route of the served OpenAPI document:
 * random and mutated bodies, headers and query strings against a real api
 * (real Kafka and PostgreSQL) with a key holding every scope. For each request:
 * never a 5xx; never a 202 for an event `validateEventInput` refuses; nothing
 * published by a 4xx, and exactly the accepted events by a 2xx ingestion; every
 * error body `{error, message, issues}`, naming a field when the input is at fault.
 *
 * FUZZ_RUNS: cases per route (default 40, what `npm test` runs). FUZZ_SEED replays a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'route-fuzzing-test' });
const eventTopics = EVENT_TOPICS.map((base) => topicName(config.kafka.topicPrefix, base));

/** Routes that publish events: their 4xx must publish nothing. `GET /v1/tasks/next` assigns a task. */
const publishes = (route: FuzzedRoute) => route.method !== 'GET' || route.path === '/v1/tasks/next';

/** Single-event ingestion routes: a 202 is one event published (none when replayed). */
const ingestsOne = (route: FuzzedRoute) => route.path === '/v1/events' || route.resourceType !== undefined;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly raw: string;
}

async function send(url: string, request: FuzzRequest): Promise<Answer> {
  const response = await fetch(`${url}${request.url}`, {
    method: request.method,
    headers: request.headers,
    body: request.bytes === undefined ? undefined : new Blob([new Uint8Array(request.bytes)]),
  });
  // A live tail (GET /v1/events/tail) answers 200 and streams until the client leaves: its headers are the
  // answer; reading its body would wait forever.
  if (response.ok && (response.headers.get('content-type') ?? '').startsWith('application/x-ndjson')) {
    await response.body?.cancel();
    return { status: response.status, headers: response.headers, body: '', raw: '' };
  }
  const raw = await response.text();
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: the checks below say whether it had to be.
  }
  return { status: response.status, headers: response.headers, body, raw };
}

async function endOffsets(admin: Admin): Promise<number> {
  const perTopic = await Promise.all(eventTopics.map((topic) => admin.fetchTopicOffsets(topic)));
  return perTopic.flat().reduce((sum, p) => sum + Number(p.high), 0);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{error, message, issues}`; statuses that blame the input name at least one field (the path `` is the whole body). */
function expectErrorBody(answer: Answer): void {
  const body = answer.body;
  if (!isRecord(body) || typeof body.error !== 'string' || typeof body.message !== 'string') {
    throw new Error(`a ${answer.status} without the error body {error, message, issues}: ${answer.raw.slice(0, 300)}`);
  }
  if (
    body.issues !== undefined &&
    !(
      Array.isArray(body.issues) &&
      body.issues.every((i) => isRecord(i) && typeof i.path === 'string' && typeof i.rule === 'string')
    )
  ) {
    throw new Error(`malformed issues in a ${answer.status}: ${answer.raw.slice(0, 300)}`);
  }
  if ([400, 409, 413, 414, 415].includes(answer.status) && !(Array.isArray(body.issues) && body.issues.length > 0)) {
    throw new Error(`a ${answer.status} that names no field: ${answer.raw.slice(0, 300)}`);
  }
}

/** The per-item results of a batch route (`/v1/events/batch`, `/v1/tasks`), when the answer is one. */
function itemResults(answer: Answer): Record<string, unknown>[] | undefined {
  return isRecord(answer.body) && Array.isArray(answer.body.results)
    ? (answer.body.results as Record<string, unknown>[])
    : undefined;
}

function expectRejectedItemsNameFields(answer: Answer): void {
  for (const item of itemResults(answer) ?? []) {
    if (item.status === 'rejected' && !(Array.isArray(item.issues) && item.issues.length > 0)) {
      throw new Error(`a rejected item that names no field: ${JSON.stringify(item).slice(0, 300)}`);
    }
  }
}

/** The event the api validated for a single-event request, as the ingestion service builds it. */
function eventSent(route: FuzzedRoute, request: FuzzRequest): unknown {
  const parsed: unknown = JSON.parse(request.text ?? '');
  const event = route.resourceType === undefined ? parsed : resourceBodyToEvent(route.resourceType, parsed);
  return withIdempotencyKey(event, request.headers['idempotency-key']);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A body the route accepts, so that only the framing is wrong. */
function validBodyFor(route: FuzzedRoute, idempotencyKey: string): unknown {
  const event = { ...structuredClone(exampleEventInputs['comparison.recorded']), idempotencyKey } as Record<
    string,
    unknown
  >;
  const data = event.data as Record<string, unknown>;
  delete data.assignmentId;
  delete data.queueId;
  if (route.path === '/v1/events') return event;
  if (route.path === '/v1/events/batch') return { events: [event] };
  if (route.resourceType !== undefined) {
    const example = structuredClone(exampleEventInputs[route.resourceType]) as unknown as Record<string, unknown>;
    const fields: Record<string, unknown> = { ...(example.data as Record<string, unknown>), idempotencyKey };
    delete fields.assignmentId;
    delete fields.queueId;
    return fields;
  }
  return {};
}

function withIdempotencyKey(event: unknown, header: string | undefined): unknown {
  if (!isRecord(event)) return event;
  const withKey = { ...event };
  // HTTP drops the spaces and tabs around a header value before the api sees it.
  if (header !== undefined) withKey.idempotencyKey = header.replace(/^[ \t]+|[ \t]+$/g, '');
  if (withKey.idempotencyKey === undefined) withKey.idempotencyKey = 'server-made';
  return withKey;
}

function expectValidEvent(event: unknown, types: readonly EventType[] | undefined, where: string): void {
  try {
    validateEventInput(event, types ? { types } : undefined);
  } catch (error) {
    throw new Error(`${where} was answered as accepted but validateEventInput refuses it: ${(error as Error).message}`);
  }
}

/**
 * Checks one answer and says how many events it published: 0 for any 4xx, 1 for
 * a fresh 202 of one event, the fresh accepted items of a batch; undefined where
 * the route's success publishes a number the answer does not tell (queues, policies).
 */
function expectedPublications(
  route: FuzzedRoute,
  request: FuzzRequest,
  answer: Answer,
  context: string,
): number | undefined {
  if (answer.status >= 500) throw new Error(`a ${answer.status}: ${context}`);
  if (answer.status >= 400) {
    if (itemResults(answer) !== undefined) expectRejectedItemsNameFields(answer);
    else expectErrorBody(answer);
    return 0;
  }
  // A preflight publishes nothing.
  if (request.method === 'OPTIONS') return 0;
  if (ingestsOne(route) && answer.status === 202) {
    expectValidEvent(eventSent(route, request), route.resourceType ? [route.resourceType] : undefined, context);
    return answer.headers.get('idempotent-replayed') === 'true' ? 0 : 1;
  }
  if (route.path === '/v1/events/batch') {
    const events = (JSON.parse(request.text ?? '') as { events: unknown[] }).events;
    let fresh = 0;
    for (const item of itemResults(answer) ?? []) {
      if (item.status !== 'accepted') continue;
      expectValidEvent(
        withIdempotencyKey(events[item.index as number], undefined),
        undefined,
        `events[${String(item.index)}] of ${context}`,
      );
      if (item.replayed !== true) fresh += 1;
    }
    return fresh;
  }
  return publishes(route) ? undefined : 0;
}

describe('route fuzzing: every route of the OpenAPI document against hostile input', () => {
  let api: ApiUnderTest;
  let admin: Admin;
  let key: string;
  let routes: FuzzedRoute[];
  let context: FuzzContext;

  beforeAll(async () => {
    console.log(`route fuzzing: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
    api = await startApiUnderTest(apiService);
    key = (await api.issueKey({ scopes: ['ingest', 'read', 'admin', 'feedback'] })).key;
    const document = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as Record<string, unknown>;
    routes = routesOf(document);
    const schemas = (document.components as { schemas: Record<string, JsonSchema> }).schemas;
    // Records of the fuzzing tenant, so that some requests reach the code behind the 404s.
    const queue = await api.post('/v1/queues', { ...(schemas.QueueCreate.example as object), id: 'fuzz-queue' }, key);
    const policy = await api.post('/v1/policies', schemas.PolicyCreate.example, key);
    expect([queue.status, policy.status]).toEqual([201, 201]);
    const runId = exampleEventInputs['retrain.requested'].data.runId;
    context = {
      schemas,
      queueId: 'fuzz-queue',
      knownIds: ['fuzz-queue', (policy.body as { id: string }).id, 'fuzz-rater', runId],
    };
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    await api?.close();
  });

  it('finds the routes in the served document', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /v1/events', 'POST /v1/events/batch', 'PUT /v1/runs/{id}/budget']),
    );
  });

  it(
    'holds the properties on every route',
    async () => {
      const failures: string[] = [];
      const timings: string[] = [];
      // DELETE last: the policy it may delete is what the other policy routes find.
      for (const route of [...routes].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))) {
        const name = `${route.method} ${route.path}`;
        const started = Date.now();
        const statuses = new Map<number, number>();
        const outcome = await fc.check(
          fc.asyncProperty(requestArbitrary(route, context, key), async (request) => {
            const before = publishes(route) ? await endOffsets(admin) : 0;
            const answers = await Promise.all(Array.from({ length: request.copies }, () => send(api.url, request)));
            const published = publishes(route) ? (await endOffsets(admin)) - before : 0;
            let expected: number | undefined = 0;
            for (const answer of answers) {
              statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
              const count = expectedPublications(
                route,
                request,
                answer,
                `${name}: ${describeRequest(request)} answered ${answer.status} ${answer.raw.slice(0, 300)}`,
              );
              expected = expected === undefined || count === undefined ? undefined : expected + count;
            }
            if (expected !== undefined && published !== expected) {
              throw new Error(
                `${name}: answered ${answers.map((a) => a.status).join(', ')} and published ${published} event(s), not ${expected}: ${describeRequest(request)} ${answers.map((a) => a.raw.slice(0, 300)).join(' | ')}`,
              );
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK === undefined },
        );
        timings.push(
          `${name} ${Date.now() - started} ms ${[...statuses]
            .sort()
            .map(([status, n]) => `${status}×${n}`)
            .join(' ')}`,
        );
        if (outcome.failed)
          failures.push(
            `${name}: ${(outcome.errorInstance as Error | undefined)?.message ?? ''}\n${fc.defaultReportMessage(outcome) ?? 'failed'}`,
          );
      }
      if (process.env.FUZZ_TIMINGS !== undefined) console.log(timings.join('\n'));
      // Every route is tried before failing, so one report lists them all.
      expect(failures).toEqual([]);
    },
    Math.max(60_000, RUNS * 40 * 250),
  );

  // Found here once: a client that went away mid-body after the api had answered left an "aborted" error with no
  // listener in the api's process (FUZZ_SEED=99 FUZZ_RUNS=100; body-stream-errors.unit.spec.ts).
  it(
    'holds them for requests fetch cannot send: broken framing, NUL and overlong header lines, odd methods and versions',
    async () => {
      const statuses = new Map<string, number>();
      const targets = routes.filter((route) => route.bodySchema !== undefined || route.path === '/v1/runs');
      const outcome = await fc.check(
        fc.asyncProperty(
          fc.constantFrom(...targets).chain((route) =>
            fc.tuple(
              fc.constant(route),
              fc
                .uuid()
                .chain((u) =>
                  rawRequest(
                    route.method,
                    route.path.replace(/\{\w+\}/g, 'fuzz-queue'),
                    key,
                    JSON.stringify(validBodyFor(route, `fuzz-raw-${u}`)),
                  ),
                ),
            ),
          ),
          async ([route, bytes]) => {
            const before = await endOffsets(admin);
            const answer = await sendRaw(api.url, bytes);
            const published = (await endOffsets(admin)) - before;
            const label = answer === undefined ? 'none' : String(answer.status);
            statuses.set(label, (statuses.get(label) ?? 0) + 1);
            // A connection closed without an answer is a fair reply to bytes that are not HTTP.
            if (answer === undefined) {
              if (published !== 0) throw new Error(`no answer, yet ${published} event(s) published`);
              return;
            }
            const raw: Answer = {
              status: answer.status,
              headers: new Headers(),
              body: parseJson(answer.body),
              raw: answer.body,
            };
            if (answer.status >= 500) throw new Error(`a ${answer.status}: ${answer.body.slice(0, 300)}`);
            if (answer.status >= 400) {
              if (itemResults(raw) !== undefined) expectRejectedItemsNameFields(raw);
              else expectErrorBody(raw);
              if (published !== 0) throw new Error(`a ${answer.status} that published ${published} event(s)`);
            } else if (ingestsOne(route) && answer.status === 202 && published !== 1) {
              throw new Error(`a 202 that published ${published} event(s)`);
            }
          },
        ),
        { numRuns: RUNS * 4, seed: SEED, endOnFailure: process.env.FUZZ_SHRINK === undefined },
      );
      if (process.env.FUZZ_TIMINGS !== undefined)
        console.log(`raw HTTP ${[...statuses].map(([status, n]) => `${status}×${n}`).join(' ')}`);
      expect(
        outcome.failed
          ? `${(outcome.errorInstance as Error | undefined)?.message ?? ''}\n${fc.defaultReportMessage(outcome) ?? ''}`
          : 'held',
      ).toBe('held');
    },
    Math.max(60_000, RUNS * 4 * 500),
  );
});
