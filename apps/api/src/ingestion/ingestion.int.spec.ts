import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  EVENT_TYPES,
  exampleEventInputs,
  MAX_PROMPT_CHARS,
  personalSubjectDeclarationOf,
  sendersOf,
  topicName,
  topicOf,
  TOPICS,
  type EventType,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import {
  endOffsetTotal,
  openEventValues,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '../api-service';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'ingestion-test' });
const topic = (type: EventType) => topicName(config.kafka.topicPrefix, topicOf(type));
// The configuration topic is left out: the keys these tests issue are api-key.created events on it.
const allTopics = [...new Set((Object.keys(exampleEventInputs) as EventType[]).map(topic))].filter(
  (t) => t !== topicName(config.kafka.topicPrefix, TOPICS.configuration),
);
const totalEndOffsets = async () =>
  (await Promise.all(allTopics.map((t) => endOffsetTotal(kafka, t)))).reduce((a, b) => a + b, 0);

/** What a platform component writes alone, as the definitions declare (`senders`). */
/** Written by their own routes (policies, budgets) or by the CLI (API keys), never through /v1/events. */
const RECORDS: EventType[] = EVENT_TYPES.filter((t) => topicOf(t) === TOPICS.configuration);
const PLATFORM_ONLY: EventType[] = EVENT_TYPES.filter((t) => 'platform' in sendersOf(t) && !RECORDS.includes(t));
const platformOf = (type: EventType) => (sendersOf(type) as { platform: string }).platform;

/** A valid example of `type` with a fresh idempotency key. */
function example(type: EventType, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  // Queue assignments are checked against served tasks (see the queues tests); these events are not from a queue.
  if (type === 'comparison.recorded' || type === 'rating.recorded') {
    delete (input.data as Record<string, unknown>).assignmentId;
    delete (input.data as Record<string, unknown>).queueId;
  }
  return { ...input, idempotencyKey: `k-${randomUUID()}`, ...overrides };
}

