import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { TOPICS, topicName } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { cohenKappa } from '@hindsight/quality';
import { startService, type RunningService } from '@hindsight/runtime';
import {
  endOffsetTotal,
  freePort,
  runCli,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import type { ImportSummary } from './import.command';

/**
 * PandaLM human test set (WeOpenML/PandaLM, data/testset-v1.json, Apache-2.0; copied byte for
 * byte to /work/shared/data, see its README): 999 response pairs, each labelled by the same three
 * annotators (0 tie, 1 response1 better, 2 response2 better).
 *
 * Published values — the PandaLM README, section "Test data": pairwise Cohen's kappa
 * #1–#2 0.85, #1–#3 0.88, #2–#3 0.86 (two decimals; the same citation as
 * libs/quality/src/agreement/pandalm-agreement.unit.spec.ts).
 */
const PANDALM = '/work/shared/data/pandalm-testset-v1.json';
const MAPPING = 'examples/pandalm/mapping.yaml';
const OCCURRED_AT = '2023-06-01T00:00:00.000Z';

interface PandaRow {
  readonly idx: number;
  readonly response1: unknown;
  readonly response2: unknown;
  readonly [column: string]: unknown;
}

/** Through the whole platform: the `hindsight import` process → api → Kafka → projector → PostgreSQL. */
describe('hindsight import', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'import-int-test' });
  const annotations = topicName(config.kafka.topicPrefix, TOPICS.annotations);
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-import-'));
  const rows = JSON.parse(readFileSync(PANDALM, 'utf8')) as PandaRow[];

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const importFile = async (file: string, key: string, extra: string[] = []) => {
    const run = await runCli([
      'import',
      file,
      '--mapping',
      MAPPING,
      '--api',
      api.url,
      '--key',
      key,
      '--json',
      ...extra,
    ]);
    if (run.code !== 0) throw new Error(`hindsight import exited ${run.code}: ${run.stderr}`);
    return { summary: JSON.parse(run.stdout) as ImportSummary, stderr: run.stderr };
  };
  const projectedCount = (tenant: string) =>
    projector.context.dataSource
      .query('SELECT count(*)::int AS n FROM comparisons WHERE tenant = $1', [tenant])
      .then((r: { n: number }[]) => r[0].n);

  it('imports the PandaLM test set: 3 comparisons per mappable row, the non-text rows rejected with reasons, nothing new on a second run, and the published kappas from the projection', async () => {
    const tenant = uniqueTenant('pandalm');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
    // Counted from the raw file, independently of the importer: a response that is not non-empty text
    // cannot become a comparison (`true` in six rows; empty strings, which the contract refuses, in 54).
    const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
    const nonText = rows.filter((r) => !isText(r.response1) || !isText(r.response2)).map((r) => r.idx);
    const booleans = rows
      .filter((r) => typeof r.response1 === 'boolean' || typeof r.response2 === 'boolean')
      .map((r) => r.idx);
    const mappable = rows.length - nonText.length;
    expect(booleans).toHaveLength(6);
    expect(nonText.length).toBeGreaterThan(booleans.length);

    const before = await endOffsetTotal(kafka, annotations);
    const rejectsOut = join(dir, 'rejects.jsonl');
    const first = await importFile(PANDALM, key, [
      '--format',
      'json',
      '--occurred-at',
      OCCURRED_AT,
      '--rejects-out',
      rejectsOut,
    ]);
    expect(first.stderr).toContain('import [##############################] 999/999');
    expect(first.summary.rows).toEqual({ read: 999, imported: mappable, rejected: nonText.length });
    expect(first.summary.comparisons).toMatchObject({ accepted: 3 * mappable, replayed: 0, unlabelled: 0 });
    // Row position = idx in this file; every rejected row is one of the non-text rows and vice versa.
    expect([...new Set(first.summary.rejections.map((r) => r.row))]).toEqual(nonText);
    for (const r of first.summary.rejections) {
      if (booleans.includes(r.row)) {
        expect(r).toMatchObject({
          stage: 'mapping',
          issues: [
            { path: expect.stringMatching(/^response[12]$/), rule: expect.stringContaining('got the boolean true') },
          ],
        });
      } else {
        expect(r).toMatchObject({
          stage: 'api',
          column: expect.stringMatching(/^annotator[123]$/),
          issues: [{ path: expect.stringMatching(/^data\.responses\[[01]\]\.text$/), rule: 'must not be empty' }],
        });
      }
    }
    expect(
      readFileSync(rejectsOut, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(first.summary.rejections);
    const published = await endOffsetTotal(kafka, annotations);
    expect(published - before).toBe(3 * mappable);

    await waitFor(
      () => projectedCount(tenant),
      (n) => n === 3 * mappable,
      60_000,
      'comparisons projected',
    );

    // A second run publishes nothing: every key was seen; the topic's end offsets do not move.
    const second = await importFile(PANDALM, key, ['--format', 'json', '--occurred-at', OCCURRED_AT]);
    expect(second.summary.comparisons).toMatchObject({ accepted: 3 * mappable, replayed: 3 * mappable });
    expect(await endOffsetTotal(kafka, annotations)).toBe(published);
    expect(await projectedCount(tenant)).toBe(3 * mappable);

    // The projected comparisons, read back as labels per task and rater.
    const projected: {
      task_id: string;
      rater_id: string;
      choice: { kind: string; responseId?: string };
      occurred_at: Date;
      responses: { modelVersion: string }[];
    }[] = await projector.context.dataSource.query(
      'SELECT task_id, rater_id, choice, occurred_at, responses FROM comparisons WHERE tenant = $1',
      [tenant],
    );
    expect(new Set(projected.map((p) => p.occurred_at.toISOString()))).toEqual(new Set([OCCURRED_AT]));
    const byRow = new Map(rows.map((r) => [`pandalm-${r.idx}`, r]));
    const labels = new Map<string, Map<string, number>>();
    for (const p of projected) {
      const label = p.choice.kind === 'tie' ? 0 : p.choice.responseId === 'response1' ? 1 : 2;
      const column = p.rater_id.replace(/^pandalm-/, '');
      if (!labels.has(column)) labels.set(column, new Map());
      labels.get(column)?.set(p.task_id, label);
      // Each projected label is the one in the file, and the model versions come from cmp_key.
      const source = byRow.get(p.task_id);
      expect(label).toBe(source?.[column]);
      expect(p.responses.map((r) => r.modelVersion).join('_')).toBe(source?.cmp_key);
    }
    expect([...labels.keys()].sort()).toEqual(['annotator1', 'annotator2', 'annotator3']);
    const kappa = (a: string, b: string) => {
      const first = labels.get(a) ?? new Map<string, number>();
      const second = labels.get(b) ?? new Map<string, number>();
      return cohenKappa([...first.keys()].map((task) => [first.get(task) ?? null, second.get(task) ?? null]));
    };
    // Over the 939 projected rows rather than all 999, so only two decimals are comparable.
    expect(Math.round(kappa('annotator1', 'annotator2') * 100) / 100).toBe(0.85);
    expect(Math.round(kappa('annotator1', 'annotator3') * 100) / 100).toBe(0.88);
    expect(Math.round(kappa('annotator2', 'annotator3') * 100) / 100).toBe(0.86);
  }, 180_000);

  it('streams JSON Lines: a broken line and a record the api refuses are reported with their line and field-level issues; the rest is imported', async () => {
    const tenant = uniqueTenant('jsonl');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
    const good = rows.slice(0, 2);
    // `cmp_key` gives model versions with a space, which the contract's token rule refuses: only the api says so.
    const badModel = { ...rows[2], cmp_key: 'bloom 7b_llama-7b' };
    const file = join(dir, 'sample.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify(good[0])}\n{"idx": 1,\n\n${JSON.stringify(good[1])}\n${JSON.stringify(badModel)}\n`,
    );
    const before = await endOffsetTotal(kafka, annotations);
    const { summary } = await importFile(file, key);
    expect(summary).toMatchObject({ format: 'jsonl', occurredAt: 'none in the data: the api sets it to recordedAt' });
    expect(summary.rows).toEqual({ read: 4, imported: 2, rejected: 2 });
    expect(summary.comparisons).toMatchObject({ mapped: 9, accepted: 6, rejected: 3 });
    expect(summary.rejections[0]).toMatchObject({
      row: 1,
      line: 2,
      stage: 'parse',
      issues: [{ path: 'line 2', rule: expect.stringContaining('not valid JSON') }],
    });
    expect(summary.rejections.slice(1)).toEqual(
      ['annotator1', 'annotator2', 'annotator3'].map((column) => ({
        row: 3,
        line: 5,
        rowId: '2',
        column,
        stage: 'api',
        issues: [{ path: 'data.responses[0].modelVersion', rule: 'must be visible ASCII without spaces' }],
      })),
    );
    expect((await endOffsetTotal(kafka, annotations)) - before).toBe(6);
  });

  it('refuses a bad mapping or bad options with exit 2 naming the field, and publishes nothing', async () => {
    const mapping = join(dir, 'bad.yaml');
    writeFileSync(mapping, readFileSync(MAPPING, 'utf8').replace('1: response1', '1: response9'));
    const before = await endOffsetTotal(kafka, annotations);
    const bad = await runCli(['import', PANDALM, '--mapping', mapping, '--api', api.url, '--key', 'unused']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('labels.1: must be "tie" or one of the response ids (response1, response2)');
    const noKey = await runCli(['import', PANDALM, '--mapping', MAPPING, '--api', api.url], { HINDSIGHT_API_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--key: required (or set HINDSIGHT_API_KEY)');
    const badTime = await runCli(['import', PANDALM, '--mapping', MAPPING, '--occurred-at', 'yesterday', '--dry-run']);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--occurred-at: must be an ISO-8601 UTC instant');
    expect(await endOffsetTotal(kafka, annotations)).toBe(before);
  });
});
