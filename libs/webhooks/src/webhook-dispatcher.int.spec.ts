import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  recordMessage,
  sealEvent,
  topicName,
  TOPICS,
  validateEventInput,
  type HindsightEvent,
  type WebhookDeliveryAttempted,
} from '@hindsight/contracts';
import { planProjection } from '@hindsight/projections';
import { createEventPublisher, createKafka, publishRaw } from '@hindsight/kafka';
import { createLogger } from '@hindsight/runtime';
import { kekIdOf, keyRingOf } from '@hindsight/shredding';
import {
  applyRecordChanges,
  applyWebhookRecord,
  createDataSource,
  WebhookRepository,
  type DataSource,
} from '@hindsight/store';
import { freePort, readTopicUntil, runCli, waitFor } from '@hindsight/test-support';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookSubscriptions } from './webhook-subscriptions';
import type { WebhookSettings } from './webhook-settings';

// The very snippet the README quotes (its "Webhooks" section), loaded as a receiver would run it; the last test
// checks that the README's text is this file's, character for character.
const SNIPPET = join(__dirname, '../../../examples/webhooks/verify-signature.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyHindsightSignature } = require(SNIPPET) as {
  verifyHindsightSignature: (secret: string, body: string, header: string, tolerance?: number, now?: number) => boolean;
};

interface Received {
  readonly deliveryId: string;
  readonly signature: string;
  readonly kind: string;
  readonly body: string;
  readonly answered: number;
}

