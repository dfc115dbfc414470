import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
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
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { buildDataset, normaliseRecipe } from '@hindsight/datasets';
import { createLogger, startService, type RunningService } from '@hindsight/runtime';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { replayProjections, type ReplayProgress } from './replay-projections';

describe('replay: blue/green rebuild of the projections from Kafka', () => {
  const config = loadPlatformConfig();
  let api: ApiUnderTest;
  let projector: RunningService;
  let key: string;
  let tenant: string;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-replay-'));
  const recipe = normaliseRecipe({});

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('replay');
    // admin: these tests send erasures.
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin'] })).key;
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
    rmSync(out, { recursive: true, force: true });
  });

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    projector.context.dataSource.query(sql, params);
  const projected = (ids: string[]) =>
    waitFor(
      async () =>
        Number((await query<{ n: string }>('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0].n),
      (n) => n === ids.length,
      30_000,
      'events projected',
    );
  async function send(type: keyof typeof exampleEventInputs, data: Record<string, unknown>): Promise<string> {
    const base = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
    delete base.occurredAt;
    const merged = { ...(base.data as Record<string, unknown>), ...data };
    delete merged.assignmentId;
    delete merged.queueId;
    const response = await api.post('/v1/events', { ...base, idempotencyKey: `k-${randomUUID()}`, data: merged }, key);
    expect(response.status).toBe(202);
    return (response.body as { id: string }).id;
  }
  const build = async (name: string, asOf: string) =>
    (
      await buildDataset(projector.context.dataSource, {
        tenant,
        asOf,
        recipe,
        outDir: join(out, name),
        codeVersion: 'test',
      })
    ).sha256;

  it('rebuilds into a fresh schema, switches atomically, keeps the live projector going, and builds give the same hashes', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Every fifth a comparison.recorded v2 with rubric scores and a comment: comparisons.rubric/comment are rebuilt too.
      const v2 = i % 5 === 2 ? { rubric: { accuracy: i % 4, clarity: 1 }, comment: `comment ${i}` } : {};
      ids.push(
        await send('comparison.recorded', {
          taskId: `task-${i % 7}`,
          raterId: `rater-${i % 4}`,
          prompt: `prompt ${i % 7}`,
          ...v2,
        }),
      );
    }
    ids.push(
      await send('annotation.corrected', {
        annotationId: ids[0],
        taskId: 'task-0',
        annotationType: 'comparison.recorded',
        corrected: { choice: { kind: 'tie' } },
      }),
    );
    ids.push(await send('annotation.retracted', { annotationId: ids[1], taskId: 'task-1' }));
    ids.push(
      await send('subject.erasure.requested', { subjectKind: 'rater', subjectId: 'rater-3', reason: 'request' }),
    );
    // A scheduler's drift reading and the run it fired (#13): drift_measurements and retrain_runs.requested_at are rebuilt too.
    ids.push(
      await send('retrain.requested', {
        runId: 'run-replayed',
        trigger: { kind: 'policy', policyId: 'pol-r', reason: 'drift' },
        period: 'drift:after:start',
      }),
    );
    const reading = sealEvent(
      validateEventInput({
        ...exampleEventInputs['drift.measured'],
        idempotencyKey: `drift-${randomUUID()}`,
        data: { ...exampleEventInputs['drift.measured'].data, policyId: 'pol-r', runId: 'run-replayed' },
      }),
      {
        id: formatUuidV7(Date.now(), randomBytes(10)),
        recordedAt: new Date().toISOString(),
        tenant,
        source: 'scheduler',
      },
    );
    const producer = createKafka({ brokers: config.kafka.brokers, clientId: 'replay-test' }).producer();
    await producer.connect();
    await producer.send({
      topic: topicName(config.kafka.topicPrefix, topicOf(reading.type)),
      acks: -1,
      messages: [{ key: partitionKey(reading), value: JSON.stringify(reading), headers: eventHeaders(reading) }],
    });
    await producer.disconnect();
    ids.push(reading.id);
    await projected(ids);
    const readModels = () =>
      Promise.all([
        query(
          'SELECT event_id, policy_id, objectives, since, value, threshold, measure, run_id, measured_at FROM drift_measurements WHERE tenant = $1',
          [tenant],
        ),
        query('SELECT run_id, status, requested_at FROM retrain_runs WHERE tenant = $1', [tenant]),
        query(
          `SELECT annotation_id, rubric, comment FROM comparisons WHERE tenant = $1 AND comment IS NOT NULL ORDER BY annotation_id`,
          [tenant],
        ),
      ]);
    const readModelsBefore = await readModels();
    // rater-3's (i = 7, 27) are gone with its erasure: 2, 12, 17, 22 keep theirs.
    expect(readModelsBefore.map((rows) => rows.length)).toEqual([1, 1, 4]);
    expect(readModelsBefore[2]).toContainEqual({
      annotation_id: ids[2],
      rubric: { accuracy: 2, clarity: 1 },
      comment: 'comment 2',
    });
    const asOf = new Date().toISOString();
    const before = await build('before', asOf);
    const countsBefore = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM comparisons WHERE tenant = $1 AND NOT erased',
      [tenant],
    );

    const phases = new Set<ReplayProgress['phase']>();
    const result = await replayProjections(config, createLogger('replay-test', 'warn'), {}, (p) => phases.add(p.phase));
    expect(result.switched).toBe(true);
    expect([...phases]).toEqual(expect.arrayContaining(['consuming', 'switching', 'done']));
    expect(result.events).toBeGreaterThanOrEqual(ids.length);

    expect(await build('after-replay', asOf)).toBe(before);
    expect(await readModels()).toEqual(readModelsBefore);
    // Rebuilt, not left in place: the live drift_measurements was swapped out into the retired schema.
    expect(
      await query('SELECT to_regclass($1) IS NOT NULL AS swapped', [`"${result.retiredSchema}".drift_measurements`]),
    ).toEqual([{ swapped: true }]);
    expect(
      await query('SELECT count(*)::int AS n FROM comparisons WHERE tenant = $1 AND NOT erased', [tenant]),
    ).toEqual(countsBefore);
    const [{ exists }] = await query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      `${result.retiredSchema}.comparisons`,
    ]);
    expect(exists).toBe(true);

    // The live projector carries on into the switched-in tables.
    const after = await send('comparison.recorded', { taskId: 'task-after', raterId: 'rater-0' });
    await projected([after]);
    expect(await query('SELECT count(*)::int AS n FROM event_index WHERE id = $1', [after])).toEqual([{ n: 1 }]);

    const fromTime = await replayProjections(
      config,
      createLogger('replay-test', 'warn'),
      { fromTime: asOf, marginMs: 60_000 },
      () => undefined,
    );
    expect(fromTime.switched).toBe(true);
    expect(fromTime.seeded).toBeGreaterThan(0);
    expect(await build('after-from-time', asOf)).toBe(before);
    await projected([after]);
    for (const schema of [result.retiredSchema, fromTime.retiredSchema])
      await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }, 240_000);
});
