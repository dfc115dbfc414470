/**
 * `npm run faults [-- --quick] [--only a,b] [--seed N] [--json out.json] [--keep]`:
 * each scenario on its own broker, PostgreSQL cluster and service processes, in a
 * fresh folder; prints progress, one table, writes the outcomes as JSON and exits
 * non-zero when a scenario fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { keepFolderOfThisRunner, markFolderOfThisRunner, serviceErrorLines, startAsRunner, Teardown } from './harness';
import { machineLine, outcomeTable, timed, type TimedOutcome } from './report';
import { SCENARIOS } from './scenarios';

interface Options {
  readonly quick?: boolean;
  readonly only?: string;
  readonly seed?: string;
  readonly json: string;
  readonly keep?: boolean;
  readonly list?: boolean;
}

async function main(): Promise<number> {
  const options = new Command('faults')
    .description('fault scenarios under load: nothing accepted is lost, nothing is stored twice')
    .option('--quick', 'the CI mode: quick scenarios only, smaller streams and shorter outages')
    .option('--only <names>', 'comma-separated scenario names')
    .option('--seed <n>', 'seed of every random choice (default: from the clock, printed)')
    .option('--json <file>', 'where the outcomes are written', 'faults-report.json')
    .option('--keep', "keep each scenario's folder (logs, broker and database data)")
    .option('--list', 'list the scenarios and exit')
    .parse(process.argv)
    .opts<Options>();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (options.list) {
    for (const s of SCENARIOS) say(`${s.name.padEnd(22)} ${s.quick ? 'quick' : 'full '}  ${s.summary}`);
    return 0;
  }
  const only = options.only
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = (only ?? []).filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `faults: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }
  const seed = options.seed !== undefined ? Number(options.seed) : Date.now() % 2 ** 31;
  if (!Number.isInteger(seed)) {
    process.stderr.write(`faults: --seed must be an integer (got "${options.seed}")\n`);
    return 2;
  }
  const quick = options.quick === true;
  startAsRunner((line) => say(`faults: ${line}`));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`faults: ${signal}: stopping what the running scenario started`);
      void Teardown.runAll(say).finally(() => process.exit(130));
    });
  }
  const chosen = SCENARIOS.filter((s) => (only ? only.includes(s.name) : !quick || s.quick));
  const started = Date.now();
  say(
    `faults: ${chosen.length} scenario(s), ${quick ? 'quick' : 'full'} mode, seed ${seed} (replay with --seed ${seed}); ${machineLine()}`,
  );
  const outcomes: TimedOutcome[] = [];
  for (const scenario of chosen) {
    const workDir = mkdtempSync(join(tmpdir(), `hindsight-faults-${scenario.name}-`));
    markFolderOfThisRunner(workDir);
    const prefix = `[${scenario.name}]`;
    const scenarioSay = (line: string) => say(`${new Date().toISOString().slice(11, 19)} ${prefix} ${line}`);
    scenarioSay(`${scenario.summary} (folder ${workDir})`);
    const t0 = Date.now();
    let outcome: TimedOutcome;
    try {
      outcome = timed(await scenario.run({ quick, seed, workDir, say: scenarioSay }), (Date.now() - t0) / 1000);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      scenarioSay(`FAILED to run: ${detail}`);
      outcome = timed(
        {
          scenario: scenario.name,
          requests: 0,
          accepted: 0,
          refused: 0,
          lost: 0,
          duplicated: 0,
          recoverySeconds: null,
          checks: [{ name: 'ran to the end', ok: false, detail: detail.split('\n')[0] }],
        },
        (Date.now() - t0) / 1000,
      );
    }
    for (const check of outcome.checks) scenarioSay(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    scenarioSay(`${outcome.passed ? 'PASS' : 'FAIL'} in ${outcome.seconds.toFixed(0)} s`);
    outcomes.push(outcome);
    if (!outcome.passed) for (const line of serviceErrorLines(workDir)) scenarioSay(`log ${line}`);
    if (options.keep || !outcome.passed) {
      keepFolderOfThisRunner(workDir);
      scenarioSay(`kept ${workDir}${options.keep ? '' : ' (the scenario failed: its logs, broker and database data)'}`);
    } else rmSync(workDir, { recursive: true, force: true });
  }
  const totalSeconds = (Date.now() - started) / 1000;
  say('');
  say(outcomeTable(outcomes));
  say(
    `\n${outcomes.filter((o) => o.passed).length}/${outcomes.length} passed in ${totalSeconds.toFixed(0)} s (seed ${seed}, ${quick ? 'quick' : 'full'} mode)`,
  );
  const jsonPath = resolve(options.json);
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ startedAt: new Date(started).toISOString(), machine: machineLine(), seed, quick, totalSeconds, outcomes }, null, 2)}\n`,
  );
  say(`outcomes written to ${jsonPath}`);
  return outcomes.every((o) => o.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`faults: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
