import { Command, CommanderError } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import { canonicalTimeZone } from '@hindsight/scheduling';

export interface DemoOptions {
  /** Comparisons per simulated quarter (on average). */
  readonly comparisons: number;
  readonly raters: number;
  /** Product interactions per simulated quarter. */
  readonly interactions: number;
  readonly seed: number;
  /** Time zone of the quarterly policy. */
  readonly timezone: string;
  /** Keep the demo's schema, topics and files afterwards (to explore them with `hindsight`). */
  readonly keep: boolean;
  /** Write a JSON summary of the run here. */
  readonly summaryFile?: string;
}

const integer =
  (flag: string, min: number, max: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new ValidationError(
        [{ path: flag, rule: `must be an integer from ${min} to ${max}` }],
        `${flag} must be an integer from ${min} to ${max} (got "${value}")`,
      );
    return Number(value);
  };

/** The options to run with, or the exit code when the arguments asked for help or could not be read. */
export type ParsedArguments = { readonly options: DemoOptions } | { readonly exitCode: number };

/**
 * Reads `npm run demo -- [flags]`.
 * @throws ValidationError naming the flag and its rule.
 */
export function parseDemoArguments(argv: readonly string[], write: (text: string) => void): ParsedArguments {
  const program = new Command('npm run demo --')
    .description(
      'Hindsight end to end: two simulated quarters of annotation and product feedback, a quarterly policy fired twice by a clock moved ahead, two reward models compared',
    )
    .option('--comparisons <n>', 'comparisons per quarter', integer('--comparisons', 200, 200_000), 4000)
    .option(
      '--raters <n>',
      'raters (10% position-biased, 10% length-biased, 5% spammers, 5% in a conflicting group)',
      integer('--raters', 20, 5000),
      60,
    )
    .option(
      '--interactions <n>',
      'product interactions per quarter (with thumbs, copies, regenerations and outcomes)',
      integer('--interactions', 0, 100_000),
      500,
    )
    .option('--seed <n>', 'seed of the simulated population', integer('--seed', 0, 0xffffffff), 7)
    .option('--tz <zone>', 'IANA time zone of the quarterly policy', 'Europe/Berlin')
    .option('--keep', 'keep the demo schema, topics and files afterwards to explore them with `hindsight`', false)
    .option('--summary <file>', 'also write a JSON summary of the run to this file')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2 };
    throw error;
  }
  const o = program.opts<{
    comparisons: number;
    raters: number;
    interactions: number;
    seed: number;
    tz: string;
    keep: boolean;
    summary?: string;
  }>();
  return {
    options: {
      comparisons: o.comparisons,
      raters: o.raters,
      interactions: o.interactions,
      seed: o.seed,
      timezone: canonicalTimeZone(o.tz, '--tz'),
      keep: o.keep,
      ...(o.summary === undefined ? {} : { summaryFile: o.summary }),
    },
  };
}
