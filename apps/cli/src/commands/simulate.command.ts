import { writeFile } from 'node:fs/promises';
import { assertWritableOutput } from './writable-output';
import { IllegalStateError, ValidationError } from '@hindsight/contracts';
import { HindsightClient } from '@hindsight/client';
import { parseJudgeList, runSimulation, sendPlantedJudges, simulationWindow } from '@hindsight/quality-report';
import type { PlantedJudge } from '@hindsight/quality';
import type { CommandRegistrar } from './command-registrar';
import { ProgressBar } from './progress-bar';

interface SimulateFlags {
  tenant: string;
  raters: number;
  comparisons: number;
  seed: number;
  positionBiased: number;
  lengthBiased: number;
  spammers: number;
  groupConflict: number;
  start?: string;
  judges?: PlantedJudge[];
  judgeShare: number;
  truthOut?: string;
  api: string;
  key?: string;
  concurrency: number;
  json?: boolean;
}

const integer =
  (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
      throw new ValidationError(
        [{ path: flag, rule: `must be an integer from ${min} to ${max}` }],
        `${flag} must be an integer from ${min} to ${max} (got "${value}")`,
      );
    return Number(value);
  };

const share =
  (flag: string) =>
  (value: string): number => {
    const x = Number(value);
    if (value.trim() === '' || !(x >= 0 && x <= 1))
      throw new ValidationError(
        [{ path: flag, rule: 'must be a share in [0, 1]' }],
        `${flag} must be a share in [0, 1] (got "${value}")`,
      );
    return x;
  };

export const registerSimulateCommands: CommandRegistrar = (program) => {
  program
    .command('simulate')
    .description(
      'demo workload: a seeded population of raters (some planted with biases) and a quarter of comparisons, sent through the api; --truth-out records what was planted',
    )
    .requiredOption('--tenant <tenant>', 'tenant the API key belongs to (the api takes the tenant from the key)')
    .option('--raters <n>', 'raters', integer('--raters', 2, 1_000_000), 200)
    .option('--comparisons <n>', 'comparisons', integer('--comparisons', 1, 100_000_000), 50_000)
    .option('--seed <n>', 'seed of the population', integer('--seed', 0, 0xffffffff), 7)
    .option(
      '--position-biased <share>',
      'share of raters who favour the first-shown response',
      share('--position-biased'),
      0.1,
    )
    .option('--length-biased <share>', 'share of raters who favour the longer response', share('--length-biased'), 0.1)
    .option('--spammers <share>', 'share of raters who answer constantly or at random', share('--spammers'), 0.05)
    .option(
      '--group-conflict <share>',
      'share of raters in a group that reverses on contested tasks',
      share('--group-conflict'),
      0.05,
    )
    .option(
      '--start <date>',
      'start of the quarter the comparisons happen in (default: the start of the previous quarter)',
    )
    .option(
      '--judges <behaviours>',
      'also plant AI judges (rater.profiled kind model), comma-separated: agreeing, position-biased, random',
      parseJudgeList,
    )
    .option('--judge-share <share>', 'share of the tasks each judge judges', share('--judge-share'), 0.5)
    .option('--truth-out <file>', 'write the planted behaviours and true model strengths here (JSON)')
    .option('--api <url>', 'api base URL', process.env.HINDSIGHT_API_URL ?? 'http://127.0.0.1:8080')
    .option('--key <key>', 'API key with the ingest scope (default: $HINDSIGHT_API_KEY)')
    .option('--concurrency <n>', 'batch requests in flight', integer('--concurrency', 1, 64), 4)
    .option('--json', 'print the summary as JSON')
    .action(async (o: SimulateFlags) => {
      const apiKey = o.key ?? process.env.HINDSIGHT_API_KEY;
      if (!apiKey)
        throw new ValidationError([
          { path: '--key', rule: 'required: an API key with the ingest scope (or set HINDSIGHT_API_KEY)' },
        ]);
      const window = simulationWindow(o.start, new Date());
      const client = new HindsightClient({ baseUrl: o.api, apiKey, batchSize: 1000 });
      const bar = new ProgressBar('simulate');
      await assertWritableOutput(o.truthOut, '--truth-out');
      const options = {
        raters: o.raters,
        comparisons: o.comparisons,
        seed: o.seed,
        positionBiased: o.positionBiased,
        lengthBiased: o.lengthBiased,
        spammers: o.spammers,
        groupConflict: o.groupConflict,
        start: window.start,
        end: window.end,
      };
      const summary = await runSimulation({
        sender: client,
        concurrency: o.concurrency,
        options,
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.done(`${summary.accepted} new, ${summary.replayed} already recorded, ${summary.rejected} rejected`);
      const judges =
        o.judges && o.judges.length > 0
          ? await sendPlantedJudges(client, options, { judges: o.judges, share: o.judgeShare, seed: o.seed })
          : undefined;
      if (o.truthOut)
        await writeFile(
          o.truthOut,
          `${JSON.stringify({ tenant: o.tenant, ...summary.truth, ...(judges ? { judges: judges.truth } : {}) }, null, 2)}\n`,
        );
      const { truth: _truth, ...rest } = summary;
      const judgeSummary = judges
        ? { accepted: judges.accepted, replayed: judges.replayed, rejected: judges.rejected }
        : null;
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({ tenant: o.tenant, ...rest, judges: judgeSummary, truthOut: o.truthOut ?? null })}\n`,
        );
      else {
        process.stdout.write(
          `simulated ${summary.raters} raters and ${summary.comparisons} comparisons for ${o.tenant} (${window.start} to ${window.end}, seed ${o.seed})\n`,
        );
        process.stdout.write(
          `  planted: ${Object.entries(summary.planted)
            .map(([b, n]) => `${b} ${n}`)
            .join(', ')}\n`,
        );
        process.stdout.write(
          `  events: ${summary.accepted} new, ${summary.replayed} already recorded, ${summary.rejected} rejected (keys ${summary.idempotencyKeyPrefix}-*)\n`,
        );
        if (judges)
          process.stdout.write(
            `  judges: ${Object.keys(judges.truth).join(', ')}; events ${judges.accepted} new, ${judges.replayed} already recorded, ${judges.rejected} rejected\n`,
          );
        if (o.truthOut) process.stdout.write(`  truth: ${o.truthOut}\n`);
      }
      for (const r of summary.rejections)
        process.stderr.write(
          `rejected ${r.idempotencyKey}: ${r.issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}\n`,
        );
      if (summary.rejected > 0)
        throw new IllegalStateError(`${summary.rejected} of ${summary.events} events were rejected by the api`);
      if (judges && judges.rejected > 0)
        throw new IllegalStateError(`${judges.rejected} of the judges' events were rejected by the api`);
    });
};
