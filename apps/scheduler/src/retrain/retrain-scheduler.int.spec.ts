import { randomBytes } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka, EventPublisher } from '@hindsight/kafka';
import { createLogger, startService, type RunningService } from '@hindsight/runtime';
import {
  retrainRequestedEvent,
  UnavailableComparisonCounter,
  UnavailableDriftSignal,
  type RetrainPolicy,
} from '@hindsight/scheduling';
import {
  createDataSource,
  RetrainPolicyRepository,
  RetrainRequestRepository,
  type RetrainPolicyRow,
} from '@hindsight/store';
import {
  endOffsetTotal,
  freePort,
  readTopicUntil,
  sampleSum,
  scrapeMetrics,
  uniqueTenant,
} from '@hindsight/test-support';
import type { DataSource } from '@hindsight/store';
import { ManualClock } from '@hindsight/contracts';
import { RetrainScheduler } from './retrain-scheduler';
import { schedulerService } from '../scheduler-service';

/*
 * The scheduler against the real broker and database, driven by a manual clock
 * far in the past (2001–2003) so that policies other test files create (active
 * from the real present) are never due here. Nothing waits on time: each step
 * waits for a condition (rows recorded, replicas having ticked again).
 */

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'scheduler-test' });
const retrainingTopic = topicName(config.kafka.topicPrefix, TOPICS.retraining);
const MINUTE = 60_000;
const newId = () => formatUuidV7(Date.now(), randomBytes(10));

let dataSource: DataSource;
let policies: RetrainPolicyRepository;
let requests: RetrainRequestRepository;

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function insertPolicy(overrides: Partial<RetrainPolicyRow> & { activeSince: Date }): Promise<RetrainPolicyRow> {
  const row: RetrainPolicyRow = {
    id: newId(),
    tenant: uniqueTenant('sched'),
    name: `p-${randomBytes(4).toString('hex')}`,
    cadence: '* * * * *',
    timezone: 'Europe/Berlin',
    objectives: ['helpfulness'],
    recipe: { id: 'default', version: 1 },
    catchUp: 'all',
    minNewComparisons: null,
    driftThreshold: null,
    status: 'active',
    createdAt: overrides.activeSince,
    pausedAt: null,
    ...overrides,
  };
  const stored = await policies.insert(row);
  if (!stored) throw new Error('policy not stored');
  return stored;
}

interface Replica {
  readonly running: RunningService;
  readonly scheduler: RetrainScheduler;
}

async function startReplica(clock: ManualClock): Promise<Replica> {
  const port = await freePort();
  const running = await startService(
    schedulerService({ clock, settings: { tickMs: 25, driftRefreshMs: 0, driftWindowMs: 30 * 86_400_000 } }),
    {
      ...process.env,
      SCHEDULER_PORT: String(port),
    },
  );
  return { running, scheduler: running.app.get(RetrainScheduler) };
}

/** Waits until every replica has completed `n` more ticks: whatever they were going to fire, they have. */
async function settle(replicas: readonly Replica[], n = 3): Promise<void> {
  const targets = replicas.map((r) => r.scheduler.ticks + n);
  await until(() => replicas.every((r, i) => r.scheduler.ticks >= targets[i]), 'replicas to tick again');
}

const publishedCount = async (policyId: string) =>
  (await requests.listByPolicy(policyId)).filter((r) => r.publishedAt !== null).length;

/** Every retrain.requested on the topic so far, by policy id. */
async function eventsOnTopic(): Promise<
  Map<string, { id: string; period?: string; reason: string; runId: string; asOf: string }[]>
