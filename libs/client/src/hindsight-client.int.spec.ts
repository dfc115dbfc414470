import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, topicOf, ValidationError, type EventType } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import type { DataSource } from '@hindsight/store';
import {
  endOffsetTotal,
  openEventValues,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  type ApiUnderTest,
  type ReadMessage,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { BatchSendError, HindsightApiError } from './errors';
import { HindsightClient } from './hindsight-client';
import type { FetchFn } from './http-transport';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'client-int-test' });
const topicOfType = (type: EventType) => topicName(config.kafka.topicPrefix, topicOf(type));

interface Stored {
  readonly type: EventType;
  readonly tenant: string;
  readonly idempotencyKey: string;
  readonly data: Record<string, unknown>;
}

/** Events of `tenant` on `topic`, read to the end offsets once `ready` holds; other tests share the topic. */
async function eventsOf(tenant: string, topic: string, ready: (events: Stored[]) => boolean): Promise<Stored[]> {
  const mine = (ms: readonly ReadMessage[]) =>
    ms.map((m) => JSON.parse(m.value) as Stored).filter((e) => e.tenant === tenant);
  const end = await endOffsetTotal(kafka, topic);
  if (end === 0 && ready([])) return [];
  const messages = await readTopicUntil(kafka, topic, (ms) => ms.length >= end && ready(mine(ms)));
  const latest = await endOffsetTotal(kafka, topic);
  const stored = mine(
    messages.length >= latest ? messages : await readTopicUntil(kafka, topic, (ms) => ms.length >= latest),
  );
  // Personal content travels sealed with its subject's key; open it as the projector does.
  return (await openEventValues(
    opening.dataSource!,
    stored.map((e) => JSON.stringify(e)),
  )) as unknown as Stored[];
}

const opening: { dataSource?: DataSource } = {};

const data = <T extends EventType>(type: T) => structuredClone(exampleEventInputs[type].data);
/** The example names a queue assignment, which the api checks exists; this test has no queue. */
const withoutQueue = <D extends { queueId?: string; assignmentId?: string }>({
  queueId: _q,
  assignmentId: _a,
  ...rest
}: D) => rest;

