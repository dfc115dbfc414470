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
 * not carry, so the recipe keeps every task in train. Every KTO row comes back as a
 * thumb (whether a thumb, an outcome or a rating made it), which exports the same row;
 * ratings come back grouped per prompt, response, objective and scale.
 */
describe('export → import → export', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  const out = mkdtempSync(join(tmpdir(), 'hindsight-round-trip-'));
  const recipe = normaliseRecipe({
    split: { validation: 0, test: 0 },
    outputs: ['trl-preference', 'trl-conversational', 'kto', 'ratings'],
    correctionsObjective: 'helpfulness',
  });
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
      expect({ status: response.status, body: response.status === 202 ? undefined : response.body }).toEqual({
        status: 202,
        body: undefined,
      });
      ids.push((response.body as { id: string }).id);
    };
    // The example names a queue assignment this tenant does not have, and a strength a tie may not carry.
    const {
      queueId: _queue,
      assignmentId: _assignment,
      strength: _strength,
      ...base
    } = exampleEventInputs['comparison.recorded'].data as unknown as Record<string, unknown>;
    const comparison = (
      taskId: string,
      prompt: string,
      texts: string[],
      winner: number,
      extra: Record<string, unknown> = {},
    ) =>
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
    await comparison(
      't-dialogue',
      '\n\nHuman: Hi\n\nAssistant: Hello! How can I help?\n\nHuman: Tell me a joke.\n\nAssistant:',
      [' A pun.', ' No.'],
      1,
    );
    await comparison('t-unicode', 'Ünïcödé «quotes» and "json" \\ slashes\nand lines', ['ja ✓', 'nein ✗'], 0);
    await send('comparison.recorded', { ...base, taskId: 't-tie', raterId: 'rater-tie', choice: { kind: 'tie' } });
    await send('interaction.logged', {
      interactionId: 'i-corrected',
      prompt: 'How do I reset my password?',
      response: 'Open Settings.',
      modelVersion: 'a1',
      userId: 'u1',
    });
    await send('feedback.recorded', {
      interactionId: 'i-corrected',
      kind: 'correction',
      correctedResponse: 'Open Settings → Security → Reset password.',
    });
    // KTO rows: two thumbs, a user who changed their mind (counts once, down), an outcome, and two ratings below.
    const interaction = (interactionId: string, prompt: string, response: string) =>
      send('interaction.logged', { interactionId, prompt, response, modelVersion: 'a1' });
    await interaction('i-up', 'Capital of France?', 'Paris.');
    await send('feedback.recorded', { interactionId: 'i-up', kind: 'thumbs-up' });
    await interaction('i-down', 'Capital of Spain?', 'Lisbon.');
    await send('feedback.recorded', { interactionId: 'i-down', kind: 'thumbs-down' });
    await interaction('i-changed', 'Ünïcödé «prompt»\nwith "quotes"', 'ja ✓');
    await send('feedback.recorded', { interactionId: 'i-changed', kind: 'thumbs-up' });
    await send('feedback.recorded', { interactionId: 'i-changed', kind: 'thumbs-down' });
    await interaction('i-outcome', 'Open a ticket.', 'Done.');
    await send('outcome.recorded', { interactionId: 'i-outcome', outcome: 'ticket-resolved', success: false });
    // Two raters of one response on the same dimensions, and a second response on a 0..1 scale.
    const {
      queueId: _q,
      assignmentId: _a,
      ...ratingBase
    } = exampleEventInputs['rating.recorded'].data as unknown as Record<string, unknown>;
    const rating = (
      taskId: string,
      raterId: string,
      response: string,
      scale: { min: number; max: number },
      scores: Record<string, number>,
    ) =>
      send('rating.recorded', {
        ...ratingBase,
        taskId,
        raterId,
        prompt: 'Summarise the article.',
        response: { id: 'r1', text: response, modelVersion: 'm1' },
        scale,
        scores,
        objective: 'honesty',
      });
    await rating('t-rate', 'rater-a', 'It argues for X.', { min: 1, max: 7 }, { accuracy: 6, clarity: 7 });
    await rating('t-rate', 'rater-b', 'It argues for X.', { min: 1, max: 7 }, { accuracy: 2, clarity: 3 });
    await rating('t-rate-2', 'rater-a', 'It is about Y.', { min: 0, max: 1 }, { 'tone-appropriate': 0.25 });
    await waitFor(
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
      'the source tenant projected',
    );
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
    rmSync(out, { recursive: true, force: true });
  });

  const build = (tenant: string, name: string, fileFormat: 'jsonl' | 'parquet', keyNames: 'trl' | 'openrlhf' = 'trl') =>
    buildDataset(projector.context.dataSource, {
      tenant,
      asOf: new Date().toISOString(),
      recipe: { ...recipe, fileFormat, keyNames },
      outDir: join(out, name),
      codeVersion: codeVersion(),
    });

  // Rows of each export, and the events an import makes of them.
  const expected = {
    // 4 comparisons give 5 pairs (three responses give two), the tie none, the correction one.
    'trl-preference': { rows: 6, type: 'comparison.recorded', events: 6 },
    'trl-conversational': { rows: 6, type: 'comparison.recorded', events: 6 },
    // Thumbs up, down, changed to down, the failed outcome, the three ratings (6.5 and 0.25 on 0..1: desirable, not, not).
    kto: { rows: 7, type: 'feedback.recorded', events: 7 },
    // Two dimensions of two raters and one dimension of the third rating; 3 ratings.
    ratings: { rows: 5, type: 'rating.recorded', events: 3 },
  } as const;

  it.each([
    ['trl-preference', 'jsonl', 'trl'],
    ['trl-conversational', 'jsonl', 'trl'],
    ['kto', 'jsonl', 'trl'],
    ['ratings', 'jsonl', 'trl'],
    ['trl-preference', 'parquet', 'trl'],
    ['trl-conversational', 'parquet', 'trl'],
    ['kto', 'parquet', 'trl'],
    ['ratings', 'parquet', 'trl'],
    ['kto', 'jsonl', 'openrlhf'],
    ['kto', 'parquet', 'openrlhf'],
  ] as const)('%s as %s comes back byte for byte (%s key names)', async (format, fileFormat, keyNames) => {
    const first = await build(source, `${format}-${fileFormat}-${keyNames}-a`, fileFormat, keyNames);
    const file = `${format}.train.${fileFormat}`;
    const exported = first.files.find((f) => f.name === file)!;
    expect(exported.rows).toBe(expected[format].rows);

    const target = uniqueTenant('rt-dst');
    const key = (await api.issueKey({ tenant: target, scopes: ['ingest'] })).key;
    if (keyNames === 'openrlhf')
      expect(
        readFileSync(join(out, `${format}-${fileFormat}-${keyNames}-a`, file)).includes('"input"') ||
          fileFormat === 'parquet',
      ).toBe(true);
    const run = await runCli([
      'import',
      join(out, `${format}-${fileFormat}-${keyNames}-a`, file),
      '--format',
      format,
      '--dataset',
      'round-trip',
      '--api',
      api.url,
      '--key',
      key,
      '--json',
    ]);
    if (run.code !== 0) throw new Error(`hindsight import exited ${run.code}: ${run.stderr}`);
    expect((JSON.parse(run.stdout) as ImportSummary).rows).toEqual({
      read: exported.rows,
      imported: exported.rows,
      rejected: 0,
    });
    await waitFor(
      async () =>
        Number(
          (
            await projector.context.dataSource.query(
              'SELECT count(*) AS n FROM events WHERE tenant = $1 AND type = $2',
              [target, expected[format].type],
            )
          )[0].n,
        ),
      (n) => n === expected[format].events,
      60_000,
      `the imported ${expected[format].type} events projected`,
    );

    const second = await build(target, `${format}-${fileFormat}-${keyNames}-b`, fileFormat, keyNames);
    for (const split of ['train', 'validation', 'test']) {
      const name = `${format}.${split}.${fileFormat}`;
      expect(
        readFileSync(join(out, `${format}-${fileFormat}-${keyNames}-b`, name)).equals(
          readFileSync(join(out, `${format}-${fileFormat}-${keyNames}-a`, name)),
        ),
      ).toBe(true);
      expect(second.files.find((f) => f.name === name)!.sha256).toBe(first.files.find((f) => f.name === name)!.sha256);
    }
  });

  it('hindsight dataset build takes the export flags over the recipe, and names a bad flag', async () => {
    const dir = join(out, 'cli');
    const run = await runCli([
      'dataset',
      'build',
      '--tenant',
      source,
      '--as-of',
      new Date().toISOString(),
      '--out',
      dir,
      '--output',
      'trl-preference',
      'kto',
      '--file-format',
      'parquet',
      '--key-names',
      'openrlhf',
      '--rater-columns',
      'id',
      '--corrections-objective',
      'helpfulness',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout) as {
      recipe: Record<string, unknown>;
      counts: { byOutput: Record<string, number> };
      files: { name: string }[];
    };
    expect(manifest.recipe).toMatchObject({
      outputs: ['trl-preference', 'kto'],
      fileFormat: 'parquet',
      keyNames: 'openrlhf',
      raterColumns: { id: true, profile: false },
      correctionsObjective: 'helpfulness',
    });
    expect(manifest.counts.byOutput).toEqual({ 'trl-preference': 6, kto: 7 });
    expect(manifest.files.map((f) => f.name)).toContain('trl-preference.train.parquet');

    const bad = await runCli([
      'dataset',
      'build',
      '--tenant',
      source,
      '--as-of',
      new Date().toISOString(),
      '--out',
      dir,
      '--rater-columns',
      'id,age',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--rater-columns');
  });
});
