import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadPlatformConfig } from '@hindsight/config';
import { eventHeaders, exampleEventInputs, formatUuidV7, partitionKey, sealEvent, topicName, topicOf, validateEventInput, type EventType, type HindsightEvent } from '@hindsight/contracts';
import { createKafka, ensureTopics } from '@hindsight/kafka';
import { platformTopicSpecs } from '@hindsight/runtime';
import { freePort, waitFor } from '@hindsight/test-support';

/**
 * Topics of its own (under the run's prefix, so the run's teardown deletes them):
 * the checksums compare whole schemas, and the other suites' events (sealed with
 * keys only the run's main schema holds) would only be dead-lettered here.
 */
const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: `${loadPlatformConfig().kafka.topicPrefix}crash.` });
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'crash-test' });
const root = join(__dirname, '../../..');
const TOTAL = 12_000;

/** Tables and the columns that identify their content (no wall-clock columns such as updated_at). */
const checksums: Record<string, string> = {
  events: 'id, tenant, type, version, subject_kind, subject_id, occurred_at, recorded_at, idempotency_key, kafka_topic, kafka_partition, kafka_offset, payload, erased',
  event_index: 'tenant, idempotency_key, id, recorded_at',
  comparisons: 'annotation_id, tenant, task_id, choice, strength, objective, guideline_version, corrected_at, retracted_at, erased',
  annotation_amendments: 'event_id, annotation_id, kind, changes, recorded_at',
  raters: 'tenant, rater_id, expertise, languages, region, opt_in_group, recorded_at',
  interactions: 'tenant, interaction_id, prompt, response, model_version, user_id',
  feedback: 'event_id, tenant, interaction_id, kind, comment, corrected_response',
  outcomes: 'event_id, tenant, interaction_id, outcome, success, value',
};

function spawnProjector(schema: string, group: string, port: number): ChildProcess {
  return spawn(process.execPath, [join(root, 'bin/service.js'), 'projector'], {
    cwd: root,
    env: { ...process.env, KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix, DATABASE_SCHEMA: schema, PROJECTOR_GROUP_ID: group, PROJECTOR_PORT: String(port), LOG_LEVEL: 'warn' },
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
    const input = validateEventInput({ ...base, idempotencyKey: `crash-${randomUUID()}`, data: { ...(base.data as object), ...data } });
    const now = Date.now();
    const event = sealEvent(input, { id: formatUuidV7(now, randomBytes(10)), recordedAt: new Date(now).toISOString(), tenant, source: 'crash-test' }) as HindsightEvent;
    events.push(event);
    return event;
  };
  while (events.length < TOTAL) {
    const i = events.length;
    const taskId = `task-${i % 997}`;
    const comparison = seal('comparison.recorded', { taskId, raterId: `rater-${i % 50}`, assignmentId: undefined, queueId: undefined });
    if (i % 7 === 0) seal('annotation.corrected', { annotationId: comparison.id, taskId, annotationType: 'comparison.recorded', corrected: { choice: { kind: 'tie' }, strength: null } });
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

describe('projector crash safety', () => {
  const pg = new Client({ connectionString: config.database.url });
  const schemas = { steady: `${config.database.schema}_steady`, crashed: `${config.database.schema}_crashed` };
  const children: ChildProcess[] = [];

  beforeAll(() => pg.connect());
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
  const checksum = async (schema: string) => {
    const result: Record<string, string> = {};
    for (const [table, columns] of Object.entries(checksums)) {
      const { rows } = await pg.query(`SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM (SELECT ${columns} FROM "${schema}".${table}) t`);
      result[table] = `${rows[0].n}:${rows[0].h}`;
    }
    return result;
  };

  it('kill -9 in the middle of a batch, then a restart: every event once, projections equal to an uninterrupted run', async () => {
    const tenant = `crash-${randomUUID().slice(0, 8)}`;
    const events = makeEvents(tenant);
    await ensureTopics(kafka, platformTopicSpecs(config));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const e of events) {
      const topic = topicName(config.kafka.topicPrefix, topicOf(e.type));
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: partitionKey(e), value: JSON.stringify(e), headers: eventHeaders(e) }]);
    }
    for (let start = 0; ; start += 2000) {
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages: messages.slice(start, start + 2000) })).filter((t) => t.messages.length > 0);
      if (topicMessages.length === 0) break;
      await producer.sendBatch({ acks: -1, topicMessages });
    }
    await producer.disconnect();
    const isOurs = async (schema: string) => Number((await pg.query(`SELECT count(*) AS n FROM "${schema}".events WHERE tenant = $1`, [tenant])).rows[0].n);

    const steady = spawnProjector(schemas.steady, `${config.kafka.projectorGroupId}-steady`, await freePort());
    children.push(steady);
    const crashedGroup = `${config.kafka.projectorGroupId}-crashed`;
    const victim = spawnProjector(schemas.crashed, crashedGroup, await freePort());
    children.push(victim);

    await waitFor(() => count(schemas.crashed), (n) => n > 500, 120_000, 'the crashing projector to make progress');
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    // The kill must land while the stream is still being applied, or the test proves nothing.
    expect(await isOurs(schemas.crashed)).toBeLessThan(events.length);

    const restarted = spawnProjector(schemas.crashed, crashedGroup, await freePort());
    children.push(restarted);
    await waitFor(() => isOurs(schemas.crashed), (n) => n === events.length, 180_000, 'the restarted projector to catch up');
    await waitFor(() => isOurs(schemas.steady), (n) => n === events.length, 180_000, 'the steady projector to finish');
    // Let both drain whatever else the run's topics hold, then compare everything.
    await waitFor(async () => [await count(schemas.crashed), await count(schemas.steady)], ([a, b]) => a === b, 60_000, 'both to hold the same number of events');

    const duplicates = await pg.query(`SELECT id FROM "${schemas.crashed}".events GROUP BY id HAVING count(*) > 1`);
    expect(duplicates.rows).toEqual([]);
    expect(await checksum(schemas.crashed)).toEqual(await checksum(schemas.steady));
  }, 400_000);
});