describe('ingestion through the api into the real broker', () => {
  let api: ApiUnderTest;
  let key: string;
  let tenant: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    tenant = uniqueTenant('acme');
    // admin too: retrain requests and erasures are administrative events.
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin'] })).key;
  });
  afterAll(() => api.close());

  it('accepts every event type a client may send and each arrives on its topic with the envelope intact', async () => {
    const types = (Object.keys(exampleEventInputs) as EventType[]).filter(
      (t) => !PLATFORM_ONLY.includes(t) && !RECORDS.includes(t),
    );
    const sent = new Map<string, { type: EventType; input: Record<string, unknown> }>();
    for (const type of types) {
      const input = example(type);
      const response = await api.post('/v1/events', input, key);
      expect({ type, status: response.status }).toEqual({ type, status: 202 });
      const body = response.body as { id: string; type: string; recordedAt: string };
      expect(body.type).toBe(type);
      sent.set(body.id, { type, input });
    }
    const byTopic = new Map<string, number>();
    for (const { type } of sent.values()) byTopic.set(topic(type), (byTopic.get(topic(type)) ?? 0) + 1);
    for (const [t] of byTopic) {
      const all = await readTopicUntil(kafka, t, (ms) =>
        [...sent.keys()]
          .filter((id) => sent.get(id) && topic(sent.get(id)!.type) === t)
          .every((id) => ms.some((m) => m.value.includes(id))),
      );
      // The run's topics are shared by every spec of the run (another one puts poison messages on them): only ours are opened.
      const messages = all.filter((m) => [...sent.keys()].some((id) => m.value.includes(id)));
      const opened = await openEventValues(
        api.running.context.dataSource,
        messages.map((m) => m.value),
      );
      for (const [i, m] of messages.entries()) {
        const event = opened[i] as Record<string, unknown> & { id: string; data: unknown };
        const original = sent.get(event.id);
        if (!original) continue;
        const prompt = (original.input.data as { prompt?: string }).prompt;
        // Personal content is sealed with its subject's key on Kafka (crypto-shredding), as its definition declares.
        const personal = personalSubjectDeclarationOf(original.type) !== null;
        expect({ type: original.type, sealed: '$sealed' in (JSON.parse(m.value) as { data: object }).data }).toEqual({
          type: original.type,
          sealed: personal,
        });
        if (personal && prompt !== undefined) expect(m.value).not.toContain(prompt);
        expect(event.tenant).toBe(tenant);
        expect(event.type).toBe(original.type);
        expect(event.version).toBe(Number(m.headers['hindsight-version']));
        expect(m.headers['hindsight-type']).toBe(original.type);
        expect(m.headers['hindsight-tenant']).toBe(tenant);
        expect(event.idempotencyKey).toBe(original.input.idempotencyKey);
        expect(event.data).toEqual(original.input.data);
        expect(typeof event.recordedAt).toBe('string');
        expect(event.occurredAt).toBe(event.recordedAt);
      }
    }
  });

  it("refuses the trainer's own events to any key, and retrain requests and erasures to a key without admin, writing nothing", async () => {
    const before = await totalEndOffsets();
    expect(PLATFORM_ONLY).toEqual(
      expect.arrayContaining(['retrain.dataset-built', 'retrain.completed', 'retrain.failed']),
    );
    for (const type of PLATFORM_ONLY) {
      const response = await api.post('/v1/events', example(type), key);
      expect({ type, status: response.status, issues: (response.body as { issues: unknown }).issues }).toEqual({
        type,
        status: 403,
        issues: [{ path: 'type', rule: `${type} is emitted by the ${platformOf(type)} only` }],
      });
    }
    const ingestOnly = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    const everything = (await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin', 'feedback'] })).key;
    for (const type of RECORDS) {
      const response = await api.post('/v1/events', example(type), everything);
      expect({
        type,
        status: response.status,
        rule: (response.body as { issues: { rule: string }[] }).issues[0].rule,
      }).toEqual({
        type,
        status: 403,
        rule: expect.stringMatching(new RegExp(`^${type.replace('.', '\\.')} is written by .+ only$`)),
      });
    }
    for (const type of ['retrain.requested', 'subject.erasure.requested'] as const) {
      const response = await api.post('/v1/events', example(type), ingestOnly);
      expect({ type, status: response.status, issues: (response.body as { issues: unknown }).issues }).toEqual({
        type,
        status: 403,
        issues: [{ path: 'type', rule: 'needs scope admin' }],
      });
    }
    const batch = await api.post(
      '/v1/events/batch',
      { events: [example('comparison.recorded'), example('retrain.completed')] },
      ingestOnly,
    );
    expect(batch.status).toBe(207);
    expect((batch.body as { results: { status: string; issues?: unknown }[] }).results[1]).toEqual({
      index: 1,
      status: 'rejected',
      issues: [{ path: 'events[1].type', rule: 'retrain.completed is emitted by the trainer only' }],
    });
    expect(await totalEndOffsets()).toBe(before + 1);
  });

  it('lets a key with admin alone send retrain requests and erasures, and nothing else', async () => {
    const adminOnly = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
    const before = await totalEndOffsets();
    const erasure = await api.post(
      '/v1/events',
      example('subject.erasure.requested', {
        data: { subjectKind: 'rater', subjectId: `rater-${randomUUID()}`, reason: 'user request' },
      }),
      adminOnly,
    );
    expect(erasure.status).toBe(202);
    const comparison = await api.post('/v1/events', example('comparison.recorded'), adminOnly);
    expect({ status: comparison.status, issues: (comparison.body as { issues: unknown }).issues }).toEqual({
      status: 403,
      issues: [{ path: 'type', rule: 'needs scope ingest' }],
    });
    const batch = await api.post(
      '/v1/events/batch',
      { events: [example('retrain.requested'), example('comparison.recorded')] },
      adminOnly,
    );
    expect(batch.status).toBe(207);
    expect((batch.body as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
      'accepted',
      'rejected',
    ]);
    expect(await totalEndOffsets()).toBe(before + 2);
  });

  const badInputs: [string, () => unknown, number, RegExp][] = [
    [
      'missing field',
      () => {
        const e = example('comparison.recorded');
        delete (e.data as Record<string, unknown>).prompt;
        return e;
      },
      400,
      /^data\.prompt: /,
    ],
    [
      'wrong type',
      () => {
        const e = example('comparison.recorded');
        (e.data as Record<string, unknown>).dwellTimeMs = 'long';
        return e;
      },
      400,
      /^data\.dwellTimeMs: /,
    ],
    [
      'missing nested field',
      () => {
        const e = example('comparison.recorded');
        delete (e.data as { responses: Record<string, unknown>[] }).responses[1].text;
        return e;
      },
      400,
      /^data\.responses\[1\]\.text: /,
    ],
    ['unknown event type', () => example('comparison.recorded', { type: 'comparison.invented' }), 400, /^type: /],
    [
      'far-future occurredAt',
      () => example('comparison.recorded', { occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
      400,
      /^occurredAt: /,
    ],
    [
      'oversized text',
      () => {
        const e = example('comparison.recorded');
        (e.data as Record<string, unknown>).prompt = 'x'.repeat(MAX_PROMPT_CHARS + 1);
        return e;
      },
      400,
      /^data\.prompt: /,
    ],
    [
      'another tenant in the envelope',
      () => example('comparison.recorded', { tenant: 'someone-else' }),
      400,
      /^tenant: /,
    ],
    // PostgreSQL cannot store these; accepted, such an event would stop the projector for good.
    [
      'a NUL character in text',
      () => {
        const e = example('comparison.recorded');
        (e.data as Record<string, unknown>).prompt = 'before\u0000after';
        return e;
      },
      400,
      /^data\.prompt: must not contain the NUL character/,
    ],
    [
      'a lone surrogate in text',
      () => {
        const e = example('comparison.recorded');
        (e.data as { responses: Record<string, unknown>[] }).responses[0].text = 'half \uD83D of an emoji';
        return e;
      },
      400,
      /^data\.responses\[0\]\.text: must be well-formed Unicode/,
    ],
  ];

  it.each(badInputs)('rejects %s with a field-level 400 and writes nothing', async (_name, make, status, issue) => {
    const before = await totalEndOffsets();
    const response = await api.post('/v1/events', make(), key);
    expect(response.status).toBe(status);
    const body = response.body as { error: string; issues: { path: string; rule: string }[] };
    expect(body.issues.map((i) => `${i.path}: ${i.rule}`).some((line) => issue.test(line))).toBe(true);
    expect(await totalEndOffsets()).toBe(before);
  });

  it('rejects malformed JSON (400), a wrong content type (415) and an oversized body (413), writing nothing', async () => {
    const before = await totalEndOffsets();
    const malformed = await api.post('/v1/events', '{"type": "comparison.recorded", ', key);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ issues: [{ path: '', rule: 'must be valid JSON' }] });
    const wrongType = await api.post('/v1/events', 'type=comparison.recorded', key, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body).toMatchObject({ issues: [{ path: 'content-type', rule: 'must be application/json' }] });
    const huge = await api.post(
      '/v1/events',
      JSON.stringify(example('comparison.recorded', { padding: 'x'.repeat(config.api.bodyLimitBytes) })),
      key,
    );
    expect(huge.status).toBe(413);
    expect(await totalEndOffsets()).toBe(before);
  });

  it('answers a batch per item and publishes only the accepted ones', async () => {
    const before = await endOffsetTotal(kafka, topic('comparison.recorded'));
    const bad = example('comparison.recorded');
    (bad.data as Record<string, unknown>).shownOrder = ['r1', 'nope'];
    const response = await api.post(
      '/v1/events/batch',
      { events: [example('comparison.recorded'), bad, example('comparison.recorded'), 42] },
      key,
    );
    expect(response.status).toBe(207);
    const body = response.body as {
      accepted: number;
      rejected: number;
      results: { index: number; status: string; issues?: { path: string }[] }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted', 'rejected']);
    expect(body.results[1].issues?.[0].path).toMatch(/^events\[1\]\.data\.shownOrder/);
    expect(body.results[3].issues?.[0].path).toBe('events[3]');
    expect(await endOffsetTotal(kafka, topic('comparison.recorded'))).toBe(before + 2);
  });

  it('rejects a batch over 1,000 events as a whole', async () => {
    const response = await api.post('/v1/events/batch', { events: Array.from({ length: 1001 }, () => ({})) }, key);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ issues: [{ path: 'events', rule: 'must contain at most 1000 items' }] });
  });

  it('returns the original answer for a retried idempotency key and publishes once', async () => {
    const before = await endOffsetTotal(kafka, topic('feedback.recorded'));
    const input = example('feedback.recorded');
    delete input.idempotencyKey;
    const idempotencyKey = `retry-${randomUUID()}`;
    const first = await api.post('/v1/events', input, key, { 'idempotency-key': idempotencyKey });
    const second = await api.post('/v1/events', input, key, { 'idempotency-key': idempotencyKey });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await endOffsetTotal(kafka, topic('feedback.recorded'))).toBe(before + 1);

    const concurrent = `concurrent-${randomUUID()}`;
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.post('/v1/events', input, key, { 'idempotency-key': concurrent })),
    );
    expect(new Set(answers.map((a) => (a.body as { id: string }).id)).size).toBe(1);
    expect(await endOffsetTotal(kafka, topic('feedback.recorded'))).toBe(before + 2);

    const changed = await api.post(
      '/v1/events',
      { ...input, data: { ...(input.data as object), comment: 'different' } },
      key,
      { 'idempotency-key': idempotencyKey },
    );
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({
      issues: [{ path: 'idempotencyKey', rule: 'already used with a different request' }],
    });
  });

  it('accepts resource routes with the data as the body', async () => {
    const data = (exampleEventInputs['outcome.recorded'] as { data: unknown }).data;
    const response = await api.post('/v1/outcomes', data, key, { 'idempotency-key': `outcome-${randomUUID()}` });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ type: 'outcome.recorded' });
    const wrong = await api.post('/v1/outcomes', { ...(data as object), type: 'comparison.recorded' }, key);
    expect(wrong.status).toBe(400);
    // The fields were sent at the top level, so the errors name them there.
    const { interactionId: _dropped, ...withoutInteraction } = data as Record<string, unknown>;
    const missing = await api.post('/v1/outcomes', withoutInteraction, key);
    expect(missing.status).toBe(400);
    expect((missing.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['interactionId']);
  });
});