> {
  const total = await endOffsetTotal(kafka, retrainingTopic);
  const messages = total === 0 ? [] : await readTopicUntil(kafka, retrainingTopic, (ms) => ms.length >= total);
  const byPolicy = new Map<string, { id: string; period?: string; reason: string; runId: string; asOf: string }[]>();
  for (const m of messages) {
    const event = JSON.parse(m.value) as {
      id: string;
      type: string;
      data: {
        runId: string;
        asOf: string;
        period?: string;
        trigger: { kind: string; policyId?: string; reason?: string };
      };
    };
    if (event.type !== 'retrain.requested' || event.data.trigger.kind !== 'policy') continue;
    const list = byPolicy.get(event.data.trigger.policyId!) ?? [];
    list.push({
      id: event.id,
      period: event.data.period,
      reason: event.data.trigger.reason!,
      runId: event.data.runId,
      asOf: event.data.asOf,
    });
    byPolicy.set(event.data.trigger.policyId!, list);
  }
  // Events are keyed by run id over several partitions: order them by the instant they are as of.
  for (const list of byPolicy.values()) list.sort((a, b) => a.asOf.localeCompare(b.asOf));
  return byPolicy;
}

async function leaderBackendPid(): Promise<number | undefined> {
  const rows: { pid: number }[] = await dataSource.query(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
    [`hindsight-scheduler:${config.database.schema}`],
  );
  return rows[0]?.pid;
}

beforeAll(async () => {
  dataSource = createDataSource(config.database, { applicationName: 'scheduler-test', poolSize: 4 });
  await dataSource.initialize();
  policies = new RetrainPolicyRepository(dataSource);
  requests = new RetrainRequestRepository(dataSource);
});

afterAll(async () => {
  await dataSource.destroy();
});

describe('the scheduler with two replicas', () => {
  it('fires exactly once per period, and keeps doing so when the leader loses its lock or stops', async () => {
    const t0 = new Date('2001-01-01T00:00:30Z');
    const clock = new ManualClock(t0);
    const policy = await insertPolicy({ activeSince: t0 });
    let replicas = [await startReplica(clock), await startReplica(clock)];
    try {
      await settle(replicas);
      expect(replicas.filter((r) => r.scheduler.isLeader)).toHaveLength(1);
      // The leader keeps its session (and lock) from tick to tick.
      const firstLeaderPid = await leaderBackendPid();
      await settle(replicas);
      expect(await leaderBackendPid()).toBe(firstLeaderPid);
      expect(await requests.listByPolicy(policy.id)).toEqual([]);

      for (let m = 1; m <= 3; m++) {
        clock.set(new Date(t0.getTime() + m * MINUTE));
        await until(async () => (await publishedCount(policy.id)) === m, `fire ${m} recorded and published`);
        await settle(replicas);
      }

      // The leader's session dies: the lock goes with it, and a replica (possibly the same one, on a new session) takes over.
      const killed = await leaderBackendPid();
      expect(killed).toBeDefined();
      await dataSource.query('SELECT pg_terminate_backend($1)', [killed]);
      await until(async () => ((await leaderBackendPid()) ?? killed) !== killed, 'a new leading session');
      await settle(replicas);
      expect(replicas.filter((r) => r.scheduler.isLeader)).toHaveLength(1);
      clock.set(new Date(t0.getTime() + 4 * MINUTE));
      await until(async () => (await publishedCount(policy.id)) === 4, 'fire 4 after the lock was lost');
      await settle(replicas);

      // The leader stops: the other replica takes the lead.
      const leader = replicas.find((r) => r.scheduler.isLeader)!;
      await leader.running.app.close();
      replicas = replicas.filter((r) => r !== leader);
      await until(() => replicas[0].scheduler.isLeader, 'the remaining replica to lead');
      clock.set(new Date(t0.getTime() + 5 * MINUTE));
      await until(async () => (await publishedCount(policy.id)) === 5, 'fire 5 after failover');
      await settle(replicas);

      const rows = await requests.listByPolicy(policy.id);
      const periods = ['00:01', '00:02', '00:03', '00:04', '00:05'].map((hm) => `2001-01-01T${hm}:00.000Z`);
      expect(rows.map((r) => [r.period, r.reason, r.asOf.toISOString()])).toEqual(
        periods.map((p) => [p, 'cadence', p]),
      );
      const events = (await eventsOnTopic()).get(policy.id) ?? [];
      expect(events.map((e) => e.period)).toEqual(periods);
      expect(events.map((e) => e.runId)).toEqual(rows.map((r) => r.runId));
    } finally {
      await Promise.all(replicas.map((r) => r.running.app.close()));
      await policies.delete(policy.tenant, policy.id, clock.now());
    }
  });
});

