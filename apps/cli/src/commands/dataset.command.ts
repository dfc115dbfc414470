import { ValidationError } from '@hindsight/contracts';
import { buildDataset, diffDatasets, normaliseRecipe, parseRecipeYaml, requestedAsOf } from '@hindsight/datasets';
import { codeVersion } from '@hindsight/runtime';
import type { CommandRegistrar } from './command-registrar';
import { readInputText } from './input-file';
import { ProgressBar } from './progress-bar';
import { withDatabase } from './with-database';

interface BuildOptions {
  tenant: string;
  asOf: string;
  objective?: string[];
  recipe?: string;
  out: string;
  json?: boolean;
  output?: string[];
  fileFormat?: string;
  keyNames?: string;
  raterColumns?: string;
  correctionsObjective?: string;
}

/** The recipe fields the build flags override (each checked by the recipe's own rules). */
function recipeOverrides(o: BuildOptions): Record<string, unknown> {
  const columns = o.raterColumns
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknownColumn = columns?.find((c) => c !== 'id' && c !== 'profile');
  if (unknownColumn !== undefined)
    throw new ValidationError([
      { path: '--rater-columns', rule: `must list id and/or profile (got ${unknownColumn})` },
    ]);
  return {
    ...(o.objective ? { objectives: o.objective } : {}),
    ...(o.output ? { outputs: o.output } : {}),
    ...(o.fileFormat ? { fileFormat: o.fileFormat } : {}),
    ...(o.keyNames ? { keyNames: o.keyNames } : {}),
    ...(columns ? { raterColumns: { id: columns.includes('id'), profile: columns.includes('profile') } } : {}),
    ...(o.correctionsObjective ? { correctionsObjective: o.correctionsObjective } : {}),
  };
}

export const registerDatasetCommands: CommandRegistrar = (program) => {
  const dataset = program.command('dataset').description('point-in-time training sets');
  dataset
    .command('build')
    .description(
      'build the dataset as it stood at --as-of: train/validation/test.jsonl (TRL format) and the exports the recipe or --output name, excluded.jsonl and manifest.json',
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption(
      '--as-of <instant>',
      'ISO-8601 instant with Z or an offset (2026-09-30T23:59:59Z): events recorded at or before it, with corrections and retractions recorded by then',
    )
    .option('--objective <objective...>', 'objectives to include (overrides the recipe)')
    .option(
      '--recipe <file>',
      'recipe YAML (objectives, window, recency, group weights, agreement, order policy, de-dup, split; - reads standard input)',
    )
    .option(
      '--output <output...>',
      'what to write (overrides the recipe): preference (train/validation/test.jsonl), trl-preference, trl-conversational, kto, corrections, ratings',
    )
    .option('--file-format <format>', 'exports as jsonl or parquet (overrides the recipe)')
    .option('--key-names <names>', 'export column names: trl or openrlhf (overrides the recipe)')
    .option('--rater-columns <columns>', 'add rater columns to the exports: id (hashed), profile, or id,profile')
    .option('--corrections-objective <objective>', 'user corrections join the preference pairs of this objective')
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'print the manifest as JSON')
    .action(async (o: BuildOptions) => {
      const asOf = requestedAsOf(o.asOf, new Date(), '--as-of');
      const base = o.recipe
        ? parseRecipeYaml(
            await readInputText(o.recipe, '--recipe').catch((error: NodeJS.ErrnoException) => {
              throw new ValidationError([
                { path: '--recipe', rule: `cannot read ${o.recipe} (${error.code ?? 'unreadable'})` },
              ]);
            }),
          )
        : normaliseRecipe({});
      const recipe = normaliseRecipe({ ...base, ...recipeOverrides(o) });
      const bar = new ProgressBar('dataset build');
      const manifest = await withDatabase((ds) =>
        buildDataset(ds, {
          tenant: o.tenant,
          asOf,
          recipe,
          outDir: o.out,
          codeVersion: codeVersion(),
          onProgress: (d, t) => bar.update(d, t),
        }),
      );
      bar.done(`${manifest.counts.pairs} pairs from ${manifest.counts.comparisonsConsidered} comparisons`);
      if (o.json) process.stdout.write(`${JSON.stringify(manifest)}\n`);
      else {
        process.stdout.write(`dataset as of ${manifest.asOf} for ${manifest.tenant} in ${o.out}\n`);
        process.stdout.write(
          `  pairs: ${JSON.stringify(manifest.counts.bySplit)}\n  by objective: ${JSON.stringify(manifest.counts.byObjective)}\n`,
        );
        process.stdout.write(
          `  by rater group: ${JSON.stringify(manifest.counts.byRaterGroup)}\n  excluded: ${JSON.stringify(manifest.counts.byExclusionReason)}\n`,
        );
        if (manifest.judges)
          process.stdout.write(
            `  labels: ${JSON.stringify(manifest.counts.byLabelSource)}; judges: ${manifest.judges
              .map(
                (j) =>
                  `${j.rater} κ ${j.kappa === null ? '–' : j.kappa.toFixed(3)} ${j.admitted ? 'admitted' : `not admitted (${j.reason})`}`,
              )
              .join(', ')}\n`,
          );
        if (Object.keys(manifest.counts.byOutput ?? {}).length > 0)
          process.stdout.write(`  exports: ${JSON.stringify(manifest.counts.byOutput)}\n`);
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
        process.stdout.write(
          `${a} → ${b}\n  added: ${diff.added.count}\n  removed: ${diff.removed.count} ${JSON.stringify(diff.removed.byReason)}\n  relabelled: ${diff.relabelled.count}\n  unchanged: ${diff.unchanged}\n`,
        );
      }
    });
};
