import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { loadPlatformConfig } from '@hindsight/config';
import { TOPICS, topicName } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { endOffsetTotal, runCli, startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';
import type { ImportSummary } from './commands/import.command';

const PANDALM = '/work/shared/data/pandalm-testset-v1.json';
const MAPPING = 'examples/pandalm/mapping.yaml';
const root = join(__dirname, '../../..');

/** The `hindsight` process as users run it (bin/hindsight.js → the compiled dist/): --version and `-` for standard input. */
describe('hindsight --version and --input -', () => {
  let api: ApiUnderTest;
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'cli-stdin-int-test' });
  const annotations = topicName(config.kafka.topicPrefix, TOPICS.annotations);
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-stdin-'));

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--version prints the package version and the checkout's commit, exit 0", async () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const run = await runCli(['--version'], { HINDSIGHT_CODE_VERSION: '' });
    expect(run).toEqual({ code: 0, stdout: `hindsight ${version} (commit ${commit})\n`, stderr: '' });
    expect((await runCli(['-V'])).stdout).toBe(run.stdout);
  });

  it('import - reads the data set from standard input and publishes it through the real api', async () => {
    const tenant = uniqueTenant('stdin');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest'] });
    const rows = (JSON.parse(readFileSync(PANDALM, 'utf8')) as Record<string, unknown>[]).slice(0, 2);
    const before = await endOffsetTotal(kafka, annotations);
    const run = await runCli(
      ['import', '-', '--mapping', MAPPING, '--file-type', 'jsonl', '--api', api.url, '--key', key, '--json'],
      {},
      rows.map((r) => `${JSON.stringify(r)}\n`).join(''),
    );
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout) as ImportSummary;
    expect(summary).toMatchObject({ file: '-', format: 'jsonl', rows: { read: 2, imported: 2, rejected: 0 } });
    // Three annotators label each PandaLM row: three comparisons per row.
    expect(summary.comparisons).toMatchObject({ accepted: 6, replayed: 0 });
    expect((await endOffsetTotal(kafka, annotations)) - before).toBe(6);
  }, 120_000);

  it('refuses import - without a data set name, and two options reading standard input, with exit 2 naming the option', async () => {
    const before = await endOffsetTotal(kafka, annotations);
    const unnamed = await runCli(
      ['import', '-', '--format', 'hh-rlhf', '--api', api.url, '--key', 'unused'],
      {},
      '{}\n',
    );
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('--dataset: is required when FILE is - (standard input)');
    const twice = await runCli(['import', '-', '--mapping', '-', '--api', api.url, '--key', 'unused'], {}, '{}\n');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--mapping: cannot read standard input: FILE already reads it');
    expect(await endOffsetTotal(kafka, annotations)).toBe(before);
  });

  it('bt fit --input - prints what bt fit --input FILE prints', async () => {
    const csv = 'player1,player2,wins1,wins2\na,b,3,1\nb,c,2,2\na,c,4,1\n';
    const file = join(dir, 'matches.csv');
    writeFileSync(file, csv);
    const fromFile = await runCli(['bt', 'fit', '--input', file, '--json']);
    const fromStdin = await runCli(['bt', 'fit', '--input', '-', '--json'], {}, csv);
    expect(fromFile.code).toBe(0);
    expect(fromStdin).toEqual(fromFile);
    expect((JSON.parse(fromStdin.stdout) as { players: unknown[] }).players).toHaveLength(3);
  });
});
