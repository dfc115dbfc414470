import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiKeys, publishingKeyWriter } from '@hindsight/access';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, topicOf } from '@hindsight/contracts';
import { createEventPublisher, createKafka } from '@hindsight/kafka';
import { ApiKeyRepository, createDataSource } from '@hindsight/store';
import { comparisonInput, endOffsetTotal, freePort, readTopicUntil, waitFor } from '@hindsight/test-support';

/**
 * The api answers 202 once Kafka acknowledged and stores the idempotency answer afterwards, in the
 * background. This spec kills the api process (SIGKILL) in that window, with real Kafka and PostgreSQL:
 * the answer's UPDATE is held by a trigger waiting on an advisory lock the spec holds, the api is killed
 * while it waits, and the held session is then ended (`pg_terminate_backend`: PostgreSQL does not look
 * at the socket of a session waiting on a lock), so the UPDATE never happens: the key stays pending, as
 * when the process dies before its answer reaches PostgreSQL.
 *
 * Its own topics (under the run's prefix, deleted by the run's teardown) and schema, so the projector it
 * starts sees only this spec's events.
 */
const base = loadPlatformConfig();
const env = {
  KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}idemcrash.`,
  DATABASE_SCHEMA: `${base.database.schema}_idemcrash`,
  PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-idemcrash`,
  // The lease is 2 × 1 s + 1 s = 3 s (idempotencyLeaseMs): a retry after it takes the pending key over.
  PUBLISH_ACK_TIMEOUT_MS: '1000',
  LOG_LEVEL: 'warn',
};
const config = loadPlatformConfig({ ...process.env, ...env });
const schema = config.database.schema;
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'idempotency-crash-test' });
const root = join(__dirname, '../../../..');
const comparisons = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));