describe('HindsightClient against the api and the real broker', () => {
  let api: ApiUnderTest;
  let tenant: string;
  let apiKey: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    opening.dataSource = api.running.context.dataSource;
    tenant = uniqueTenant('client');
    apiKey = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
  });
  afterAll(() => api.close());

  it('lands every typed call on its topic with the key the client chose', async () => {
    const client = new HindsightClient({ baseUrl: api.url, apiKey });
    const answers = [
      await client.recordComparison(withoutQueue(data('comparison.recorded'))),
      await client.recordRating(data('rating.recorded')),
      await client.profileRater(data('rater.profiled')),
      await client.logInteraction(data('interaction.logged'), { occurredAt: new Date(Date.now() - 60_000) }),
      await client.recordFeedback(data('feedback.recorded')),
      await client.recordOutcome(data('outcome.recorded'), { idempotencyKey: `outcome-${randomUUID()}` }),
      await client.send({
        type: 'outcome.recorded',
        data: { interactionId: 'int-abc', outcome: 'order-refunded', success: false },
      }),
    ];
    expect(answers.map((a) => [a.type, a.replayed])).toEqual(
      (
        [
          'comparison.recorded',
          'rating.recorded',
          'rater.profiled',
          'interaction.logged',
          'feedback.recorded',
          'outcome.recorded',
          'outcome.recorded',
        ] as const
      ).map((t) => [t, false]),
    );
    for (const answer of answers) {
      const events = await eventsOf(tenant, topicOfType(answer.type), (es) =>
        es.some((e) => e.idempotencyKey === answer.idempotencyKey),
      );
      const matching = events.filter((e) => e.idempotencyKey === answer.idempotencyKey);
      expect(matching.map((e) => e.type)).toEqual([answer.type]);
    }
    const interaction = (await eventsOf(tenant, topicOfType('interaction.logged'), () => true)).find(
      (e) => e.idempotencyKey === answers[3].idempotencyKey,
    );
    expect(interaction?.data).toEqual(data('interaction.logged'));
  });

  it('retries a call whose answer was lost after the server wrote it, and the topic holds exactly one event', async () => {
    let lost = 0;
    const loseFirstAnswer: FetchFn = async (url, init) => {
      const response = await fetch(url, init);
      if (lost++ === 0) {
        await response.text();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const client = new HindsightClient({ baseUrl: api.url, apiKey, fetch: loseFirstAnswer, retryBaseDelayMs: 10 });
    const interactionId = `int-${randomUUID()}`;
    const answer = await client.recordFeedback({ interactionId, kind: 'thumbs-up' });
    expect(lost).toBe(2);
    expect(answer.replayed).toBe(true);
    const events = await eventsOf(tenant, topicOfType('feedback.recorded'), (es) =>
      es.some((e) => e.idempotencyKey === answer.idempotencyKey),
    );
    expect(events.filter((e) => e.data.interactionId === interactionId).map((e) => e.idempotencyKey)).toEqual([
      answer.idempotencyKey,
    ]);
  });

  it("names the request id the api gave a refused request, as the api's answer header says it", async () => {
    let answeredId: string | null = null;
    const fetch: FetchFn = async (url, init) => {
      const response = await globalThis.fetch(url, init);
      answeredId = response.headers.get('x-request-id');
      return response;
    };
    const client = new HindsightClient({ baseUrl: api.url, apiKey: 'hsk_not-a-key', fetch });
    let error: unknown;
    try {
      await client.recordOutcome({ interactionId: `int-${randomUUID()}`, outcome: 'tests-passed', success: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HindsightApiError);
    expect(answeredId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated', requestId: answeredId });
    expect((error as Error).message.endsWith(`(request ${answeredId})`)).toBe(true);
  });

  it('surfaces validation errors with field paths, and writes nothing', async () => {
    const client = new HindsightClient({ baseUrl: api.url, apiKey });
    const interactionId = `int-${randomUUID()}`;
    let error: unknown;
    try {
      await client.recordFeedback({ interactionId, kind: 'correction' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toContainEqual({
      path: 'correctedResponse',
      rule: 'required when kind is correction',
    });
    const after = await eventsOf(tenant, topicOfType('feedback.recorded'), () => true);
    expect(after.filter((e) => e.data.interactionId === interactionId)).toEqual([]);
  });

  it('sends a batch in chunks with per-item results, and enqueue/flush delivers queued events', async () => {
    const client = new HindsightClient({ baseUrl: api.url, apiKey, batchSize: 2, lingerMs: 10 });
    const outcomes = [0, 1, 2, 3, 4].map((i) => ({
      type: 'outcome.recorded' as const,
      data: { interactionId: `int-batch-${i}`, outcome: 'tests-passed', success: true },
    }));
    const broken = {
      type: 'outcome.recorded' as const,
      data: { interactionId: 'int-batch-x', outcome: 'tests-passed' },
    };
    const result = await client.sendBatch([...outcomes.slice(0, 3), broken, ...outcomes.slice(3)]);
    expect(result.accepted).toBe(5);
    expect(result.rejected).toBe(1);
    expect(result.results[3]).toMatchObject({
      index: 3,
      status: 'rejected',
      issues: [{ path: 'events[3].data.success', rule: 'required unless value is given' }],
    });

    const queued = [
      client.enqueue(outcomes[0]),
      client.enqueue({ ...outcomes[1], idempotencyKey: `q-${randomUUID()}` }),
      client.enqueue(outcomes[2]),
    ];
    await client.flush();
    const queuedResults = await Promise.all(queued);
    expect(queuedResults.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const keys = [...result.results.filter((r) => r.status === 'accepted'), ...queuedResults].map(
      (r) => r.idempotencyKey,
    );
    const events = await eventsOf(tenant, topicOfType('outcome.recorded'), (es) =>
      keys.every((k) => es.some((e) => e.idempotencyKey === k)),
    );
    for (const k of keys) expect(events.filter((e) => e.idempotencyKey === k)).toHaveLength(1);
  });

  it('gzips a batch above gzipAboveBytes, sends small calls as they are, and every event arrives once', async () => {
    const sent: { encoding: string | null; bytes: number; decoded: string }[] = [];
    const recording: FetchFn = async (url, init) => {
      const body = init.body as string | Blob;
      const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(await body.arrayBuffer());
      const encoding = new Headers(init.headers).get('content-encoding');
      sent.push({
        encoding,
        bytes: bytes.length,
        decoded: (encoding === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'),
      });
      return fetch(url, init);
    };
    const client = new HindsightClient({ baseUrl: api.url, apiKey, gzipAboveBytes: 4096, fetch: recording });
    const outcomes = Array.from({ length: 200 }, (_, i) => ({
      type: 'outcome.recorded' as const,
      data: { interactionId: `int-gzip-${i}`, outcome: 'tests-passed', success: true },
    }));
    const result = await client.sendBatch(outcomes);
    expect(result.accepted).toBe(200);
    await client.recordFeedback({ interactionId: `int-${randomUUID()}`, kind: 'thumbs-up' });
    expect(sent.map((s) => s.encoding)).toEqual(['gzip', null]);
    expect((JSON.parse(sent[0].decoded) as { events: unknown[] }).events).toHaveLength(200);
    expect(sent[0].bytes).toBeLessThan(Buffer.byteLength(sent[0].decoded) / 2);

    const keys = result.results.map((r) => r.idempotencyKey);
    const events = await eventsOf(tenant, topicOfType('outcome.recorded'), (es) =>
      keys.every((k) => es.some((e) => e.idempotencyKey === k)),
    );
    for (const k of keys) expect(events.filter((e) => e.idempotencyKey === k)).toHaveLength(1);
  });

  it('reports a batch that cannot be sent with the keys it used, so a resend is safe', async () => {
    const client = new HindsightClient({
      baseUrl: api.url,
      apiKey: 'hsk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    let error: unknown;
    try {
      await client.sendBatch([
        { type: 'outcome.recorded', data: { interactionId: 'int-1', outcome: 'tests-passed', success: true } },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatchSendError);
    expect(error).toMatchObject({ code: 'unauthenticated', completed: { accepted: 0, results: [] } });
    expect((error as BatchSendError).idempotencyKeys).toHaveLength(1);
  });
});
