import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { exampleEventInputs } from '@hindsight/contracts';
import { codeVersion, startService, type RunningService } from '@hindsight/runtime';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { hashedRaterId } from '../exports/rater-columns';
import { normaliseRecipe } from '../recipe/dataset-recipe';
import { buildDataset } from './build-dataset';

/**
 * Exports through the whole platform: api → Kafka → projector → PostgreSQL → build.
 * Thumbs, outcomes, ratings and user corrections reach the KTO, corrections and
 * ratings exports with the as-of and erasure rules of the preference pairs.
 */
describe('dataset exports', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let key: string;
  let tenant: string;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-exports-'));
  const base = {
    split: { validation: 0, test: 0 },
    outputs: ['preference', 'kto', 'corrections', 'ratings'],
    correctionsObjective: 'helpfulness',
  };

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('exp');
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'feedback', 'read', 'admin'] })).key;
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
  ): Promise<{ id: string; recordedAt: string }> {
    const example = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
    delete example.occurredAt;
    const response = await api.post('/v1/events', { ...example, idempotencyKey: `k-${randomUUID()}`, data }, key);
    expect(response.status).toBe(202);
    const body = response.body as { id: string; recordedAt: string };
    await projected([body.id]);
    return body;
  }
  const interaction = (id: string, userId: string) =>
    send('interaction.logged', {
      interactionId: id,
      prompt: `prompt ${id}`,
      response: `response ${id}`,
      modelVersion: 'assistant-1',
      userId,
    });
  const feedback = (interactionId: string, kind: string, correctedResponse?: string) =>
    send('feedback.recorded', { interactionId, kind, ...(correctedResponse ? { correctedResponse } : {}) });
  const rating = (taskId: string, raterId: string, scores: Record<string, number>) =>
    send('rating.recorded', {
      ...(exampleEventInputs['rating.recorded'].data as object),
      taskId,
      raterId,
      prompt: `prompt ${taskId}`,
      response: { id: 'r1', text: `rated ${taskId}`, modelVersion: 'm1' },
      scores,
    });
  const build = (name: string, asOf: string, recipe: object = {}) =>
    buildDataset(projector.context.dataSource, {
      tenant,
      asOf,
      recipe: normaliseRecipe({ ...base, ...recipe }),
      outDir: join(out, name),
      codeVersion: codeVersion(),
    });
  const lines = (name: string, file: string) =>
    readFileSync(join(out, name, file), 'utf8')
      .split('\n')
      .filter(Boolean);
  const pause = () => new Promise((r) => setTimeout(r, 20));

  it('KTO: thumbs up true, down false (the latest counts), outcomes and ratings by threshold; corrections as pairs exactly once; as of T; erasure applies to every later build', async () => {
    await interaction('i1', 'user-1');
    await interaction('i2', 'user-2');
    await interaction('i3', 'user-3');
    await feedback('i1', 'thumbs-up');
    await feedback('i2', 'thumbs-down');
    await feedback('i3', 'thumbs-up');
    await feedback('i3', 'thumbs-down');
    await send('outcome.recorded', { interactionId: 'i1', outcome: 'tests-passed', success: false });
    const firstCorrection = await feedback('i2', 'correction', 'fixed i2');
    await feedback('i2', 'correction', 'fixed i2'); // the same correction sent again: still one pair
    await rating('task-good', 'rater-a', { accuracy: 6, clarity: 7 });
    await rating('task-bad', 'rater-b', { accuracy: 1, clarity: 2 });
    await pause();
    const t1 = new Date().toISOString();
    await pause();
    await feedback('i1', 'thumbs-down'); // after T1
    await feedback('i3', 'correction', 'fixed i3'); // after T1

    const first = await build('t1', t1);
    const kto = [
      '{"prompt":"prompt i1","completion":"response i1","label":false}',
      '{"prompt":"prompt i1","completion":"response i1","label":true}',
      '{"prompt":"prompt i2","completion":"response i2","label":false}',
      '{"prompt":"prompt i3","completion":"response i3","label":false}',
      '{"prompt":"prompt task-bad","completion":"rated task-bad","label":false}',
      '{"prompt":"prompt task-good","completion":"rated task-good","label":true}',
    ];
    expect(lines('t1', 'kto.train.jsonl')).toEqual(kto);
    expect(lines('t1', 'corrections.train.jsonl')).toEqual([
      '{"prompt":"prompt i2","chosen":"fixed i2","rejected":"response i2"}',
    ]);
    const trainRows = lines('t1', 'train.jsonl').map((l) => JSON.parse(l) as { id: string });
    expect(trainRows.filter((r) => r.id.startsWith('correction:'))).toEqual([
      {
        id: `correction:${firstCorrection.id}`,
        prompt: 'prompt i2',
        chosen: 'fixed i2',
        rejected: 'response i2',
        weight: 1,
      },
    ]);
    expect(lines('t1', 'ratings.train.jsonl')).toContain(
      '{"prompt":"prompt task-good","response":"rated task-good","objective":"honesty","dimension":"accuracy","score":6,"scale_min":1,"scale_max":7}',
    );
    expect(first.counts.byOutput).toEqual({ kto: 6, corrections: 1, ratings: 4 });
    expect(first.files.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'train.jsonl',
        'excluded.jsonl',
        'kto.train.jsonl',
        'kto.test.jsonl',
        'corrections.validation.jsonl',
        'ratings.train.jsonl',
      ]),
    );

    const later = await build('t2', new Date().toISOString());
    expect(lines('t2', 'kto.train.jsonl')).not.toContain(
      '{"prompt":"prompt i1","completion":"response i1","label":true}',
    );
    expect(lines('t2', 'corrections.train.jsonl')).toHaveLength(2);
    expect(later.sha256).not.toBe(first.sha256);

    const again = await build('t1-again', t1);
    expect(again.sha256).toBe(first.sha256);

    await send('subject.erasure.requested', {
      subjectKind: 'user',
      subjectId: 'user-2',
      reason: 'GDPR article 17 request',
    });
    await waitFor(
      async () => (await build('t1-erased', t1)).counts.signals?.interactions.erased ?? 0,
      (n) => n >= 1,
      30_000,
      'the erasure applied',
    );
    expect(lines('t1-erased', 'kto.train.jsonl')).toEqual(kto.filter((l) => !l.includes('i2')));
    expect(lines('t1-erased', 'corrections.train.jsonl')).toEqual([]);
    expect(lines('t1-erased', 'train.jsonl').filter((l) => l.includes('correction:'))).toEqual([]);
  });

  it('writes Parquet with the same rows, OpenRLHF key names, and hashed rater columns on request', async () => {
    const asOf = new Date().toISOString();
    const jsonl = await build('jsonl', asOf);
    const parquet = await build('parquet', asOf, { fileFormat: 'parquet' });
    expect(parquet.counts.byOutput).toEqual(jsonl.counts.byOutput);
    for (const output of ['kto', 'corrections', 'ratings']) {
      const file = readFileSync(join(out, 'parquet', `${output}.train.parquet`));
      const rows = await parquetReadObjects({
        file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer,
      });
      expect(rows).toEqual(lines('jsonl', `${output}.train.jsonl`).map((l) => JSON.parse(l) as unknown));
    }
    expect((await build('parquet-again', asOf, { fileFormat: 'parquet' })).sha256).toBe(parquet.sha256);

    await build('openrlhf', asOf, { keyNames: 'openrlhf', outputs: ['kto'] });
    expect(lines('openrlhf', 'kto.train.jsonl')).toContain(
      '{"input":"prompt task-good","output":"rated task-good","label":true}',
    );

    await build('raters', asOf, { outputs: ['ratings'], raterColumns: { id: true, profile: true } });
    const rated = lines('raters', 'ratings.train.jsonl').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rated.find((r) => r.prompt === 'prompt task-good')).toMatchObject({
      rater_id: hashedRaterId(tenant, 'rater-a'),
      rater_group: 'unprofiled',
      rater_region: null,
    });
    expect(JSON.stringify(rated)).not.toContain('rater-a');
  });

  it('POST /v1/datasets chooses outputs and file format; a bad output is a 400 naming it', async () => {
    const asOf = new Date().toISOString();
    const started = await api.post(
      '/v1/datasets',
      { asOf, outputs: ['kto', 'ratings'], fileFormat: 'parquet', recipe: { split: { validation: 0, test: 0 } } },
      key,
    );
    expect(started.status).toBe(202);
    const id = (started.body as { id: string }).id;
    const get = async () => {
      const response = await fetch(`${api.url}/v1/datasets/${id}`, { headers: { authorization: `Bearer ${key}` } });
      return (await response.json()) as {
        status: string;
        manifest: { sha256: string; files: { name: string }[]; recipe: { outputs: string[] } };
      };
    };
    const done = await waitFor(get, (b) => b.status !== 'building', 30_000, 'the build to finish');
    expect(done.status).toBe('built');
    expect(done.manifest.recipe.outputs).toEqual(['kto', 'ratings']);
    expect(done.manifest.files.map((f) => f.name)).toEqual([
      'kto.train.parquet',
      'kto.validation.parquet',
      'kto.test.parquet',
      'ratings.train.parquet',
      'ratings.validation.parquet',
      'ratings.test.parquet',
    ]);
    expect(done.manifest.sha256).toBe(
      (await build('api', asOf, { outputs: ['kto', 'ratings'], fileFormat: 'parquet', correctionsObjective: null }))
        .sha256,
    );

    const bad = await api.post('/v1/datasets', { asOf, outputs: ['kto', 'dpo'], fileFormat: 'csv' }, key);
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      'fileFormat',
      'outputs[1]',
    ]);
  });
});