describe('api keys and tenants', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
  });
  afterAll(() => api.close());

  it('refuses requests with no key, a malformed key, a revoked key or a missing scope, writing nothing', async () => {
    const before = await totalEndOffsets();
    const event = example('comparison.recorded');
    expect((await api.post('/v1/events', event)).status).toBe(401);
    expect((await api.post('/v1/events', event, 'not-a-key')).status).toBe(401);
    const readOnly = await api.issueKey({ scopes: ['read'] });
    const forbidden = await api.post('/v1/events', event, readOnly.key);
    expect(forbidden.status).toBe(403);
    const browser = await api.issueKey({ scopes: ['feedback'] });
    expect((await api.post('/v1/events', event, browser.key)).status).toBe(403);
    const revokedKey = await api.issueKey({ scopes: ['ingest'] });
    await api.revokeKey(revokedKey.id);
    const revoked = await api.post('/v1/events', event, revokedKey.key);
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ message: 'the API key has been revoked' });
    expect(await totalEndOffsets()).toBe(before);
  });

  it('never lets a key write into another tenant', async () => {
    const { key } = await api.issueKey({ tenant: uniqueTenant('tenant-a') });
    const before = await totalEndOffsets();
    const response = await api.post('/v1/events', example('comparison.recorded', { tenant: 'tenant-b' }), key);
    expect(response.status).toBe(400);
    expect((response.body as { issues: { path: string }[] }).issues[0].path).toBe('tenant');
    expect(await totalEndOffsets()).toBe(before);
  });

  it('rate-limits a key with 429 and Retry-After', async () => {
    const { key } = await api.issueKey({ rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const r = await api.post('/v1/events', example('feedback.recorded'), key);
      statuses.push(r.status);
      retryAfter = r.headers.get('retry-after') ?? retryAfter;
    }
    expect(statuses).toEqual([202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
