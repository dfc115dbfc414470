import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import {
  endOffsetTotal,
  freePort,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { localKafkaPaths } from './local-kafka';
import { stackDown, stackUp } from './stack';

function comparison(idempotencyKey: string): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  delete (input.data as Record<string, unknown>).assignmentId;
  delete (input.data as Record<string, unknown>).queueId;
  return { ...input, idempotencyKey };
}

/**
 * The api against a private broker that is stopped under it: while Kafka is down
 * nothing is answered 202, and once it is back the same request is accepted.
 * The broker the rest of the suite uses is never touched.
 */
describe('ingestion while the broker is down', () => {
  const shared = loadPlatformConfig();
  const home = mkdtempSync(join(tmpdir(), 'hindsight-outage-'));
  let api: ApiUnderTest | undefined;
  let brokers = '';

  afterAll(async () => {
    await api?.close();
    if (brokers)
      await stackDown(
        loadPlatformConfig({ ...process.env, KAFKA_BROKERS: brokers, HINDSIGHT_HOME: home }),
        () => undefined,
      );
    rmSync(home, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After and never 202 while Kafka is down, then accepts the retry once it is back', async () => {
    brokers = `127.0.0.1:${await freePort()}`;
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: brokers, HINDSIGHT_HOME: home });
    mkdirSync(localKafkaPaths(home).root, { recursive: true });
    // Reuse the jars the shared stack fetched, when it was started from this checkout.
    if (existsSync(localKafkaPaths(shared.home).jars))
      symlinkSync(localKafkaPaths(shared.home).jars, localKafkaPaths(home).jars);
    await stackUp(config, () => undefined);

    api = await startApiUnderTest(apiService, {
      KAFKA_BROKERS: brokers,
      PUBLISH_ACK_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'silent',
    });
    const { key } = await api.issueKey({ tenant: uniqueTenant('outage'), scopes: ['ingest'] });
    expect((await api.post('/v1/events', comparison(`k-${randomUUID()}`), key)).status).toBe(202);

    await stackDown(config, () => undefined);
    const retried = `k-${randomUUID()}`;
    const during = [];
    for (let attempt = 0; attempt < 3; attempt++) during.push(await api.post('/v1/events', comparison(retried), key));
    expect(during.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(during[0].body).toMatchObject({ error: 'unavailable' });
    expect(Number(during[0].headers.get('retry-after'))).toBeGreaterThan(0);
    // Each failed attempt gave its idempotency claim back, so the retry below claims the key at once.
    expect(
      await api.running.context.dataSource.query('SELECT key FROM idempotency_records WHERE key = $1', [retried]),
    ).toEqual([]);

    await stackUp(config, () => undefined);
    const after = await waitFor(
      () => api!.post('/v1/events', comparison(retried), key),
      (r) => r.status === 202,
      90_000,
      'the api to accept again',
    );
    expect(after.body).toMatchObject({ idempotencyKey: retried });
    // Accepted once; a repeat is the stored answer, not a second event.
    const again = await api.post('/v1/events', comparison(retried), key);
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const topic = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));
    expect(
      await endOffsetTotal(createKafka({ brokers: config.kafka.brokers, clientId: 'outage-test' }), topic),
    ).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