describe('catch-up after downtime', () => {
  it('fires once for latest-only and once per missed period for all, and nothing for a paused policy', async () => {
    const t1 = new Date('2002-01-01T00:00:30Z');
    const clock = new ManualClock(new Date(t1.getTime() + MINUTE));
    const latestOnly = await insertPolicy({ activeSince: t1, catchUp: 'latest-only' });
    const all = await insertPolicy({ activeSince: t1, catchUp: 'all' });
    const paused = await insertPolicy({ activeSince: t1, catchUp: 'all' });
    await policies.setPaused(paused.tenant, paused.id, true, t1);
    const ids = [latestOnly.id, all.id, paused.id];
    try {
      const first = await startReplica(clock);
      await until(
        async () => (await publishedCount(latestOnly.id)) === 1 && (await publishedCount(all.id)) === 1,
        'the first period to fire',
      );
      await settle([first]);
      await first.running.app.close();

      // Three periods pass while no scheduler runs.
      clock.set(new Date(t1.getTime() + 4 * MINUTE));
      const replicas = [await startReplica(clock), await startReplica(clock)];
      try {
        await until(
          async () => (await publishedCount(latestOnly.id)) === 2 && (await publishedCount(all.id)) === 4,
          'catch-up fires',
        );
        await settle(replicas);
      } finally {
        await Promise.all(replicas.map((r) => r.running.app.close()));
      }

      const view = async (id: string) => (await requests.listByPolicy(id)).map((r) => `${r.reason} ${r.period}`);
      expect(await view(latestOnly.id)).toEqual([
        'cadence 2002-01-01T00:01:00.000Z',
        'catch-up 2002-01-01T00:04:00.000Z',
      ]);
      expect(await view(all.id)).toEqual([
        'cadence 2002-01-01T00:01:00.000Z',
        'catch-up 2002-01-01T00:02:00.000Z',
        'catch-up 2002-01-01T00:03:00.000Z',
        'catch-up 2002-01-01T00:04:00.000Z',
      ]);
      expect(await view(paused.id)).toEqual([]);
      const events = await eventsOnTopic();
      expect((events.get(latestOnly.id) ?? []).map((e) => `${e.reason} ${e.period}`)).toEqual(
        await view(latestOnly.id),
      );
      expect((events.get(all.id) ?? []).map((e) => `${e.reason} ${e.period}`)).toEqual(await view(all.id));
      expect(events.get(paused.id)).toBeUndefined();
    } finally {
      for (const [i, id] of ids.entries()) await policies.delete([latestOnly, all, paused][i].tenant, id, clock.now());
    }
  });
});

