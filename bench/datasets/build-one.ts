/**
 * One dataset build in a process of its own, so that its peak RSS belongs to one size: run by
 * datasets.bench.ts, not by hand. Prints one JSON line on stdout: seconds, peak RSS, counts.
 *
 *   node -r @swc-node/register bench/datasets/build-one.ts --schema S --tenant T --as-of ISO --out DIR [--outputs a,b --file-format jsonl|parquet]
 */
import { buildDataset, normaliseRecipe } from '@hindsight/datasets';
import { createDataSource } from '@hindsight/store';

function optional(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function arg(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? undefined : process.argv[at + 1];
  if (!value) throw new Error(`build-one: --${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const ds = createDataSource(
    {
      url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hindsight',
      schema: arg('schema'),
      poolSize: 2,
    },
    { applicationName: 'hindsight-bench-datasets' },
  );
  await ds.initialize();
  const started = performance.now();
  let lastReport = 0;
  try {
    const manifest = await buildDataset(ds, {
      tenant: arg('tenant'),
      asOf: arg('as-of'),
      recipe: normaliseRecipe({
        outputs: (optional('outputs') ?? 'preference').split(','),
        fileFormat: optional('file-format') ?? 'jsonl',
      }),
      outDir: arg('out'),
      codeVersion: 'bench',
      onProgress: (done, total) => {
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          process.stderr.write(
            `[bench:datasets]   build: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} comparisons, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`,
          );
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, comparisons: manifest.counts.comparisonsConsidered, pairs: manifest.counts.pairs, sha256: manifest.sha256 })}\n`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `build-one failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
