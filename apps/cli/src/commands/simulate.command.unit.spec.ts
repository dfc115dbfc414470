import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import { registerQualityCommands } from './quality.command';
import { registerQualityReportCommands } from './quality-report.command';
import { registerSimulateCommands } from './simulate.command';

// Bad input is refused before any I/O (no api, no database is reached): ValidationError, which main turns into exit 2.
const run = async (...args: string[]): Promise<void> => {
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerQualityCommands(program);
  registerQualityReportCommands(program);
  registerSimulateCommands(program);
  await program.parseAsync(args, { from: 'user' });
};

describe('hindsight simulate and quality report: bad input', () => {
  const savedKey = process.env.HINDSIGHT_API_KEY;
  let dir: string;
  beforeEach(() => {
    delete process.env.HINDSIGHT_API_KEY;
    dir = mkdtempSync(join(tmpdir(), 'hindsight-qr-'));
  });
  afterEach(() => {
    if (savedKey !== undefined) process.env.HINDSIGHT_API_KEY = savedKey;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [['--raters', 'many'], '--raters'],
    [['--raters', '1'], '--raters'],
    [['--position-biased', '1.5'], '--position-biased'],
    [['--spammers', ''], '--spammers'],
    [['--judges', 'agreeing,lenient'], '--judges'],
    [['--judge-share', '2'], '--judge-share'],
    [['--start', 'last spring', '--key', 'k'], '--start'],
    [[], '--key'],
  ])('simulate %j names %s', async (args, field) => {
    const error = await run('simulate', '--tenant', 'acme', ...args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([field]);
  });

  it('quality report names --as-of and --target-profile', async () => {
    const bad = await run('quality', 'report', '--tenant', 'acme', '--as-of', 'yesterday').catch((e: unknown) => e);
    expect((bad as ValidationError).issues).toEqual([expect.objectContaining({ path: '--as-of' })]);
    const missing = await run(
      'quality',
      'report',
      '--tenant',
      'acme',
      '--as-of',
      '2026-04-01T00:00:00Z',
      '--target-profile',
      join(dir, 'nope.yaml'),
    ).catch((e: unknown) => e);
    expect((missing as ValidationError).issues).toEqual([
      { path: '--target-profile', rule: 'cannot be read (ENOENT)' },
    ]);
    const file = join(dir, 'target.yaml');
    writeFileSync(file, 'region: { "150": 2 }');
    const share = await run(
      'quality',
      'report',
      '--tenant',
      'acme',
      '--as-of',
      '2026-04-01T00:00:00Z',
      '--target-profile',
      file,
    ).catch((e: unknown) => e);
    expect(share).toBeInstanceOf(ValidationError);
    expect((share as ValidationError).issues[0].path).toBe('region["150"]');
  });
});
