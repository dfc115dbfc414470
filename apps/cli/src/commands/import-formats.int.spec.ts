import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { TOPICS, topicName } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
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
 * `hindsight import --format <name>` through the whole platform: the CLI process → api → Kafka →
 * projector → PostgreSQL. The files are examples/formats/*, written in each project's documented
 * layout (the sources are cited in libs/history-import/src/formats/formats.unit.spec.ts).
 */
describe('hindsight import --format', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'import-formats-int-test' });
  const annotations = topicName(config.kafka.topicPrefix, TOPICS.annotations);
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-import-formats-'));
  const example = (name: string) => readFileSync(join('examples/formats', name), 'utf8');

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
    const run = await runCli(['import', file, '--api', api.url, '--key', key, '--json', ...extra]);
    if (run.code !== 0) throw new Error(`hindsight import exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as ImportSummary;
  };
  const query = <T>(sql: string, params: unknown[]): Promise<T[]> => projector.context.dataSource.query(sql, params);
  const projectedCount = (tenant: string) =>
    query<{ n: number }>('SELECT count(*)::int AS n FROM comparisons WHERE tenant = $1', [tenant]).then((r) => r[0].n);

  it('imports gzip HH-RLHF (detected), splitting the prompt so prompt + response is the original text; a malformed row goes to --rejects-out with its line; a re-import publishes nothing', async () => {
    const tenant = uniqueTenant('hh');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
    const rows = example('hh-rlhf.jsonl').trim().split('\n');
    // Row 2 (line 3) has no shared assistant turn; line 5 is not JSON.
    const file = join(dir, 'hh-train.jsonl.gz');
    writeFileSync(file, gzipSync(`${rows.join('\n')}\n{"chosen": "\\n\\nHuman: Hi\n`));
    const rejectsOut = join(dir, 'hh-rejects.jsonl');
    const before = await endOffsetTotal(kafka, annotations);
    const first = await importFile(file, key, ['--licence', 'MIT', '--rejects-out', rejectsOut]);
    expect(first).toMatchObject({ reader: 'hh-rlhf', format: 'jsonl', gzip: true, source: 'hh-train' });
    expect(first.rows).toEqual({ read: 5, imported: 3, rejected: 2 });
    expect(first.comparisons).toMatchObject({ mapped: 3, accepted: 3, replayed: 0 });
    const rejects = readFileSync(rejectsOut, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejects).toEqual([
      {
        row: 2,
        line: 3,
        rowId: '2',
        stage: 'mapping',
        issues: [
          {
            path: 'chosen+rejected',
            rule: 'chosen and rejected share no "\\n\\nAssistant:" turn, so the prompt cannot be split off',
          },
        ],
      },
      {
        row: 4,
        line: 5,
        stage: 'parse',
        issues: [{ path: 'line 5', rule: expect.stringContaining('not valid JSON') }],
      },
    ]);
    expect((await endOffsetTotal(kafka, annotations)) - before).toBe(3);
    await waitFor(
      () => projectedCount(tenant),
      (n) => n === 3,
      60_000,
      'HH comparisons projected',
    );

    const projected = await query<{
      task_id: string;
      prompt: string;
      responses: { id: string; text: string }[];
      choice: { responseId: string };
    }>('SELECT task_id, prompt, responses, choice FROM comparisons WHERE tenant = $1 ORDER BY task_id', [tenant]);
    const original = rows.map((r) => JSON.parse(r) as { chosen: string; rejected: string });
    for (const p of projected) {
      const row = original[Number(p.task_id.replace('hh-train-', ''))];
      expect(p.choice.responseId).toBe('chosen');
      expect(p.prompt + p.responses[0].text).toBe(row.chosen);
      expect(p.prompt + p.responses[1].text).toBe(row.rejected);
    }
    const provenance = await query<{ p: unknown }>(
      "SELECT payload -> 'data' -> 'provenance' AS p FROM events WHERE tenant = $1 AND type = 'comparison.recorded' ORDER BY payload -> 'data' ->> 'taskId'",
      [tenant],
    );
    expect(provenance.map((r) => r.p)).toEqual(
      ['0', '1', '3'].map((row) => ({ dataset: 'hh-train', row, licence: 'MIT' })),
    );

    const published = await endOffsetTotal(kafka, annotations);
    const second = await importFile(file, key, ['--licence', 'MIT']);
    expect(second.comparisons).toMatchObject({ accepted: 3, replayed: 3 });
    expect(await endOffsetTotal(kafka, annotations)).toBe(published);
  }, 240_000);

  it('imports TRL preference rows from Parquet (hyparquet-writer) and every other named format from its example file', async () => {
    const tenant = uniqueTenant('formats');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
    const trl = example('trl-preference.jsonl')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
    const parquet = join(dir, 'trl.parquet');
    writeFileSync(
      parquet,
      Buffer.from(
        parquetWriteBuffer({
          columnData: (['prompt', 'chosen', 'rejected'] as const).map((name) => ({
            name,
            data: trl.map((r) => r[name]),
            type: 'STRING' as const,
          })),
        }),
      ),
    );
    const fromParquet = await importFile(parquet, key, ['--format', 'trl-preference', '--objective', 'helpfulness']);
    expect(fromParquet).toMatchObject({
      reader: 'trl-preference',
      format: 'parquet',
      rows: { read: 3, imported: 3, rejected: 0 },
      comparisons: { accepted: 3 },
    });

    const expected: [string, string, number][] = [
      ['trl-conversational.jsonl', 'trl-conversational', 2],
      ['ultrafeedback.jsonl', 'ultrafeedback', 10],
      ['label-studio.json', 'label-studio', 2],
      ['argilla.json', 'argilla', 3],
    ];
    let total = 3;
    for (const [file, format, comparisons] of expected) {
      const summary = await importFile(join('examples/formats', file), key);
      expect(summary).toMatchObject({ reader: format, comparisons: { accepted: comparisons, rejected: 0 } });
      total += comparisons;
    }
    await waitFor(
      () => projectedCount(tenant),
      (n) => n === total,
      60_000,
      'comparisons of every format projected',
    );
    const objectives = await query<{ objective: string; n: number }>(
      'SELECT objective, count(*)::int AS n FROM comparisons WHERE tenant = $1 GROUP BY objective ORDER BY objective',
      [tenant],
    );
    expect(objectives).toEqual([
      { objective: 'helpfulness', n: 3 + 3 },
      { objective: 'honesty', n: 3 },
      { objective: 'instruction-following', n: 3 },
      { objective: 'overall', n: 2 + 2 + 3 },
      { objective: 'truthfulness', n: 1 },
    ]);
    const studio = await query<{ rater_id: string; dwell_time_ms: number; occurred_at: Date }>(
      "SELECT rater_id, dwell_time_ms, occurred_at FROM comparisons WHERE tenant = $1 AND task_id = 'label-studio-101' ORDER BY rater_id",
      [tenant],
    );
    expect(studio.map((s) => [s.rater_id, s.dwell_time_ms, s.occurred_at.toISOString()])).toEqual([
      ['label-studio-7', 12500, '2024-03-09T21:52:49.513Z'],
      ['label-studio-8', 4000, '2024-03-10T08:00:00.000Z'],
    ]);
  }, 300_000);

  it('refuses, with exit 2 naming --format and the candidates, a file whose format cannot be told', async () => {
    const file = join(dir, 'unknown.jsonl');
    writeFileSync(file, '{"question": "Q", "answer": "A"}\n');
    const none = await runCli(['import', file, '--dry-run']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      '--format: required: the first row (keys question, answer) has the shape of none of trl-preference, hh-rlhf, trl-conversational, ultrafeedback, label-studio, argilla, kto, ratings',
    );
    const both = join(dir, 'both.jsonl');
    writeFileSync(both, '{"instruction": "Q", "completions": [], "data": {}, "annotations": []}\n');
    const several = await runCli(['import', both, '--dry-run']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain(
      '--format: required: the first row has the shape of several formats (ultrafeedback, label-studio); name one of them',
    );
    const badFlag = await runCli(['import', both, '--format', 'ultrafeedback', '--locale', 'english!', '--dry-run']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--locale: must be a BCP 47 language tag');
  }, 180_000);
});
