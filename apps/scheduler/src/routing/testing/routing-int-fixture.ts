import { randomBytes } from 'node:crypto';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, topicName, TOPICS, type Clock } from '@hindsight/contracts';
import { createEventPublisher, createKafka, topicOffsetRanges } from '@hindsight/kafka';
import { routingMessage, routingRuleCreatedEvent, type RoutingRuleSpec } from '@hindsight/routing';
import { createLogger, startService, SystemClock, type RunningService } from '@hindsight/runtime';
import { RoutingRepository } from '@hindsight/store';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { createRoutingWorker, type RoutingWorker } from '../routing-worker';

/** An `interaction.logged` (version 2) as a client sends it, its id the idempotency key. */
export const loggedInteraction = (id: string, data: Record<string, unknown>) => ({
  type: 'interaction.logged',
  version: 2,
  idempotencyKey: id,
  data: { interactionId: id, ...data },
});

/*
 * What the routing int specs share: the api and the projector on the real broker and
 * database, a tenant of the spec's own with an admin key, routers (each its own consumer
 * group), and waits for a router or the projector to reach the deployment topic's end.
 * `start` in beforeAll, `stop` in afterAll.
 */
export class RoutingIntFixture {
  readonly config = loadPlatformConfig();
  readonly logger = createLogger('routing-test', 'warn');
  readonly kafka = createKafka({ brokers: this.config.kafka.brokers, clientId: 'routing-test' });
  readonly publisher = createEventPublisher(this.config.kafka, 'routing-test', this.logger);
  api!: ApiUnderTest;
  tenant!: string;
  admin!: string;
  private projector!: RunningService;
  private readonly workers: RoutingWorker[] = [];

  /** Starts the api and the projector and makes the tenant (`label-…`) and its admin key. */
  async start(label: string): Promise<void> {
    this.api = await startApiUnderTest(apiService);
    this.projector = await startService(projectorService, {
      ...process.env,
      PROJECTOR_PORT: String(await freePort()),
    });
    this.tenant = uniqueTenant(label);
    this.admin = (await this.api.issueKey({ tenant: this.tenant, scopes: ['admin', 'read', 'ingest'] })).key;
  }

  async stop(): Promise<void> {
    for (const w of this.workers) await w.stop();
    await this.publisher.close();
    await this.projector?.app.close();
    await this.api?.close();
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.api.running.context.dataSource.query(sql, params);
  }

  get repository(): RoutingRepository {
    return new RoutingRepository(this.api.running.context.dataSource);
  }

  /** A router of its own consumer group, from the start of the deployment topic (its offsets are new). */
  async startRouter(groupId: string, windowDays = 7, clock: Clock = new SystemClock()): Promise<RoutingWorker> {
    const worker = createRoutingWorker(this.config, this.api.running.context.dataSource, this.logger, {
      groupId,
      stratifiedWindowDays: windowDays,
      clock,
    });
    this.workers.push(worker);
    await worker.start();
    return worker;
  }

  /** Resolves when the group's stored offsets reach the deployment topic's end. */
  async routerCaughtUp(groupId: string): Promise<void> {
    const topic = topicName(this.config.kafka.topicPrefix, TOPICS.deployment);
    await waitFor(
      async () => {
        const ends = await topicOffsetRanges(this.kafka, topic);
        const stored = new Map(
          (await this.repository.storedOffsets(groupId)).map((o) => [o.partition, BigInt(o.nextOffset)]),
        );
        return ends.filter((e) => BigInt(e.high) > 0n && (stored.get(e.partition) ?? 0n) < BigInt(e.high)).length;
      },
      (behind) => behind === 0,
      180_000,
      `router ${groupId} at the end of the deployment topic`,
    );
  }

  /** Resolves when the projector has read the deployment topic to its end (so whatever a router published is stored). */
  async projectorCaughtUp(): Promise<void> {
    const topic = topicName(this.config.kafka.topicPrefix, TOPICS.deployment);
    await waitFor(
      async () => {
        const ends = await topicOffsetRanges(this.kafka, topic);
        const stored = new Map(
          (await this.repository.storedOffsets(this.config.kafka.projectorGroupId))
            // The projector's group stores an offset per topic and partition: keep the deployment topic's.
            .filter((o) => o.topic === topic)
            .map((o) => [o.partition, BigInt(o.nextOffset)]),
        );
        return ends.every((e) => (stored.get(e.partition) ?? 0n) >= BigInt(e.high));
      },
      (done) => done,
      60_000,
      'projector caught up',
    );
  }

  /** The interaction ids the rule routed, as the projector stored them, sorted. */
  async routedIds(ruleId: string): Promise<string[]> {
    const rows = await this.query<{ interaction_id: string }>(
      'SELECT interaction_id FROM routed_interactions WHERE tenant = $1 AND rule_id = $2 ORDER BY 1',
      [this.tenant, ruleId],
    );
    return rows.map((r) => r.interaction_id);
  }

  /** How many `routing.interaction-routed` events the tenant's event store holds. */
  async routedEventCount(): Promise<number> {
    const rows = await this.query<{ n: string }>(
      "SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = 'routing.interaction-routed'",
      [this.tenant],
    );
    return Number(rows[0].n);
  }

  /** Publishes `routing-rule.created` as the CLI would, active from a minute ago (before anything the spec logs). */
  async publishRule(ruleId: string, spec: RoutingRuleSpec): Promise<void> {
    const event = routingRuleCreatedEvent(ruleId, spec, {
      eventId: formatUuidV7(Date.now(), randomBytes(10)),
      tenant: this.tenant,
      source: 'cli',
      at: new Date(Date.now() - 60_000),
    });
    await this.publisher.publish([routingMessage(event, this.config.kafka.topicPrefix)]);
  }

  /** Sends `events` through `POST /v1/events/batch` a thousand at a time, each batch answered 202. */
  async logBatch(events: unknown[]): Promise<void> {
    for (let i = 0; i < events.length; i += 1000) {
      const answer = await this.api.post('/v1/events/batch', { events: events.slice(i, i + 1000) }, this.admin);
      expect(answer.status).toBe(202);
    }
  }
}
