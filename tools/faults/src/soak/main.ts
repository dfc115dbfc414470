import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { writeJson } from '../harness/proc-platform';
import { keepFolderOfThisRunner, markFolderOfThisRunner, startAsRunner } from '../harness/orphans';
import { Teardown } from '../harness/teardown';
import { runSoak } from './soak';

const positive = (name: string, max: number) => (raw: string) => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max)
    throw new InvalidArgumentError(`${name} must be a number above 0 and at most ${max} (got "${raw}")`);
  return value;
};

const program = new Command('soak')
  .description(
    'sustained mixed traffic against api and projector processes of a private broker and PostgreSQL cluster; per-minute RSS, p99 latency and consumer lag',
  )
  .option('--minutes <n>', 'how long the traffic runs', positive('--minutes', 24 * 60), 30)
  .option(
    '--rate <n>',
    'requests started per second (singles and batches of 10-20 events)',
    positive('--rate', 5000),
    20,
  )
  .option(
    '--max-in-flight <n>',
    'requests open at once at most; a request due beyond that is counted as skipped',
    positive('--max-in-flight', 1000),
    64,
  )
  .option('--seed <n>', 'seed of the traffic mix', (raw) => Number(raw), Date.now() % 1_000_000)
  .option('--json <path>', 'where the report is written', '.hindsight/faults/soak.json')
  .parse();

const options = program.opts<{ minutes: number; rate: number; maxInFlight: number; seed: number; json: string }>();
const workDir = mkdtempSync(join(tmpdir(), 'hindsight-soak-'));
const started = Date.now();
const say = (line: string) => process.stdout.write(`[soak ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);

startAsRunner(say);
markFolderOfThisRunner(workDir);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping the soak's processes, broker and PostgreSQL`);
    void Teardown.runAll(say).finally(() => process.exit(130));
  });
}

runSoak({
  minutes: options.minutes,
  rate: options.rate,
  maxInFlight: options.maxInFlight,
  seed: options.seed,
  workDir,
  say,
})
  .then((report) => {
    const path = resolve(options.json);
    mkdirSync(dirname(path), { recursive: true });
    writeJson(path, report);
    say(
      `RSS slope (MiB/min, minutes 2-${report.perMinute.length}): ${Object.entries(report.rssSlopeMiBPerMinute)
        .map(([s, v]) => `${s} ${v}`)
        .join(', ')}`,
    );
    say(
      `${report.totals.requests} requests, ${report.totals.acceptedEvents} events accepted, p99 ${report.totals.p99Ms} ms; lost ${report.lost}, duplicated ${report.duplicated}; drained in ${report.drainSeconds} s`,
    );
    say(`report written to ${path}`);
    rmSync(workDir, { recursive: true, force: true });
    process.exit(report.lost === 0 && report.duplicated === 0 ? 0 : 1);
  })
  .catch((error: unknown) => {
    keepFolderOfThisRunner(workDir);
    say(
      `soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)} (logs kept in ${workDir}/logs)`,
    );
    process.exit(2);
  });
