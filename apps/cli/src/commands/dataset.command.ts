import { readFile } from 'node:fs/promises';
import { ValidationError } from '@hindsight/contracts';
import { buildDataset, diffDatasets, normaliseRecipe, parseRecipeYaml, requestedAsOf } from '@hindsight/datasets';
import { codeVersion } from '@hindsight/runtime';
import type { CommandRegistrar } from './command-registrar';
import { ProgressBar } from './progress-bar';
import { withDatabase } from './with-database';

interface BuildOptions {
  tenant: string;
  asOf: string;
  objective?: string[];
  recipe?: string;
  out: string;
  json?: boolean;
}

export const registerDatasetCommands: CommandRegistrar = (program) => {
  const dataset = program.command('dataset').description('point-in-time training sets');
  dataset
    .command('build')
    .description('build the dataset as it stood at --as-of: train/validation/test.jsonl (TRL format), excluded.jsonl and manifest.json')
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--as-of <instant>', 'ISO-8601 instant with Z or an offset (2026-09-30T23:59:59Z): events recorded at or before it, with corrections and retractions recorded by then')
    .option('--objective <objective...>', 'objectives to include (overrides the recipe)')
    .option('--recipe <file>', 'recipe YAML (objectives, window, recency, group weights, agreement, order policy, de-dup, split)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'print the manifest as JSON')
    .action(async (o: BuildOptions) => {
      const asOf = requestedAsOf(o.asOf, new Date(), '--as-of');
      const base = o.recipe ? parseRecipeYaml(await readFile(o.recipe, 'utf8').catch((error: NodeJS.ErrnoException) => { throw new ValidationError([{ path: '--recipe', rule: `cannot read ${o.recipe} (${error.code ?? 'unreadable'})` }]); })) : normaliseRecipe({});
      const recipe = o.objective ? normaliseRecipe({ ...base, objectives: o.objective }) : base;
      const bar = new ProgressBar('dataset build');
      const manifest = await withDatabase((ds) =>
        buildDataset(ds, { tenant: o.tenant, asOf, recipe, outDir: o.out, codeVersion: codeVersion(), onProgress: (d, t) => bar.update(d, t) }),
      );
      bar.done(`${manifest.counts.pairs} pairs from ${manifest.counts.comparisonsConsidered} comparisons`);
      if (o.json) process.stdout.write(`${JSON.stringify(manifest)}\n`);
      else {
        process.stdout.write(`dataset as of ${manifest.asOf} for ${manifest.tenant} in ${o.out}\n`);
        process.stdout.write(`  pairs: ${JSON.stringify(manifest.counts.bySplit)}\n  by objective: ${JSON.stringify(manifest.counts.byObjective)}\n`);
        process.stdout.write(`  by rater group: ${JSON.stringify(manifest.counts.byRaterGroup)}\n  excluded: ${JSON.stringify(manifest.counts.byExclusionReason)}\n`);
        process.stdout.write(`  erasures applied: ${manifest.erasuresApplied.length}\n  sha256: ${manifest.sha256}\n`);
      }
    });
  dataset
    .command('diff <a> <b>')
    .description('compare two builds: pairs added, removed and relabelled, by reason')
    .option('--json', 'print JSON')
    .action(async (a: string, b: string, o: { json?: boolean }) => {
      const diff = await diffDatasets(a, b);
      if (o.json) process.stdout.write(`${JSON.stringify(diff)}\n`);
      else {
        process.stdout.write(`${a} → ${b}\n  added: ${diff.added.count}\n  removed: ${diff.removed.count} ${JSON.stringify(diff.removed.byReason)}\n  relabelled: ${diff.relabelled.count}\n  unchanged: ${diff.unchanged}\n`);
      }
    });
};
