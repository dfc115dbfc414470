import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { exampleEventInputs } from '@hindsight/contracts';
import { buildDataset, normaliseRecipe } from '@hindsight/datasets';
import { codeVersion, startService, type RunningService } from '@hindsight/runtime';
import { freePort, runCli, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import type { ImportSummary } from './import.command';

/**
 * The round trip of issue #14: export a tenant in each format the importer reads,
 * import the file into an empty tenant with `hindsight import --format`, export
 * that tenant again with the same recipe: byte-identical files, in JSON Lines and
 * in Parquet. Splits are by a stable hash of the task id, which the TRL layouts do
 * not carry, so the recipe keeps every task in train.
 */
describe('export → import → export', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-round-trip-'));
  const recipe = normaliseRecipe({ split: { validation: 0, test: 0 }, outputs: ['trl-preference', 'trl-conversational'], correctionsObjective: 'helpfulness' });
  let source: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    source = uniqueTenant('rt-src');
    const key = (await api.issueKey({ tenant: source, scopes: ['ingest', 'feedback'] })).key;
    const ids: string[] = [];
    const send = async (type: keyof typeof exampleEventInputs, data: Record<string, unknown>) => {
      const example = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
      delete example.occurredAt;
      const response = await api.post('/v1/events', { ...example, idempotencyKey: `k-${randomUUID()}`, data }, key);
      expect({ status: response.status, body: response.status === 202 ? undefined : response.body }).toEqual({ status: 202, body: undefined });
      ids.push((response.body as { id: string }).id);
    };
    // The example names a queue assignment this tenant does not have, and a strength a tie may not carry.
    const { queueId: _queue, assignmentId: _assignment, strength: _strength, ...base } = exampleEventInputs['comparison.recorded'].data as unknown as Record<string, unknown>;
    const comparison = (taskId: string, prompt: string, texts: string[], winner: number, extra: Record<string, unknown> = {}) =>
      send('comparison.recorded', {
        ...base,
        taskId,
        prompt,
        responses: texts.map((text, i) => ({ id: `r${i}`, text, modelVersion: 'm1' })),
        shownOrder: texts.map((_, i) => `r${i}`),
        choice: { kind: 'preferred', responseId: `r${winner}` },
        raterId: `rater-${taskId}`,
        ...extra,
      });
    await comparison('t-sky', 'The sky is', [' blue.', ' green.'], 0, { strength: 2 });
    await comparison('t-three', 'Name a prime.', ['7', '8', '9'], 0);
    await comparison('t-dialogue', '\n\nHuman: Hi\n\nAssistant: Hello! How can I help?\n\nHuman: Tell me a joke.\n\nAssistant:', [' A pun.', ' No.'], 1);
    await comparison('t-unicode', 'Ünïcödé «quotes» and "json" \\ slashes\nand lines', ['ja ✓', 'nein ✗'], 0);
    await send('comparison.recorded', { ...base, taskId: 't-tie', raterId: 'rater-tie', choice: { kind: 'tie' } });
    await send('interaction.logged', { interactionId: 'i-corrected', prompt: 'How do I reset my password?', response: 'Open Settings.', modelVersion: 'a1', userId: 'u1' });
    await send('feedback.recorded', { interactionId: 'i-corrected', kind: 'correction', correctedResponse: 'Open Settings → Security → Reset password.' });
    await waitFor(
      async () => Number((await projector.context.dataSource.query('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0].n),
      (n) => n === ids.length,
      30_000,
      'the source tenant projected',
    );
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
    rmSync(out, { recursive: true, force: true });
  });

  const build = (tenant: string, name: string, fileFormat: 'jsonl' | 'parquet') =>
    buildDataset(projector.context.dataSource, { tenant, asOf: new Date().toISOString(), recipe: { ...recipe, fileFormat }, outDir: join(out, name), codeVersion: codeVersion() });

  it.each([
    ['trl-preference', 'jsonl'],
    ['trl-conversational', 'jsonl'],
    ['trl-preference', 'parquet'],
    ['trl-conversational', 'parquet'],
  ] as const)('%s as %s comes back byte for byte', async (format, fileFormat) => {
    const first = await build(source, `${format}-${fileFormat}-a`, fileFormat);
    const file = `${format}.train.${fileFormat}`;
    const exported = first.files.find((f) => f.name === file)!;
    // 4 comparisons give 5 pairs (three responses give two), the tie none, the correction one.
    expect(exported.rows).toBe(6);

    const target = uniqueTenant('rt-dst');
    const key = (await api.issueKey({ tenant: target, scopes: ['ingest'] })).key;
    const run = await runCli(['import', join(out, `${format}-${fileFormat}-a`, file), '--format', format, '--dataset', 'round-trip', '--api', api.url, '--key', key, '--json']);
    if (run.code !== 0) throw new Error(`hindsight import exited ${run.code}: ${run.stderr}`);
    expect((JSON.parse(run.stdout) as ImportSummary).rows).toEqual({ read: exported.rows, imported: exported.rows, rejected: 0 });
    await waitFor(
      async () => Number((await projector.context.dataSource.query("SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = 'comparison.recorded'", [target]))[0].n),
      (n) => n === exported.rows,
      60_000,
      'the imported comparisons projected',
    );

    const second = await build(target, `${format}-${fileFormat}-b`, fileFormat);
    for (const split of ['train', 'validation', 'test']) {
      const name = `${format}.${split}.${fileFormat}`;
      expect(readFileSync(join(out, `${format}-${fileFormat}-b`, name)).equals(readFileSync(join(out, `${format}-${fileFormat}-a`, name)))).toBe(true);
      expect(second.files.find((f) => f.name === name)!.sha256).toBe(first.files.find((f) => f.name === name)!.sha256);
    }
  });

  it('hindsight dataset build takes the export flags over the recipe, and names a bad flag', async () => {
    const dir = join(out, 'cli');
    const run = await runCli(['dataset', 'build', '--tenant', source, '--as-of', new Date().toISOString(), '--out', dir, '--output', 'trl-preference', 'kto', '--file-format', 'parquet', '--key-names', 'openrlhf', '--rater-columns', 'id', '--corrections-objective', 'helpfulness', '--json']);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout) as { recipe: Record<string, unknown>; counts: { byOutput: Record<string, number> }; files: { name: string }[] };
    expect(manifest.recipe).toMatchObject({ outputs: ['trl-preference', 'kto'], fileFormat: 'parquet', keyNames: 'openrlhf', raterColumns: { id: true, profile: false }, correctionsObjective: 'helpfulness' });
    expect(manifest.counts.byOutput).toEqual({ 'trl-preference': 6, kto: 0 });
    expect(manifest.files.map((f) => f.name)).toContain('trl-preference.train.parquet');

    const bad = await runCli(['dataset', 'build', '--tenant', source, '--as-of', new Date().toISOString(), '--out', dir, '--rater-columns', 'id,age']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--rater-columns');
  });
});
