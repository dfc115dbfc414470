/**
 * `npm run bench:cli`: start-up time of the CLI and of a service, from the sources through
 * @swc-node/register (how bin/ ran them before `npm run build`) against the compiled dist/
 * (bin/hindsight.js and bin/service.js today, their incremental check of the sources included),
 * alternating the two in the same run.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/cli/cli.bench.ts [--runs 7] [--service-runs 3]
 *
 * - `hindsight --help`: wall time of the whole process, median of --runs (target from issue #16: ≥ 3× faster).
 * - api start-up: from spawn until `GET /health` answers 200, median of --service-runs, in a run of its
 *   own (topic prefix, schema and key-encryption key; bench/projector/bench-support.ts); printed, no target.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@hindsight/runtime';
import { freePort } from '@hindsight/test-support';
import { stopProcess } from '@hindsight/local-stack';
import { fmt, machineLine, numberOption, table, withBenchRun } from '../projector/bench-support';
import { declareBenchArgs } from '../bench-args';

const root = repoRoot();
const TARGET = 3;

type Variant = 'sources (swc-node)' | 'compiled (dist/)';
const VARIANTS: readonly Variant[] = ['sources (swc-node)', 'compiled (dist/)'];

const cliArgs = (variant: Variant, args: readonly string[]) =>
  variant === 'compiled (dist/)'
    ? [join(root, 'bin/hindsight.js'), ...args]
    : ['-r', '@swc-node/register', join(root, 'apps/cli/src/main.ts'), ...args];
const serviceArgs = (variant: Variant) =>
  variant === 'compiled (dist/)'
    ? [join(root, 'bin/service.js'), 'api']
    : ['-r', '@swc-node/register', join(root, 'apps/api/src/main.ts')];
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeCli(variant: Variant): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, cliArgs(variant, ['--help']), {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 || !run.stdout.includes('Usage: hindsight'))
    throw new Error(`${variant} hindsight --help exited ${run.status}: ${run.stderr}`);
  return ms;
}

async function timeServiceStart(variant: Variant, env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child: ChildProcess = spawn(process.execPath, serviceArgs(variant), {
    cwd: root,
    env: { ...env, API_PORT: String(port), SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${variant} api exited with code ${child.exitCode} before /health answered`);
      if (Number(process.hrtime.bigint() - started) / 1e9 > 120)
        throw new Error(`${variant} api: no /health within 120 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return Number(process.hrtime.bigint() - started) / 1e6;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stopProcess(child, 10_000);
  }
}

async function main(): Promise<void> {
  declareBenchArgs('bench:cli', "the CLI's and the services' start-up times", {
    runs: { value: 'N', help: 'runs of `hindsight --help`, the median reported (default 7)' },
    'service-runs': { value: 'N', help: 'start-ups of each service, the median reported (default 3)' },
  });
  const runs = numberOption('runs', 7);
  const serviceRuns = numberOption('service-runs', 3);
  const say = (line: string) => process.stderr.write(`[bench:cli] ${line}\n`);
  say('npm run build (so the compiled runs do not include a first compile) ...');
  const build = spawnSync(process.execPath, [join(root, 'tools/build/build.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('npm run build failed');

  const cli: Record<Variant, number[]> = { 'sources (swc-node)': [], 'compiled (dist/)': [] };
  for (let i = 0; i < runs; i++) for (const v of VARIANTS) cli[v].push(timeCli(v));
  say(`hindsight --help: ${runs} runs each, alternating`);

  const service: Record<Variant, number[]> = { 'sources (swc-node)': [], 'compiled (dist/)': [] };
  await withBenchRun('cli', async (run) => {
    for (let i = 0; i < serviceRuns; i++)
      for (const v of VARIANTS) service[v].push(await timeServiceStart(v, { ...run.env, HTTP_HOST: '127.0.0.1' }));
  });
  say(`api start-up to /health: ${serviceRuns} runs each, alternating`);

  const cliRatio = median(cli['sources (swc-node)']) / median(cli['compiled (dist/)']);
  const serviceRatio = median(service['sources (swc-node)']) / median(service['compiled (dist/)']);
  const row = (what: string, m: Record<Variant, number[]>, ratio: number, verdict: string) => [
    what,
    `${fmt(median(m['sources (swc-node)']))} ms`,
    `${fmt(median(m['compiled (dist/)']))} ms`,
    `${fmt(ratio, 1)}×`,
    verdict,
  ];
  process.stdout.write(
    [
      machineLine('bench:cli'),
      '',
      table(
        ['measure (median)', 'sources (swc-node)', 'compiled (dist/)', 'faster', 'target'],
        [
          row('hindsight --help', cli, cliRatio, `≥ ${TARGET}× → ${cliRatio >= TARGET ? 'PASS' : 'MISS'}`),
          row('api start-up to /health', service, serviceRatio, 'none (printed)'),
        ],
      ),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:cli failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
