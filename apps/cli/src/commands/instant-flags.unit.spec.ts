import { Command } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import { registerDatasetCommands } from './dataset.command';
import { registerPolicyCommands } from './policy.command';
import { registerQualityReportCommands } from './quality-report.command';
import { registerReplayCommands } from './replay.command';
import { registerRetrainCommands } from './retrain.command';

/* Every flag that takes an instant refuses a date alone before it opens a database or a broker, saying the form. */

const run = async (...args: string[]): Promise<void> => {
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  for (const register of [
    registerDatasetCommands,
    registerQualityReportCommands,
    registerReplayCommands,
    registerRetrainCommands,
    registerPolicyCommands,
  ])
    register(program);
  await program.parseAsync(args, { from: 'user' });
};

const issuesOf = async (...args: string[]): Promise<string[]> => {
  try {
    await run(...args);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.rule}`);
    throw error;
  }
  throw new Error(`hindsight ${args.join(' ')} was accepted`);
};

const dateAlone = (flag: string) => [
  `${flag}: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)`,
];

describe('CLI flags that take an instant', () => {
  it.each([
    [
      'dataset build --as-of',
      ['dataset', 'build', '--tenant', 'acme', '--out', '/nonexistent/out', '--as-of', '2026-12-06'],
      '--as-of',
    ],
    ['quality report --as-of', ['quality', 'report', '--tenant', 'acme', '--as-of', '2026-12-06'], '--as-of'],
    ['replay --from-time', ['replay', '--from-time', '2026-12-06'], '--from-time'],
    ['retrain --as-of', ['retrain', '--policy', 'p', '--as-of', '2026-12-06'], '--as-of'],
    ['policy next --from', ['policy', 'next', '--cron', 'weekly', '--from', '2026-12-06'], '--from'],
  ])('%s refuses 2026-12-06 saying the form expected, not "required"', async (_name, args, flag) => {
    expect(await issuesOf(...args)).toEqual(dateAlone(flag));
  });

  it('names a time without a zone with the same time in UTC as the example', async () => {
    expect(await issuesOf('replay', '--from-time', '2026-12-06T08:00')).toEqual([
      '--from-time: must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T08:00:00Z (a time without Z or an offset means a different instant in every zone)',
    ]);
  });
});
