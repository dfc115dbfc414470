import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka, ensureTopics } from '@hindsight/kafka';
import { platformTopicSpecs } from '@hindsight/runtime';
import { freePort, scrapeMetrics, waitFor } from '@hindsight/test-support';

/**
 * Topics of its own (under the run's prefix, so the run's teardown deletes them):
 * the checksums compare whole schemas, and the other suites' events (sealed with
 * keys only the run's main schema holds) would only be dead-lettered here.
 */
const config = loadPlatformConfig({
  ...process.env,
  KAFKA_TOPIC_PREFIX: `${loadPlatformConfig().kafka.topicPrefix}crash.`,
});
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'crash-test' });
const root = join(__dirname, '../../..');
const TOTAL = 12_000;

/** Tables and the columns that identify their content (no wall-clock columns such as updated_at). */
const checksums: Record<string, string> = {
  events:
    'id, tenant, type, version, subject_kind, subject_id, occurred_at, recorded_at, idempotency_key, kafka_topic, kafka_partition, kafka_offset, payload, erased',
  event_index: 'tenant, idempotency_key, id, recorded_at',
  comparisons:
    'annotation_id, tenant, task_id, choice, strength, objective, guideline_version, corrected_at, retracted_at, erased',
  annotation_amendments: 'event_id, annotation_id, kind, changes, recorded_at',
  raters: 'tenant, rater_id, expertise, languages, region, opt_in_group, recorded_at',
  interactions: 'tenant, interaction_id, prompt, response, model_version, user_id',
  feedback: 'event_id, tenant, interaction_id, kind, comment, corrected_response',
  outcomes: 'event_id, tenant, interaction_id, outcome, success, value',
};