/** A local receiver: `behaviour` picks each request's answer (a status, or `hang` to never answer). */
async function startReceiver(behaviour: (deliveryId: string, seen: number) => number | 'hang') {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const deliveryId = String(req.headers['hindsight-delivery-id']);
      const n = (seen.get(deliveryId) ?? 0) + 1;
      seen.set(deliveryId, n);
      const answer = behaviour(deliveryId, n);
      received.push({
        deliveryId,
        signature: String(req.headers['hindsight-signature']),
        kind: String(req.headers['hindsight-event']),
        body: Buffer.concat(chunks).toString('utf8'),
        answered: answer === 'hang' ? 0 : answer,
      });
      if (answer === 'hang') hanging.push(res);
      else res.writeHead(answer).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/*
 * The dispatcher on the real broker and database, against local HTTP receivers:
 * at-least-once with one accepted delivery per event, HMAC signatures checked with
 * the README's snippet, retries with backoff, and the dead-letter list.
 */
describe('outbound webhooks', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'webhooks-test' });
  const logger = createLogger('webhooks-test', (process.env.WEBHOOKS_TEST_LOG as 'info') ?? 'warn');
  const key = randomBytes(32);
  const ring = keyRingOf([{ id: kekIdOf(key), key }], 'test');
  const publisher = createEventPublisher(config.kafka, 'webhooks-test');
  const newEventId = () => formatUuidV7(Date.now(), randomBytes(10));
  const settings: WebhookSettings = {
    maxAttempts: 5,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
    timeoutMs: 400,
    pollMs: 25,
    groupId: `webhooks-test-${randomUUID()}`,
  };
  let dataSource: DataSource;
  let repository: WebhookRepository;
  let subscriptions: WebhookSubscriptions;
  let dispatcher: WebhookDispatcher;
  const closers: (() => Promise<void>)[] = [];
  let crashOnDelivered = false;

  beforeAll(async () => {
    dataSource = createDataSource({ url: config.database.url, schema: config.database.schema });
    await dataSource.initialize();
    repository = new WebhookRepository(dataSource);
    subscriptions = new WebhookSubscriptions(repository, () => ring, {
      publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
      apply: (event) => applyWebhookRecord(dataSource, event),
      newEventId,
      newWebhookId: () => `wh-${randomUUID()}`,
      source: 'api',
    });
    dispatcher = new WebhookDispatcher({
      kafka,
      topicPrefix: config.kafka.topicPrefix,
      repository,
      ports: { gateReport: async () => ({ passed: false, planted: true }), monitorReport: async () => null },
      ring: () => ring,
      settings,
      publish: async (event) => {
        // A crash between the receiver's 2xx and the attempt's record, as the dispatcher would meet it.
        if (crashOnDelivered && event.data.outcome === 'delivered') {
          crashOnDelivered = false;
          throw new Error('planted crash before the attempt was recorded');
        }
        await publisher.publish([recordMessage(event, config.kafka.topicPrefix)]);
      },
      // Longer than a POST (timeout 400 ms) and a publish under load, so only the planted crash is ever claimed again.
      leaseMs: 3000,
      now: () => new Date(),
      random: Math.random,
      newEventId,
      logger,
    });
    await dispatcher.start();
  });
  afterAll(async () => {
    await dispatcher.stop();
    for (const close of closers) await close();
    await publisher.close();
    await dataSource.destroy();
  });

  const publishEvent = async (
    tenant: string,
    type: 'retrain.completed' | 'retrain.failed' | 'drift.measured',
    data?: object,
  ) => {
    const example = exampleEventInputs[type];
    const now = new Date();
    const event = sealEvent(
      validateEventInput(
        { ...example, idempotencyKey: `${type}:${randomUUID()}`, data: { ...example.data, ...data } },
        { types: [type] },
      ),
      { id: newEventId(), recordedAt: now.toISOString(), tenant, source: 'trainer' },
    ) as HindsightEvent;
    await publishRaw(kafka, topicName(config.kafka.topicPrefix, TOPICS.retraining), [
      {
        key: Buffer.from(String((event.data as { runId?: string; policyId?: string }).runId ?? 'k')),
        value: Buffer.from(JSON.stringify(event)),
        headers: eventHeaders(event),
      },
    ]);
    return event;
  };

  it('retries a receiver that fails three times and accepts each event exactly once, every request validly signed', async () => {
    const tenant = `wh-${randomUUID().slice(0, 8)}`;
    const receiver = await startReceiver((_id, seen) => (seen <= 3 ? 503 : 204));
    closers.push(receiver.close);
    const { webhook, secret } = await subscriptions.create(
      tenant,
      {
        url: receiver.url,
        kinds: ['retrain.completed', 'retrain.failed', 'drift.threshold-exceeded', 'dead-letter.recorded'],
      },
      new Date(),
    );
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const completed = await publishEvent(tenant, 'retrain.completed');
    const failed = await publishEvent(tenant, 'retrain.failed');
    const driftAbove = await publishEvent(tenant, 'drift.measured', { value: 0.4, threshold: 0.25, runId: undefined });
    await publishEvent(tenant, 'drift.measured', { value: 0.1, threshold: 0.25, runId: undefined }); // below: no delivery
    await publishRaw(kafka, topicName(config.kafka.topicPrefix, TOPICS.deadLetter), [
      {
        key: Buffer.from('task-1'),
        value: Buffer.from('{not json'),
        headers: {
          'hindsight-tenant': tenant,
          'hindsight-type': 'comparison.recorded',
          'hindsight-dlq-reason': 'value is not JSON',
          'hindsight-dlq-source-topic': topicName(config.kafka.topicPrefix, TOPICS.annotations),
          'hindsight-dlq-source-partition': '0',
          'hindsight-dlq-source-offset': String(Date.now()),
          'hindsight-dlq-consumer-group': 'hindsight-projector',
          'hindsight-dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);

    const delivered = await waitFor(
      () => repository.deliveries(tenant, { limit: 50 }),
      (d) => d.filter((x) => x.status === 'delivered').length >= 4,
      40_000,
      'four delivered webhooks',
    );
    expect(delivered).toHaveLength(4);
    expect(new Set(delivered.map((d) => d.kind))).toEqual(
      new Set(['retrain.completed', 'retrain.failed', 'drift.threshold-exceeded', 'dead-letter.recorded']),
    );
    expect(new Set(delivered.map((d) => d.sourceId)).has(completed.id)).toBe(true);
    expect(new Set(delivered.map((d) => d.sourceId)).has(driftAbove.id)).toBe(true);
    for (const d of delivered) {
      expect(d.webhookId).toBe(webhook.id);
      expect(d.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'delivered']);
      expect(d.attempts.map((a) => a.httpStatus)).toEqual([503, 503, 503, 204]);
      const requests = receiver.received.filter((r) => r.deliveryId === d.deliveryId);
      // At least once, accepted exactly once: the same id and the same body at every attempt.
      expect(requests.filter((r) => r.answered >= 200 && r.answered < 300)).toHaveLength(1);
      expect(requests).toHaveLength(4);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      for (const r of requests) expect(verifyHindsightSignature(secret, r.body, r.signature)).toBe(true);
      expect(JSON.parse(requests[0].body)).toMatchObject({
        id: d.deliveryId,
        kind: d.kind,
        tenant,
        webhookId: webhook.id,
      });
    }
    // Nothing for the reading below its threshold; the failure carries the run's gate report.
    expect(receiver.received.every((r) => new Set(delivered.map((d) => d.deliveryId)).has(r.deliveryId))).toBe(true);
    const failure = receiver.received.find((r) => JSON.parse(r.body).sourceId === failed.id);
    expect(JSON.parse(failure!.body).data).toMatchObject({ stage: 'quality-gate', gateReport: { planted: true } });

    // Every attempt is an event on the webhooks topic: applied to empty views, they rebuild the same deliveries.
    const attempts = (
      await readTopicUntil(
        kafka,
        topicName(config.kafka.topicPrefix, TOPICS.webhooks),
        (ms) => ms.filter((m) => m.headers['hindsight-tenant'] === tenant).length >= 16,
      )
    )
      .filter((m) => m.headers['hindsight-tenant'] === tenant)
      .map((m) => JSON.parse(m.value) as WebhookDeliveryAttempted);
    expect(attempts).toHaveLength(16);
    const before = await repository.deliveries(tenant, { limit: 50 });
    await dataSource.query('DELETE FROM webhook_delivery_attempts WHERE tenant = $1', [tenant]);
    await dataSource.query('DELETE FROM webhook_deliveries WHERE tenant = $1', [tenant]);
    await applyRecordChanges(dataSource, planProjection(attempts).records);
    expect(await repository.deliveries(tenant, { limit: 50 })).toEqual(before);
  });

  it('dead-letters a delivery whose receiver never answers, after the last attempt', async () => {
    const tenant = `wh-${randomUUID().slice(0, 8)}`;
    const receiver = await startReceiver(() => 'hang');
    closers.push(receiver.close);
    const { webhook } = await subscriptions.create(
      tenant,
      { url: receiver.url, kinds: ['retrain.completed'] },
      new Date(),
    );
    await publishEvent(tenant, 'retrain.completed');
    const [dead] = await waitFor(
      () => repository.deliveries(tenant, { status: 'dead', limit: 50 }),
      (d) => d.length >= 1,
      40_000,
      'a dead delivery',
    );
    expect(dead.webhookId).toBe(webhook.id);
    expect(dead.attempts).toHaveLength(settings.maxAttempts);
    expect(dead.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'failed', 'dead']);
    expect(dead.attempts.map((a) => a.error)).toEqual(Array(5).fill(`no answer within ${settings.timeoutMs} ms`));
    expect(dead.attempts.at(-1)?.nextAttemptAt).toBeNull();
    expect(await repository.deliveries(tenant, { status: 'delivered', limit: 50 })).toEqual([]);
    // The CLI lists it as an operator would.
    const cli = await runCli(['webhooks', 'deliveries', '--tenant', tenant, '--status', 'dead', '--json']);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).deliveries.map((d: { deliveryId: string }) => d.deliveryId)).toEqual([
      dead.deliveryId,
    ]);
  });

  it('sends an accepted delivery again after a crash before its record, under the same id and body', async () => {
    const tenant = `wh-${randomUUID().slice(0, 8)}`;
    const receiver = await startReceiver(() => 200);
    closers.push(receiver.close);
    await subscriptions.create(tenant, { url: receiver.url, kinds: ['retrain.completed'] }, new Date());
    crashOnDelivered = true;
    await publishEvent(tenant, 'retrain.completed');
    const [delivered] = await waitFor(
      () => repository.deliveries(tenant, { status: 'delivered', limit: 50 }),
      (d) => d.length >= 1,
      40_000,
      'the delivery after the crash',
    );
    expect(crashOnDelivered).toBe(false);
    // Accepted twice, at least once: the receiver sees one delivery id and one body, and de-duplicates by it.
    expect(receiver.received.map((r) => [r.deliveryId, r.answered])).toEqual([
      [delivered.deliveryId, 200],
      [delivered.deliveryId, 200],
    ]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    // The attempt that was never recorded is not in the view; the one after the lease ran out is.
    expect(delivered.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'delivered']]);
  });

  it('the documented snippet refuses a tampered body, a forged signature, a wrong secret and an old timestamp', async () => {
    const secret = 'whsec_test-secret';
    const body = '{"id":"d-1","kind":"retrain.failed"}';
    const { signatureHeader } = await import('./signature');
    const now = 1_767_225_600;
    const header = signatureHeader(secret, now, body);
    expect(verifyHindsightSignature(secret, body, header, 300, now)).toBe(true);
    expect(verifyHindsightSignature(secret, body.replace('failed', 'completed'), header, 300, now)).toBe(false);
    expect(verifyHindsightSignature('whsec_other', body, header, 300, now)).toBe(false);
    const forged = header.replace(/v1=([0-9a-f])/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`);
    expect(verifyHindsightSignature(secret, body, forged, 300, now)).toBe(false);
    expect(verifyHindsightSignature(secret, body, 't=abc,v1=zz', 300, now)).toBe(false);
    expect(verifyHindsightSignature(secret, body, header, 300, now + 301)).toBe(false);
  });

  it('the README quotes the snippet the tests run, character for character', () => {
    const root = join(__dirname, '../../..');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const file = readFileSync(SNIPPET, 'utf8');
    const quoted = /<!-- webhooks:verify-signature -->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(quoted).toBe(file);
  });
});
