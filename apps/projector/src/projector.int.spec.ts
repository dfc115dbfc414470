import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  TOPICS,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { startService, type RunningService } from '@hindsight/runtime';
import {
  freePort,
  readTopicUntil,
  runCli,
  sampleSum,
  scrapeMetrics,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
  type Exposition,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { projectorService } from './projector-service';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'projector-test' });

describe('projector: Kafka into PostgreSQL, exactly once', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let key: string;
  let tenant: string;
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    projector.context.dataSource.query(sql, params);

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('proj');
    key = (await api.issueKey({ tenant })).key;
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
  });

  const send = async (type: keyof typeof exampleEventInputs, data: Record<string, unknown>) => {
    const base = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
    delete base.occurredAt;
    // Queue assignments are checked against served tasks; these events are not from a queue.
    delete (base.data as Record<string, unknown>).assignmentId;
    delete (base.data as Record<string, unknown>).queueId;
    const response = await api.post(
      '/v1/events',
      { ...base, idempotencyKey: `k-${randomUUID()}`, data: { ...(base.data as object), ...data } },
      key,
    );
    expect({ type, status: response.status, body: response.status === 202 ? undefined : response.body }).toEqual({
      type,
      status: 202,
      body: undefined,
    });
    return (response.body as { id: string }).id;
  };
  const eventCount = async (ids: string[]) =>
    Number((await query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0].n);

  it('projects comparisons, corrections, retractions, raters and deployment feedback', async () => {
    const taskId = `task-${randomUUID()}`;
    const first = await send('comparison.recorded', { taskId, raterId: 'rater-a' });
    const second = await send('comparison.recorded', { taskId, raterId: 'rater-b' });
    const correction = await send('annotation.corrected', {
      annotationId: first,
      taskId,
      annotationType: 'comparison.recorded',
      corrected: { choice: { kind: 'tie' }, strength: null },
    });
    const retraction = await send('annotation.retracted', { annotationId: second, taskId });
    const rater = await send('rater.profiled', { raterId: 'rater-a' });
    const interactionId = `int-${randomUUID()}`;
    const interaction = await send('interaction.logged', { interactionId });
    const feedback = await send('feedback.recorded', { interactionId });
    const outcome = await send('outcome.recorded', { interactionId });
    const ids = [first, second, correction, retraction, rater, interaction, feedback, outcome];
    await waitFor(
      () => eventCount(ids),
      (n) => n === ids.length,
      30_000,
      'all events projected',
    );

    const comparisons = await query<{
      annotation_id: string;
      choice: unknown;
      strength: number | null;
      retracted_at: Date | null;
      corrected_at: Date | null;
    }>(
      'SELECT annotation_id, choice, strength, retracted_at, corrected_at FROM comparisons WHERE tenant = $1 AND task_id = $2 ORDER BY recorded_at',
      [tenant, taskId],
    );
    expect(comparisons).toHaveLength(2);
    expect(comparisons[0]).toMatchObject({
      annotation_id: first,
      choice: { kind: 'tie' },
      strength: null,
      retracted_at: null,
    });
    expect(comparisons[0].corrected_at).not.toBeNull();
    expect(comparisons[1].retracted_at).not.toBeNull();
    expect(await query('SELECT rater_id FROM raters WHERE tenant = $1', [tenant])).toEqual([{ rater_id: 'rater-a' }]);
    expect(
      await query('SELECT count(*)::int AS n FROM feedback WHERE tenant = $1 AND interaction_id = $2', [
        tenant,
        interactionId,
      ]),
    ).toEqual([{ n: 1 }]);
    expect(
      await query('SELECT count(*)::int AS n FROM outcomes WHERE tenant = $1 AND interaction_id = $2', [
        tenant,
        interactionId,
      ]),
    ).toEqual([{ n: 1 }]);
  });

  it('applies a re-delivered or re-published event once', async () => {
    const id = await send('rater.profiled', { raterId: 'rater-dup' });
    await waitFor(
      () => eventCount([id]),
      (n) => n === 1,
      30_000,
      'event projected',
    );
    const [stored] = await query<{ payload: unknown; kafka_topic: string }>(
      'SELECT payload, kafka_topic FROM events WHERE id = $1',
      [id],
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: stored.kafka_topic,
      messages: [
        { key: 'rater-dup', value: JSON.stringify(stored.payload) },
        { key: 'rater-dup', value: JSON.stringify(stored.payload) },
      ],
    });
    // A never-seen event twice in one send (a producer retry): both copies reach the projector in the same batch.
    const unseen = {
      ...(stored.payload as Record<string, unknown>),
      id: formatUuidV7(Date.now(), randomBytes(10)),
      idempotencyKey: `k-${randomUUID()}`,
    };
    await producer.send({
      topic: stored.kafka_topic,
      messages: [
        { key: 'rater-dup', value: JSON.stringify(unseen) },
        { key: 'rater-dup', value: JSON.stringify(unseen) },
      ],
    });
    await producer.disconnect();
    const marker = await send('rater.profiled', { raterId: 'rater-after-dup' });
    await waitFor(
      () => eventCount([marker]),
      (n) => n === 1,
      30_000,
      'marker projected',
    );
    expect(await eventCount([id])).toBe(1);
    expect(await eventCount([unseen.id as string])).toBe(1);
    expect(
      await query('SELECT count(*)::int AS n FROM event_index WHERE id = ANY($1::uuid[])', [[id, unseen.id]]),
    ).toEqual([{ n: 2 }]);
  });

  it('stores one event per tenant and idempotency key, whatever reached Kafka (the api publishes unchecked while PostgreSQL is down)', async () => {
    const idempotencyKey = `k-${randomUUID()}`;
    const runId = `run-${randomUUID()}`;
    const other = uniqueTenant('proj-other');
    const metrics = (t: string, step: number, key = idempotencyKey) =>
      sealEvent(
        validateEventInput({
          type: 'training.metrics.reported',
          idempotencyKey: key,
          data: { runId, objective: 'helpfulness', step, meanReward: 1, kl: 1 },
        }),
        {
          id: formatUuidV7(Date.now(), randomBytes(10)),
          recordedAt: new Date().toISOString(),
          tenant: t,
          source: 'dedup-test',
        },
      ) as HindsightEvent;
    // Same tenant and key, other ids and bodies: one in the same send (one batch), one later; another tenant's same key.
    const [first, sameBatch, otherTenant, later] = [
      metrics(tenant, 1),
      metrics(tenant, 2),
      metrics(other, 3),
      metrics(tenant, 4),
    ];
    const marker = metrics(tenant, 5, `k-${randomUUID()}`);
    const message = (e: HindsightEvent) => ({
      key: partitionKey(e),
      value: JSON.stringify(e),
      headers: eventHeaders(e),
    });
    const topic = topicName(config.kafka.topicPrefix, TOPICS.retraining);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [first, sameBatch, otherTenant].map(message) });
    await producer.send({ topic, messages: [later, marker].map(message) });
    await producer.disconnect();
    // One partition (the run id is the key): the marker is applied after the others.
    await waitFor(
      () => eventCount([marker.id]),
      (n) => n === 1,
      30_000,
      'marker projected',
    );
    const rows = await query<{ tenant: string; id: string }>(
      'SELECT tenant, id FROM events WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    expect(rows.sort((a, b) => a.tenant.localeCompare(b.tenant))).toEqual(
      [
        { tenant, id: first.id },
        { tenant: other, id: otherTenant.id },
      ].sort((a, b) => a.tenant.localeCompare(b.tenant)),
    );
    expect(
      await query('SELECT count(*)::int AS n FROM event_index WHERE idempotency_key = $1', [idempotencyKey]),
    ).toEqual([{ n: 2 }]);
  });

  it('sends a poison message to the dead-letter topic with its reason and keeps going', async () => {
    const annotations = topicName(config.kafka.topicPrefix, TOPICS.annotations);
    const poison = JSON.stringify({ type: 'comparison.recorded', version: 1, id: 'not-an-id', data: { prompt: 42 } });
    const poisonKey = `poison-${randomUUID()}`;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: annotations, messages: [{ key: poisonKey, value: poison }] });
    await producer.disconnect();
    const after = await send('rater.profiled', { raterId: 'rater-after-poison' });
    await waitFor(
      () => eventCount([after]),
      (n) => n === 1,
      30_000,
      'event after the poison projected',
    );

    const rows = await query<{ reason: string; value: Buffer }>(
      'SELECT reason, value FROM dead_letters WHERE key = $1',
      [Buffer.from(poisonKey)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].value.toString()).toBe(poison);
    expect(rows[0].reason).toMatch(/tenant|id|data/);
    const dlq = await readTopicUntil(kafka, topicName(config.kafka.topicPrefix, TOPICS.deadLetter), (ms) =>
      ms.some((m) => m.key === poisonKey),
    );
    const message = dlq.find((m) => m.key === poisonKey)!;
    expect(message.value).toBe(poison);
    expect(message.headers['hindsight-dlq-source-topic']).toBe(annotations);
    expect(message.headers['hindsight-dlq-reason']).toBe(rows[0].reason);

    const listed = await runCli(['dlq', 'list', '--json']);
    expect(listed.code).toBe(0);
    const letters = JSON.parse(listed.stdout) as { id: string; key: string; value: string; reason: string }[];
    const letter = letters.find((l) => l.key === poisonKey)!;
    expect(letter).toMatchObject({ value: poison, reason: rows[0].reason });

    const redriven = await runCli(['dlq', 'replay', '--id', letter.id, '--json']);
    expect(redriven.code).toBe(0);
    expect(JSON.parse(redriven.stdout)).toEqual({ replayed: [letter.id] });
    // Still poison: the projector reads the re-driven copy at its new offset and dead-letters it again.
    const again = await waitFor(
      () =>
        query<{ replayed_at: Date | null }>('SELECT replayed_at FROM dead_letters WHERE key = $1 ORDER BY id', [
          Buffer.from(poisonKey),
        ]),
      (r) => r.length === 2,
      30_000,
      're-driven copy dead-lettered',
    );
    expect(again[0].replayed_at).not.toBeNull();
    expect(again[1].replayed_at).toBeNull();
    expect((await runCli(['dlq', 'replay', '--id', '999999999'])).code).toBe(1);
    expect((await runCli(['dlq', 'replay'])).code).toBe(2);
  });

  it('dead-letters events PostgreSQL cannot store (a NUL, a lone surrogate) written by another producer, and keeps going', async () => {
    const annotations = topicName(config.kafka.topicPrefix, TOPICS.annotations);
    // All on one task, so on one partition: the event after them proves that partition moved on.
    const taskId = `task-${randomUUID()}`;
    const unstorable = (prompt: string) => {
      const input = validateEventInput({
        ...structuredClone(exampleEventInputs['comparison.recorded']),
        idempotencyKey: `k-${randomUUID()}`,
      });
      const event = sealEvent(input, {
        id: formatUuidV7(Date.now(), randomBytes(10)),
        recordedAt: new Date().toISOString(),
        tenant,
        source: 'another-producer',
      });
      // Plain (unsealed) data with the bad text put in after validation, as a producer that skips the api could.
      return JSON.stringify({ ...event, data: { ...(event.data as object), taskId, prompt } });
    };
    const messages = [
      { key: taskId, value: unstorable('eu\u0000west') },
      { key: taskId, value: unstorable('eu \uD83D west') },
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: annotations,
      messages: messages.map((m) => ({
        ...m,
        headers: { 'hindsight-type': 'comparison.recorded', 'hindsight-version': '1' },
      })),
    });
    await producer.disconnect();
    const after = await send('comparison.recorded', { taskId });
    await waitFor(
      () => eventCount([after]),
      (n) => n === 1,
      30_000,
      'event after the unstorable ones, same partition, projected',
    );

    const rows = await query<{ reason: string }>(
      'SELECT reason FROM dead_letters WHERE key = $1 ORDER BY kafka_offset',
      [Buffer.from(taskId)],
    );
    expect(rows.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^data\.prompt: must not contain the NUL character/),
      expect.stringMatching(/^data\.prompt: must be well-formed Unicode/),
    ]);
  });

  it('serves Prometheus metrics that move with the traffic: messages applied, batch durations, dead letters, lag and owned partitions', async () => {
    const before = await scrapeMetrics(projector.url);
    const applied = (e: Exposition) => sampleSum(e, 'hindsight_projector_messages_total', { outcome: 'applied' });
    const id = await send('rater.profiled', { raterId: `rater-${randomUUID().slice(0, 8)}` });
    await waitFor(
      () => eventCount([id]),
      (n) => n === 1,
      30_000,
      'event projected',
    );
    // The counters move once the batch's transaction has committed, a moment after the row is visible.
    const after = await waitFor(
      () => scrapeMetrics(projector.url),
      (e) => applied(e) > applied(before),
      30_000,
      'the applied counter to move',
    );
    expect(sampleSum(after, 'hindsight_projector_batch_duration_seconds_count')).toBeGreaterThan(
      sampleSum(before, 'hindsight_projector_batch_duration_seconds_count'),
    );
    expect(after.types.get('hindsight_projector_batch_duration_seconds')).toBe('histogram');
    // The test above dead-lettered two messages.
    expect(sampleSum(after, 'hindsight_projector_dead_letters_total')).toBeGreaterThanOrEqual(2);
    const partitions = (name: string) =>
      after.samples.filter((s) => s.name === name).map((s) => `${s.labels.topic}[${s.labels.partition}]`);
    expect(partitions('hindsight_projector_consumer_lag').length).toBeGreaterThan(0);
    // The only member of its group owns every partition it applied.
    expect(partitions('hindsight_projector_assigned_partitions')).toEqual(
      expect.arrayContaining(partitions('hindsight_projector_consumer_lag')),
    );
    expect(
      after.samples.some((s) => s.name === 'process_cpu_user_seconds_total' && s.labels.service === 'projector'),
    ).toBe(true);
  });
});