function spawnProjector(schema: string, group: string, port: number): ChildProcess {
  return spawn(process.execPath, [join(root, 'bin/service.js'), 'projector'], {
    cwd: root,
    env: {
      ...process.env,
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      DATABASE_SCHEMA: schema,
      PROJECTOR_GROUP_ID: group,
      PROJECTOR_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    // Warnings and errors of the projectors show in the test output (pino writes to stdout).
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** A mixed, realistic stream: comparisons, then corrections and retractions of some of them, raters, deployment events. */
function makeEvents(tenant: string): HindsightEvent[] {
  const events: HindsightEvent[] = [];
  const seal = (type: EventType, data: Record<string, unknown>) => {
    const base = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
    delete base.occurredAt;
    const input = validateEventInput({
      ...base,
      idempotencyKey: `crash-${randomUUID()}`,
      data: { ...(base.data as object), ...data },
    });
    const now = Date.now();
    const event = sealEvent(input, {
      id: formatUuidV7(now, randomBytes(10)),
      recordedAt: new Date(now).toISOString(),
      tenant,
      source: 'crash-test',
    }) as HindsightEvent;
    events.push(event);
    return event;
  };
  while (events.length < TOTAL) {
    const i = events.length;
    const taskId = `task-${i % 997}`;
    const comparison = seal('comparison.recorded', {
      taskId,
      raterId: `rater-${i % 50}`,
      assignmentId: undefined,
      queueId: undefined,
    });
    if (i % 7 === 0)
      seal('annotation.corrected', {
        annotationId: comparison.id,
        taskId,
        annotationType: 'comparison.recorded',
        corrected: { choice: { kind: 'tie' }, strength: null },
      });
    if (i % 11 === 0) seal('annotation.retracted', { annotationId: comparison.id, taskId });
    if (i % 13 === 0) seal('rater.profiled', { raterId: `rater-${i % 50}`, region: i % 2 ? 'DE' : 'FR' });
    if (i % 5 === 0) {
      const interactionId = `int-${i}`;
      seal('interaction.logged', { interactionId });
      seal('feedback.recorded', { interactionId });
      seal('outcome.recorded', { interactionId });
    }
  }
  return events;
}

describe('projector crash safety and scale-out', () => {
  const pg = new Client({ connectionString: config.database.url });
  const schemas = {
    steady: `${config.database.schema}_steady`,
    crashed: `${config.database.schema}_crashed`,
    scaled: `${config.database.schema}_scaled`,
  };
  const children: ChildProcess[] = [];
  /** An uninterrupted projector over the same topics: every other schema must end up equal to it. */
  let steady: ChildProcess | undefined;

  beforeAll(async () => {
    await pg.connect();
    await ensureTopics(kafka, platformTopicSpecs(config));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const schema of Object.values(schemas)) await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  const count = async (schema: string) => {
    try {
      return Number((await pg.query(`SELECT count(*) AS n FROM "${schema}".events`)).rows[0].n);
    } catch {
      return 0;
    }
  };
  const countOf = async (schema: string, tenant: string) => {
    try {
      return Number(
        (await pg.query(`SELECT count(*) AS n FROM "${schema}".events WHERE tenant = $1`, [tenant])).rows[0].n,
      );
    } catch {
      return 0;
    }
  };
  const checksum = async (schema: string) => {
    const result: Record<string, string> = {};
    for (const [table, columns] of Object.entries(checksums)) {
      const { rows } = await pg.query(
        `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM (SELECT ${columns} FROM "${schema}".${table}) t`,
      );
      result[table] = `${rows[0].n}:${rows[0].h}`;
    }
    return result;
  };
  const produce = async (events: readonly HindsightEvent[]) => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const e of events) {
      const topic = topicName(config.kafka.topicPrefix, topicOf(e.type));
      byTopic.set(topic, [
        ...(byTopic.get(topic) ?? []),
        { key: partitionKey(e), value: JSON.stringify(e), headers: eventHeaders(e) },
      ]);
    }
    for (let start = 0; ; start += 2000) {
      const topicMessages = [...byTopic]
        .map(([topic, messages]) => ({ topic, messages: messages.slice(start, start + 2000) }))
        .filter((t) => t.messages.length > 0);
      if (topicMessages.length === 0) break;
      await producer.sendBatch({ acks: -1, topicMessages });
    }
    await producer.disconnect();
  };
  const startSteady = async () => {
    if (steady) return;
    steady = spawnProjector(schemas.steady, `${config.kafka.projectorGroupId}-steady`, await freePort());
    children.push(steady);
  };
  /** Waits until `schema` holds all of `tenant`'s events and as many events in all as the steady schema, then compares them. */
  const expectEqualToSteady = async (schema: string, tenant: string, expected: number) => {
    await waitFor(
      () => countOf(schema, tenant),
      (n) => n === expected,
      180_000,
      `${schema} to hold all ${expected} events of ${tenant}`,
    );
    await waitFor(
      () => countOf(schemas.steady, tenant),
      (n) => n === expected,
      180_000,
      'the steady projector to finish',
    );
    // Let both drain whatever else the run's topics hold, then compare everything.
    await waitFor(
      async () => [await count(schema), await count(schemas.steady)],
      ([a, b]) => a === b,
      60_000,
      'both to hold the same number of events',
    );
    const duplicates = await pg.query(`SELECT id FROM "${schema}".events GROUP BY id HAVING count(*) > 1`);
    expect(duplicates.rows).toEqual([]);
    expect(await checksum(schema)).toEqual(await checksum(schemas.steady));
  };

  it('kill -9 in the middle of a batch, then a restart: every event once, projections equal to an uninterrupted run', async () => {
    const tenant = `crash-${randomUUID().slice(0, 8)}`;
    const events = makeEvents(tenant);
    await produce(events);
    await startSteady();
    const crashedGroup = `${config.kafka.projectorGroupId}-crashed`;
    const victim = spawnProjector(schemas.crashed, crashedGroup, await freePort());
    children.push(victim);

    await waitFor(
      () => count(schemas.crashed),
      (n) => n > 500,
      120_000,
      'the crashing projector to make progress',
    );
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    // The kill must land while the stream is still being applied, or the test proves nothing.
    expect(await countOf(schemas.crashed, tenant)).toBeLessThan(events.length);

    const restarted = spawnProjector(schemas.crashed, crashedGroup, await freePort());
    children.push(restarted);
    await expectEqualToSteady(schemas.crashed, tenant, events.length);
  }, 400_000);

  it('two projectors in one group share the partitions; kill -9 of one and the other takes its partitions over: every event once, same projections', async () => {
    await startSteady();
    const group = `${config.kafka.projectorGroupId}-scaled`;
    const ports = [await freePort(), await freePort()];
    const [victim, survivor] = ports.map((port) => spawnProjector(schemas.scaled, group, port));
    children.push(victim, survivor);
    const assignedTo = async (port: number): Promise<string[]> => {
      try {
        const metrics = await scrapeMetrics(`http://127.0.0.1:${port}`);
        return metrics.samples
          .filter((s) => s.name === 'hindsight_projector_assigned_partitions')
          .map((s) => `${s.labels.topic}[${s.labels.partition}]`);
      } catch {
        return []; // not listening yet
      }
    };
    // Both members must own partitions, none twice, or this would only be the single-projector case again.
    const [ofVictim, ofSurvivor] = await waitFor(
      async () => [await assignedTo(ports[0]), await assignedTo(ports[1])],
      ([a, b]) => a.length > 0 && b.length > 0 && a.every((p) => !b.includes(p)),
      180_000,
      'both projectors of the group to own partitions',
    );

    const tenant = `scaled-${randomUUID().slice(0, 8)}`;
    const events = makeEvents(tenant);
    await produce(events);
    await waitFor(
      () => countOf(schemas.scaled, tenant),
      (n) => n > 500,
      120_000,
      'the group to apply the new events',
    );
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    expect(await countOf(schemas.scaled, tenant)).toBeLessThan(events.length);

    // Once the broker gives up on the victim (session timeout) the survivor owns every partition, and continues the
    // victim's from the offsets stored in PostgreSQL.
    const all = [...ofVictim, ...ofSurvivor].sort();
    await waitFor(
      () => assignedTo(ports[1]),
      (owned) => owned.length === all.length,
      120_000,
      'the survivor to own every partition',
    );
    expect(await assignedTo(ports[1])).toEqual(all);
    await expectEqualToSteady(schemas.scaled, tenant, events.length);
  }, 400_000);
});