describe('the unique (policy, period) record', () => {
  const alwaysLeader = { tryAcquire: async () => true, release: async () => undefined };

  it('keeps it to one request per period even when two schedulers both believe they lead', async () => {
    const t2 = new Date('2003-01-01T00:00:30Z');
    const clock = new ManualClock(new Date(t2.getTime() + 5 * MINUTE));
    const policy = await insertPolicy({ activeSince: t2, catchUp: 'all' });
    const publisher = new EventPublisher(kafka, { lingerMs: 1, maxBatchMessages: 100, ackTimeoutMs: 10_000 });
    const make = () =>
      new RetrainScheduler({
        policies: { listActive: async () => [policy as RetrainPolicy] },
        requests,
        leadership: alwaysLeader,
        publisher,
        clock,
        comparisons: new UnavailableComparisonCounter(),
        drift: new UnavailableDriftSignal(),
        topicPrefix: config.kafka.topicPrefix,
        logger: createLogger('scheduler-test', 'silent'),
      });
    try {
      const [a, b] = [make(), make()];
      const reports = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      expect(reports.reduce((sum, r) => sum + r.fired, 0)).toBe(5);
      const rows = await requests.listByPolicy(policy.id);
      expect(rows.map((r) => r.period)).toEqual([1, 2, 3, 4, 5].map((m) => `2003-01-01T00:0${m}:00.000Z`));
      expect(rows.every((r) => r.publishedAt !== null)).toBe(true);
      expect((await eventsOnTopic()).get(policy.id)?.map((e) => e.period)).toEqual(rows.map((r) => r.period));
    } finally {
      await publisher.close();
      await policies.delete(policy.tenant, policy.id, clock.now());
    }
  });

  it('republishes a request recorded before a crash, with the same event and run id, once', async () => {
    const t3 = new Date('2003-06-01T00:00:30Z');
    const clock = new ManualClock(t3);
    const policy = await insertPolicy({ activeSince: t3, catchUp: 'latest-only' });
    const runId = newId();
    const eventId = newId();
    const fireAt = new Date('2003-06-01T00:00:00Z');
    const event = retrainRequestedEvent({
      eventId,
      runId,
      tenant: policy.tenant,
      source: 'scheduler',
      recordedAt: t3,
      trigger: { kind: 'policy', policyId: policy.id, reason: 'cadence' },
      asOf: fireAt,
      objectives: policy.objectives,
      recipe: policy.recipe,
      period: fireAt.toISOString(),
      idempotencyKey: `retrain:${policy.id}:${fireAt.toISOString()}`,
    });
    // The process died after committing the record and before publishing it.
    expect(
      await requests.record({
        runId,
        eventId,
        tenant: policy.tenant,
        policyId: policy.id,
        reason: 'cadence',
        period: fireAt.toISOString(),
        fireAt,
        asOf: fireAt,
        eventJson: JSON.stringify(event),
        recordedAt: t3,
      }),
    ).toBe(true);
    const replicas = [await startReplica(clock), await startReplica(clock)];
    try {
      await until(
        async () => (await requests.find(policy.tenant, runId))?.publishedAt != null,
        'the pending request to be published',
      );
      await settle(replicas);
    } finally {
      await Promise.all(replicas.map((r) => r.running.app.close()));
      await policies.delete(policy.tenant, policy.id, clock.now());
    }
    const events = (await eventsOnTopic()).get(policy.id) ?? [];
    expect(events.map((e) => [e.id, e.runId])).toEqual([[eventId, runId]]);
  });
});

describe("the scheduler's metrics", () => {
  it('serves Prometheus text whose ticks, requested retrains and Kafka sends move when a policy fires', async () => {
    const t0 = new Date('2003-03-03T00:00:30Z');
    const clock = new ManualClock(t0);
    const policy = await insertPolicy({ activeSince: t0 });
    const replica = await startReplica(clock);
    try {
      await settle([replica]);
      const before = await scrapeMetrics(replica.running.url);
      clock.set(new Date(t0.getTime() + MINUTE));
      await until(async () => (await publishedCount(policy.id)) === 1, 'the fire recorded and published');
      await settle([replica]);
      const after = await scrapeMetrics(replica.running.url);
      const moved = (name: string, labels: Record<string, string> = {}) =>
        sampleSum(after, name, labels) - sampleSum(before, name, labels);
      expect(moved('hindsight_scheduler_retrains_requested_total', { reason: 'cadence' })).toBeGreaterThanOrEqual(1);
      expect(moved('hindsight_scheduler_tick_duration_seconds_count', { outcome: 'led' })).toBeGreaterThanOrEqual(3);
      expect(moved('hindsight_kafka_produced_messages_total', { outcome: 'acked' })).toBeGreaterThanOrEqual(1);
      expect(
        after.samples.some((s) => s.name === 'process_resident_memory_bytes' && s.labels.service === 'scheduler'),
      ).toBe(true);
    } finally {
      await replica.running.app.close();
      await policies.delete(policy.tenant, policy.id, clock.now());
    }
  });
});
