import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, topicOf } from '@hindsight/contracts';
import { createKafka, probeKafka } from '@hindsight/kafka';
import {
  endOffsetTotal,
  freePort,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { isOurBroker, localKafkaPaths, recordedPid } from './local-kafka';
import { stackDown, stackUp } from './stack';

function comparison(idempotencyKey: string): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  delete (input.data as Record<string, unknown>).assignmentId;
  delete (input.data as Record<string, unknown>).queueId;
  return { ...input, idempotencyKey };
}

/** A free port whose successor is free too: the local broker's controller listens on port + 1. */
async function freeBrokerPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const nextFree = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (nextFree) return port;
  }
}

interface Answer {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly id?: string;
}

const ACK_TIMEOUT_MS = 5000;
/** An answer this quick was given from what the publisher knew, not after waiting for the broker. */
const FAST_MS = 500;

/**
 * Issue #12, "Recovery": a private broker is killed with `kill -9` under a steady
 * load and started again. While it is known to be down the api answers 503 with
 * Retry-After at once (and /ready says kafka is down), and it answers 202 again
 * within 5 s of the broker answering. The shared broker is never touched.
 */
describe('ingestion when the broker is killed under load and comes back', () => {
  const shared = loadPlatformConfig();
  const home = mkdtempSync(join(tmpdir(), 'hindsight-broker-kill-'));
  let api: ApiUnderTest | undefined;
  let brokers = '';
  let stopLoad = false;

  afterAll(async () => {
    stopLoad = true;
    await api?.close();
    if (brokers)
      await stackDown(
        loadPlatformConfig({ ...process.env, KAFKA_BROKERS: brokers, HINDSIGHT_HOME: home }),
        () => undefined,
      );
    rmSync(home, { recursive: true, force: true });
  });

  it('answers 503 at once while the broker is known down, and 202 within 5 s of it answering again', async () => {
    brokers = `127.0.0.1:${await freeBrokerPort()}`;
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: brokers, HINDSIGHT_HOME: home });
    const paths = localKafkaPaths(home);
    mkdirSync(paths.root, { recursive: true });
    if (existsSync(localKafkaPaths(shared.home).jars)) symlinkSync(localKafkaPaths(shared.home).jars, paths.jars);
    await stackUp(config, () => undefined);

    api = await startApiUnderTest(apiService, {
      KAFKA_BROKERS: brokers,
      PUBLISH_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
      LOG_LEVEL: 'silent',
    });
    const { key } = await api.issueKey({ tenant: uniqueTenant('broker-kill'), scopes: ['ingest'] });
    expect((await api.post('/v1/events', comparison(`k-${randomUUID()}`), key)).status).toBe(202);

    const answers: Answer[] = [];
    const worker = async () => {
      while (!stopLoad) {
        const startedAt = Date.now();
        const response = await api!.post('/v1/events', comparison(`k-${randomUUID()}`), key);
        const id = response.status === 202 ? (response.body as { id: string }).id : undefined;
        answers.push({
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          id,
        });
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const load = Promise.all(Array.from({ length: 4 }, worker));
    await waitFor(
      async () => answers.filter((a) => a.status === 202).length,
      (n) => n >= 20,
      30_000,
      'steady 202s before the kill',
    );

    const pid = recordedPid(paths);
    expect(pid !== undefined && isOurBroker(pid, paths)).toBe(true);
    const killedAt = Date.now();
    process.kill(pid!, 'SIGKILL');

    const firstFast503 = await waitFor(
      async () => answers.find((a) => a.startedAt >= killedAt && a.status === 503 && a.endedAt - a.startedAt < FAST_MS),
      (a) => a !== undefined,
      30_000,
      'a fast 503 after the kill',
    );
    const readyStarted = Date.now();
    const ready = await fetch(`${api.url}/ready`);
    const readyMs = Date.now() - readyStarted;
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      down: ['kafka'],
      dependencies: { kafka: { up: false, detail: expect.stringContaining('the publisher') } },
    });
    // Keep it down for a while under load, as in the issue's 15 s trial (shorter: the machine is shared).
    await new Promise((r) => setTimeout(r, 6000));

    const restartedAt = Date.now();
    let brokerAnsweredAt: number | undefined;
    const watch = (async () => {
      while (brokerAnsweredAt === undefined && !stopLoad) {
        if ((await probeKafka({ brokers: [brokers], clientId: 'broker-kill-watch' }, 1000)).up)
          brokerAnsweredAt = Date.now();
        else await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await stackUp(config, () => undefined);
    await watch;
    const first202 = await waitFor(
      async () => answers.find((a) => a.startedAt >= restartedAt && a.status === 202),
      (a) => a !== undefined,
      30_000,
      'the first 202 after the broker is back',
    );
    stopLoad = true;
    await load;

    const knownDown = answers.filter((a) => a.startedAt >= firstFast503!.startedAt && a.startedAt < brokerAnsweredAt!);
    const refusals = knownDown.filter((a) => a.status === 503);
    const slowest = Math.max(...refusals.map((a) => a.endedAt - a.startedAt));
    const figures = {
      firstFast503AfterKillMs: firstFast503!.endedAt - killedAt,
      readyAnsweredInMs: readyMs,
      refusalsWhileKnownDown: refusals.length,
      slowestRefusalWhileKnownDownMs: slowest,
      brokerStartMs: brokerAnsweredAt! - restartedAt,
      first202AfterBrokerAnsweredMs: first202!.endedAt - brokerAnsweredAt!,
      accepted: answers.filter((a) => a.status === 202).length,
      refused: answers.filter((a) => a.status === 503).length,
      other: answers.filter((a) => a.status !== 202 && a.status !== 503).map((a) => a.status),
    };
    process.stdout.write(`broker kill figures: ${JSON.stringify(figures)}\n`);

    // Nothing answered 202 is lost or stored twice: each accepted id is on the topic exactly once.
    const kafka = createKafka({ brokers: [brokers], clientId: 'broker-kill-audit' });
    const topic = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));
    const end = await endOffsetTotal(kafka, topic);
    const onTopic = new Map<string, number>();
    for (const m of await readTopicUntil(kafka, topic, (read) => read.length >= end)) {
      const id = (JSON.parse(m.value) as { id: string }).id;
      onTopic.set(id, (onTopic.get(id) ?? 0) + 1);
    }
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.id!);
    expect(accepted.filter((id) => onTopic.get(id) !== 1)).toEqual([]);
    expect([...onTopic.values()].filter((n) => n > 1)).toEqual([]);

    expect(figures.other).toEqual([]);
    expect(figures.firstFast503AfterKillMs).toBeLessThan(ACK_TIMEOUT_MS);
    expect(readyMs).toBeLessThan(FAST_MS);
    expect(refusals.length).toBeGreaterThan(10);
    expect(knownDown.every((a) => a.status === 503 && Number(a.retryAfter) > 0)).toBe(true);
    expect(slowest).toBeLessThan(ACK_TIMEOUT_MS / 2);
    expect(figures.first202AfterBrokerAnsweredMs).toBeLessThan(5000);
  }, 300_000);
});
