/**
 * Training benchmark for @hindsight/reward-model.
 *
 *   node -r @swc-node/register bench/train/train.bench.ts                 # 100 k and 1 M pairs
 *   node -r @swc-node/register bench/train/train.bench.ts --pairs 100000  # one size
 *   options: --iterations 50 (L-BFGS cap), --l2 1e-4, --dimension 262144
 *
 * Each size runs in its own child process so that its peak RSS (getrusage maxrss)
 * is its own. Measured per size, on synthetic pairs from `generateSyntheticPreferences`:
 *   - baseline: one pass of feature extraction alone, φ(chosen) and φ(rejected) for every
 *     pair, discarded (no differences, no storage, no optimisation);
 *   - training: `trainRewardModel` end to end (features, sparse design, L-BFGS);
 *   - ratio = training time / baseline time, both from the same process and data.
 * No timing is asserted anywhere; this only prints.
 */
import { fork } from 'node:child_process';
import { declareBenchArgs, numberOption, refuseBenchArg, textOption } from '../bench-args';
import {
  evaluateRewardModel,
  extractFeatures,
  generateSyntheticPreferences,
  resolveFeatureConfig,
  trainRewardModel,
} from '@hindsight/reward-model';

interface SizeResult {
  pairs: number;
  generateSeconds: number;
  rssAfterDataMiB: number;
  featurePassSeconds: number;
  trainSeconds: number;
  peakRssMiB: number;
  iterations: number;
  converged: boolean;
  finalLoss: number;
  heldOutAccuracy: number;
  bayesCeiling: number;
}

declareBenchArgs('bench:train', "the reward model's training time and memory by number of pairs", {
  pairs: { value: 'N', help: 'one size of pairs instead of 100k and 1M' },
  iterations: { value: 'N', help: 'the L-BFGS cap (default 50)' },
  l2: { value: 'x', help: 'the L2 penalty (default 1e-4)' },
  dimension: { value: 'N', help: 'the hashed feature dimension (default 262144)' },
  child: { value: 'N', help: '(internal) one size, in the child process the benchmark forks for it' },
});

const iterations = numberOption('iterations', 50);
const l2 = positiveNumber('l2', 1e-4);
const dimension = numberOption('dimension', 2 ** 18);

/** `--name x` where x is any positive number JavaScript reads (`1e-4`). */
function positiveNumber(name: string, fallback: number): number {
  const text = textOption(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : refuseBenchArg(name, 'needs a positive number', text);
}
const HELD_OUT = 2000;

function runOneSize(pairsCount: number): SizeResult {
  const mib = (bytes: number) => bytes / 2 ** 20;
  let started = performance.now();
  const { pairs: all, latentMargins } = generateSyntheticPreferences(pairsCount + HELD_OUT, 20_240_601);
  const pairs = all.slice(0, pairsCount);
  const heldOut = all.slice(pairsCount);
  const generateSeconds = (performance.now() - started) / 1000;
  global.gc?.();
  const rssAfterDataMiB = mib(process.memoryUsage().rss);

  const config = resolveFeatureConfig({ dimension });
  started = performance.now();
  let checksum = 0;
  for (const pair of pairs) {
    checksum += extractFeatures(pair.prompt, pair.chosen, config).indices.length;
    checksum += extractFeatures(pair.prompt, pair.rejected, config).indices.length;
  }
  const featurePassSeconds = (performance.now() - started) / 1000;
  if (checksum === 0) throw new Error('feature pass produced nothing');

  started = performance.now();
  const model = trainRewardModel(pairs, { seed: 1, l2, maxIterations: iterations, featureConfig: config });
  const trainSeconds = (performance.now() - started) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  let ceiling = 0;
  for (let i = pairsCount; i < all.length; i++) ceiling += 1 / (1 + Math.exp(-Math.abs(latentMargins[i])));
  return {
    pairs: pairsCount,
    generateSeconds,
    rssAfterDataMiB,
    featurePassSeconds,
    trainSeconds,
    peakRssMiB,
    iterations: model.training.iterations,
    converged: model.training.converged,
    finalLoss: model.training.finalLoss,
    heldOutAccuracy: evaluateRewardModel(model, heldOut).pairwiseAccuracy,
    bayesCeiling: ceiling / HELD_OUT,
  };
}

function runInChild(pairsCount: number): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      [
        '--child',
        String(pairsCount),
        '--iterations',
        String(iterations),
        '--l2',
        String(l2),
        '--dimension',
        String(dimension),
      ],
      {
        execArgv: ['-r', '@swc-node/register', '--max-old-space-size=12288', '--expose-gc'],
      },
    );
    child.on('message', (message) => resolve(message as SizeResult));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`benchmark child for ${pairsCount} pairs exited with ${code}`));
    });
  });
}

function printTable(results: readonly SizeResult[]): void {
  const rows = results.map((r) => ({
    pairs: r.pairs.toLocaleString('en-US'),
    'feature pass (s)': r.featurePassSeconds.toFixed(2),
    'train (s)': r.trainSeconds.toFixed(2),
    'train / feature pass': (r.trainSeconds / r.featurePassSeconds).toFixed(2),
    'L-BFGS iters': `${r.iterations}${r.converged ? ' (conv.)' : ''}`,
    'RSS after data (MiB)': r.rssAfterDataMiB.toFixed(0),
    'peak RSS (MiB)': r.peakRssMiB.toFixed(0),
    'held-out acc / Bayes': `${r.heldOutAccuracy.toFixed(3)} / ${r.bayesCeiling.toFixed(3)}`,
  }));
  console.log(
    `reward-model training, dimension ${dimension}, l2 ${l2}, max ${iterations} L-BFGS iterations; node ${process.version}`,
  );
  console.log(
    'baseline = one pass of extractFeatures over chosen and rejected of every pair (same process, same data)',
  );
  console.table(rows);
}

async function main(): Promise<void> {
  const childSize = textOption('child');
  if (childSize !== undefined) {
    process.send?.(runOneSize(Number(childSize)));
    return;
  }
  const sizes = textOption('pairs') !== undefined ? [numberOption('pairs', 0)] : [100_000, 1_000_000];
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await runInChild(size));
  printTable(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