function spawnService(service: 'api' | 'projector', port: number): ChildProcess {
  return spawn(process.execPath, [join(root, 'bin/service.js'), service], {
    cwd: root,
    env: { ...process.env, ...env, [service === 'api' ? 'API_PORT' : 'PROJECTOR_PORT']: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function ready(url: string, child: ChildProcess): Promise<void> {
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} before it was ready`);
      return fetch(`${url}/ready`).then(
        (r) => r.status,
        () => 0,
      );
    },
    (status) => status === 200,
    180_000,
    `${url}/ready`,
  );
}

describe('the api killed after the 202 and before its idempotency answer is stored', () => {
  const pg = new Client({ connectionString: config.database.url });
  const children: ChildProcess[] = [];
  const lockKey = randomBytes(6).readUIntBE(0, 6);

  beforeAll(() => pg.connect());
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await pg.query('SELECT pg_advisory_unlock_all()');
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pg.end();
  });

  const start = async (service: 'api' | 'projector') => {
    const port = await freePort();
    const child = spawnService(service, port);
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await ready(url, child);
    return { child, url };
  };
  const post = async (url: string, key: string, body: unknown) => {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { id: string };
    return { status: response.status, id: answer.id, replayed: response.headers.get('idempotent-replayed') === 'true' };
  };
  const record = async (tenant: string, key: string) =>
    (
      await pg.query<{ pending: boolean; response: { id: string } | null }>(
        `SELECT response IS NULL AS pending, response FROM "${schema}".idempotency_records WHERE tenant = $1 AND key = $2`,
        [tenant, key],
      )
    ).rows;

  it('a retry after the lease publishes the same event again under its first id; its 202, the stored answer and the projector name that one event', async () => {
    const first = await start('api');
    const tenant = `idemcrash-${randomUUID().slice(0, 8)}`;
    // A key as `hindsight keys create` makes it, in this spec's schema and configuration topic.
    const ds = createDataSource(config.database, { applicationName: 'idempotency-crash-test', poolSize: 2 });
    await ds.initialize();
    const publisher = createEventPublisher(config.kafka, 'idempotency-crash-test');
    const { key } = await new ApiKeys(
      new ApiKeyRepository(ds),
      publishingKeyWriter(publisher, config.kafka.topicPrefix),
    ).issue({ tenant, scopes: ['ingest', 'read'] });
    await publisher.close();
    await ds.destroy();

    // The answer's UPDATE waits on a lock this spec holds.
    await pg.query(`
      CREATE FUNCTION "${schema}".hold_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.response IS NULL AND NEW.response IS NOT NULL THEN PERFORM pg_advisory_xact_lock(${lockKey}); END IF;
        RETURN NEW;
      END $$`);
    await pg.query(
      `CREATE TRIGGER hold_answer BEFORE UPDATE ON "${schema}".idempotency_records FOR EACH ROW EXECUTE FUNCTION "${schema}".hold_answer()`,
    );
    await pg.query('SELECT pg_advisory_lock($1)', [lockKey]);

    const body = comparisonInput(1, `idemcrash-${randomUUID().slice(0, 8)}`);
    const accepted = await post(first.url, key, body);
    expect(accepted.status).toBe(202);
    // Sessions waiting for this spec's lock only (a bigint key is classid = high 32 bits, objid = low 32 bits):
    // the database is shared with other runs, whose apis take advisory locks of their own (migrations).
    const held = `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE a.application_name = 'hindsight-api' AND l.locktype = 'advisory' AND NOT l.granted AND l.objsubid = 1
        AND l.classid::bigint = ${Math.floor(lockKey / 2 ** 32)} AND l.objid::bigint = ${lockKey % 2 ** 32}`;
    await waitFor(
      async () => (await pg.query(held)).rowCount,
      (n) => n === 1,
      10_000,
      "the api's answer UPDATE waiting on the lock",
    );
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The dead api's held session, rolled back before the lock is let go (else its UPDATE would go on and commit).
    await pg.query(`SELECT pg_terminate_backend(pid) FROM (${held}) AS h`);
    await waitFor(
      async () => (await pg.query(held)).rowCount,
      (n) => n === 0,
      10_000,
      "the dead api's session to end",
    );
    await pg.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    await pg.query(`DROP TRIGGER hold_answer ON "${schema}".idempotency_records`);
    // The window is real: Kafka has the event, the key is still pending.
    expect(await record(tenant, body.idempotencyKey)).toEqual([{ pending: true, response: null }]);

    // The client retries (its 202 may never have arrived); the lease ran out while the api restarted.
    const second = await start('api');
    const retried = await post(second.url, key, body);
    expect(retried.status).toBe(202);
    expect(retried.replayed).toBe(false);
    // The pending claim carried the first event's id: the retry took it over and published that event again.
    expect(retried.id).toBe(accepted.id);
    const onTopic = await readTopicUntil(
      kafka,
      comparisons,
      (ms) => ms.filter((m) => m.value.includes(body.idempotencyKey)).length >= 2,
    );
    const copies = onTopic.filter((m) => m.value.includes(body.idempotencyKey));
    expect(copies).toHaveLength(2);
    expect(copies.every((m) => m.value.includes(accepted.id))).toBe(true);
    // The retry's answer is the one stored now: a later retry is answered with it and publishes nothing.
    const replay = await post(second.url, key, body);
    expect(replay).toEqual({ status: 202, id: retried.id, replayed: true });
    expect(await record(tenant, body.idempotencyKey)).toEqual([
      { pending: false, response: expect.objectContaining({ id: retried.id }) },
    ]);

    // The projector stores the key once: the event both 202s named.
    await start('projector');
    const end = await endOffsetTotal(kafka, comparisons);
    await waitFor(
      async () =>
        Number(
          (
            await pg.query<{ n: string }>(
              `SELECT coalesce(sum(next_offset), 0) AS n FROM "${schema}".consumer_offsets WHERE consumer_group = $1 AND topic = $2`,
              [config.kafka.projectorGroupId, comparisons],
            )
          ).rows[0].n,
        ),
      (n) => n >= end,
      120_000,
      'the projector to apply both copies',
    );
    const stored = await pg.query<{ id: string }>(
      `SELECT id::text AS id FROM "${schema}".events WHERE tenant = $1 AND (idempotency_key = $2 OR id = ANY($3::uuid[]))`,
      [tenant, body.idempotencyKey, [accepted.id, retried.id]],
    );
    // Nothing doubled, nothing lost: the key once, under the id both 202s and the stored answer name.
    expect(stored.rows.map((r) => r.id)).toEqual([accepted.id]);
    const comparisonsStored = await pg.query(`SELECT 1 FROM "${schema}".comparisons WHERE tenant = $1`, [tenant]);
    expect(comparisonsStored.rowCount).toBe(1);
  }, 400_000);
});
