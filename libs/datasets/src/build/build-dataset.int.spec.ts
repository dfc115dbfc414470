import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { exampleEventInputs, NUL_RULE } from '@hindsight/contracts';
import { codeVersion, startService, type RunningService } from '@hindsight/runtime';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { normaliseRecipe } from '../recipe/dataset-recipe';
import { diffDatasets } from '../diff/diff-datasets';
import { buildDataset } from './build-dataset';

/** Through the whole platform: api → Kafka → projector → PostgreSQL → dataset build. */
describe('point-in-time dataset builds', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let key: string;
  let tenant: string;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-datasets-'));
  const recipe = normaliseRecipe({ split: { validation: 0, test: 0 } });

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('ds');
    // admin: these tests send erasures.
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin'] })).key;
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
    rmSync(out, { recursive: true, force: true });
  });

  const projected = async (ids: string[]) =>
    waitFor(
      async () =>
        Number(
          (
            await projector.context.dataSource.query('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [
              ids,
            ])
          )[0].n,
        ),
      (n) => n === ids.length,
      30_000,
      'events projected',
    );

  async function send(
    type: keyof typeof exampleEventInputs,
    data: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; recordedAt: string }> {
    const base = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
    delete base.occurredAt;
    const merged = { ...(base.data as Record<string, unknown>), ...data };
    delete merged.assignmentId;
    delete merged.queueId;
    const response = await api.post(
      '/v1/events',
      { ...base, ...extra, idempotencyKey: `k-${randomUUID()}`, data: merged },
      key,
    );
    expect(response.status).toBe(202);
    const body = response.body as { id: string; recordedAt: string };
    await projected([body.id]);
    return body;
  }
  const comparison = (taskId: string, raterId: string, winner: 'r1' | 'r2', extra: Record<string, unknown> = {}) =>
    send(
      'comparison.recorded',
      { taskId, raterId, prompt: `prompt of ${taskId}`, choice: { kind: 'preferred', responseId: winner } },
      extra,
    );
  const build = (name: string, asOf: string) =>
    buildDataset(projector.context.dataSource, {
      tenant,
      asOf,
      recipe,
      outDir: join(out, name),
      codeVersion: codeVersion(),
    });
  const rows = (name: string) =>
    readFileSync(join(out, name, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; chosen: string });
  const pause = () => new Promise((r) => setTimeout(r, 20));

  it('builds what was known at T: out-of-order arrivals, corrections and retractions after T leave the T build alone', async () => {
    const recent = await comparison('task-a', 'rater-1', 'r1', {
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await pause();
    const t1 = new Date().toISOString();
    await pause();
    // Happened earlier than `recent` but was recorded after T1: not part of the T1 build.
    const late = await comparison('task-b', 'rater-2', 'r2', {
      occurredAt: new Date(Date.now() - 240_000).toISOString(),
    });
    await send('annotation.corrected', {
      annotationId: recent.id,
      taskId: 'task-a',
      annotationType: 'comparison.recorded',
      corrected: { choice: { kind: 'preferred', responseId: 'r2' } },
    });
    const retracted = await comparison('task-c', 'rater-3', 'r1');
    await send('annotation.retracted', { annotationId: retracted.id, taskId: 'task-c' });
    await pause();
    const t2 = new Date().toISOString();

    const first = await build('t1', t1);
    expect(rows('t1').map((r) => r.id)).toEqual([`${recent.id}:r1>r2`]);
    expect(first.counts.pairs).toBe(1);

    const second = await build('t2', t2);
    expect(
      rows('t2')
        .map((r) => r.id)
        .sort(),
    ).toEqual([`${late.id}:r2>r1`, `${recent.id}:r2>r1`].sort());
    expect(second.counts.byExclusionReason).toEqual({ retracted: 1 });

    const again = await build('t1-again', t1);
    expect(again.sha256).toBe(first.sha256);
    expect(readFileSync(join(out, 't1-again', 'manifest.json'), 'utf8')).toBe(
      readFileSync(join(out, 't1', 'manifest.json'), 'utf8'),
    );

    const diff = await diffDatasets(join(out, 't1'), join(out, 't2'));
    expect(diff).toMatchObject({
      added: { count: 1, byReason: { new: 1 } },
      relabelled: { count: 1 },
      removed: { count: 0 },
    });
    expect(second.kafkaOffsets.length).toBeGreaterThan(0);
    expect(second.files.map((f) => f.name)).toEqual([
      'train.jsonl',
      'validation.jsonl',
      'test.jsonl',
      'excluded.jsonl',
    ]);
  });

  it('builds through the api: POST /v1/datasets answers 202, GET shows the manifest; tenants and bad input are refused', async () => {
    await comparison('task-api', 'rater-api', 'r1');
    const asOf = new Date().toISOString();
    const started = await api.post(
      '/v1/datasets',
      { asOf, objectives: ['helpfulness'], recipe: { split: { validation: 0, test: 0 } } },
      key,
    );
    expect(started.status).toBe(202);
    const id = (started.body as { id: string }).id;
    const get = async (k: string) => {
      const response = await fetch(`${api.url}/v1/datasets/${id}`, { headers: { authorization: `Bearer ${k}` } });
      return {
        status: response.status,
        body: (await response.json()) as { status: string; manifest: { sha256: string; asOf: string } },
      };
    };
    const done = await waitFor(
      () => get(key),
      (r) => r.body.status !== 'building',
      30_000,
      'the build to finish',
    );
    expect(done.body.status).toBe('built');
    const direct = await build('api-equivalent', asOf);
    expect(done.body.manifest.sha256).toBe(direct.sha256);

    const other = (await api.issueKey({ tenant: uniqueTenant('other') })).key;
    expect((await get(other)).status).toBe(404);
    const bad = await api.post('/v1/datasets', { asOf: 'yesterday', recipe: { orderDisagreement: 'sometimes' } }, key);
    expect(bad.status).toBe(400);
    // Every field at fault is named at once (the body is checked by one schema).
    expect((bad.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'asOf',
      'recipe.orderDisagreement',
    ]);
    const badRecipe = await api.post('/v1/datasets', { asOf, recipe: { orderDisagreement: 'sometimes' } }, key);
    expect((badRecipe.body as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'recipe.orderDisagreement',
    ]);
    const notARecipe = await api.post('/v1/datasets', { asOf, recipe: 'abc', objectives: ['helpfulness'] }, key);
    expect((notARecipe.body as { issues: unknown[] }).issues).toEqual([{ path: 'recipe', rule: 'expected object' }]);
    const nulKey = await api.post('/v1/datasets', { asOf, recipe: { groupWeights: { 'a\u0000b': 1 } } }, key);
    expect(nulKey.status).toBe(400);
    expect((nulKey.body as { issues: unknown[] }).issues).toEqual([
      { path: 'recipe.groupWeights["a\\u0000b"]', rule: `key ${NUL_RULE}` },
    ]);
    const future = await api.post('/v1/datasets', { asOf: new Date(Date.now() + 3_600_000).toISOString() }, key);
    expect(future.status).toBe(400);
    expect((future.body as { issues: { path: string; rule: string }[] }).issues[0]).toMatchObject({
      path: 'asOf',
      rule: expect.stringMatching(/^must not be in the future/),
    });
  });

  it('an erasure removes the rater from every later build, whatever its T, and leaves the audit trail', async () => {
    const rater = `rater-erase-${randomUUID().slice(0, 6)}`;
    const erasedOne = await comparison('task-e1', rater, 'r1');
    const kept = await comparison('task-e2', 'rater-stays', 'r1');
    await pause();
    const before = new Date().toISOString();
    const buildBefore = await build('before-erasure', before);
    expect(rows('before-erasure').map((r) => r.id)).toContain(`${erasedOne.id}:r1>r2`);

    const erasure = await send('subject.erasure.requested', {
      subjectKind: 'rater',
      subjectId: rater,
      reason: 'GDPR article 17 request',
    });
    const rebuilt = await build('after-erasure-same-t', before);
    const ids = rows('after-erasure-same-t').map((r) => r.id);
    expect(ids).not.toContain(`${erasedOne.id}:r1>r2`);
    expect(ids).toContain(`${kept.id}:r1>r2`);
    expect(rebuilt.sha256).not.toBe(buildBefore.sha256);
    expect(rebuilt.erasuresApplied).toContainEqual(
      expect.objectContaining({ eventId: erasure.id, subjectKind: 'rater' }),
    );
    expect(rebuilt.counts.byExclusionReason.erased).toBeGreaterThanOrEqual(1);

    const [tombstone] = await projector.context.dataSource.query('SELECT payload, erased FROM events WHERE id = $1', [
      erasedOne.id,
    ]);
    expect(tombstone.erased).toBe(true);
    expect(tombstone.payload.data).toEqual({ erased: true });
    expect(tombstone.payload.id).toBe(erasedOne.id);
    const audit = await projector.context.dataSource.query(
      'SELECT subject_kind, reason FROM erasures WHERE event_id = $1',
      [erasure.id],
    );
    expect(audit).toEqual([{ subject_kind: 'rater', reason: 'GDPR article 17 request' }]);
  });
});
