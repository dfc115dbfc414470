import { Option } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import {
  dawidSkene,
  flagRaters,
  measureAgreement,
  parseAnnotationsCsv,
  parseRatingsCsv,
  type AgreementMetric,
  type KappaWeights,
  type MeasurementLevel,
} from '@hindsight/quality';
import { mulberry32 } from '@hindsight/reward-model';
import type { CommandRegistrar } from './command-registrar';
import { readInputTextSync } from './input-file';
import { nonNegativeInteger, positiveInteger } from './integer-flags';

/** Reads the --input file; the one piece of I/O of these commands. */
function readInput(file: string): string {
  try {
    return readInputTextSync(file, '--input');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ValidationError(
      [{ path: '--input', rule: `cannot be read (${code})` }],
      `--input ${file} cannot be read (${code})`,
    );
  }
}

const fixed = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

const METRIC_NAMES: Record<AgreementMetric, string> = {
  cohen: "Cohen's kappa",
  fleiss: "Fleiss' kappa",
  krippendorff: "Krippendorff's alpha",
  percent: 'percent agreement',
};

interface AgreementFlags {
  metric: AgreementMetric;
  weights?: Exclude<KappaWeights, 'none'>;
  level?: MeasurementLevel;
  input: string;
  json?: boolean;
  iterations: number;
  seed: number;
}

interface RatersFlags {
  input: string;
  json?: boolean;
}

/**
 * `hindsight quality agreement` (inter-rater agreement with a bootstrap interval
 * from a wide CSV: header = raters, rows = units, empty cell = missing) and
 * `hindsight quality raters` (Dawid–Skene rater accuracy and task labels from a
 * long `task,rater,label` CSV). The statistics live in @hindsight/quality.
 */
export const registerQualityCommands: CommandRegistrar = (program) => {
  const quality = program
    .command('quality')
    .description('annotation quality: inter-rater agreement and rater reliability');

  quality
    .command('agreement')
    .description(
      'inter-rater agreement of a wide CSV (header names the raters, one row per unit, empty cell = missing)',
    )
    .addOption(
      new Option('--metric <metric>', 'agreement statistic')
        .choices(['cohen', 'fleiss', 'krippendorff', 'percent'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--weights <weights>', "Cohen's kappa disagreement weights (default unweighted)").choices([
        'linear',
        'quadratic',
      ]),
    )
    .addOption(
      new Option('--level <level>', "Krippendorff's alpha level of measurement (default nominal)").choices([
        'nominal',
        'ordinal',
        'interval',
        'ratio',
      ]),
    )
    .requiredOption('--input <file>', 'CSV file (- reads standard input)')
    .option('--iterations <n>', 'bootstrap resamples', positiveInteger('--iterations'), 1000)
    .option('--seed <n>', 'seed of the bootstrap resampling', nonNegativeInteger('--seed'), 1)
    .option('--json', 'print {"metric","value","units","raters","ci"} as JSON')
    .action((flags: AgreementFlags) => {
      const { raters, ratings } = parseRatingsCsv(readInput(flags.input));
      if (flags.metric === 'cohen' && raters.length !== 2) {
        throw new ValidationError(
          [{ path: '--input', rule: `must have exactly two rater columns for Cohen's kappa (found ${raters.length})` }],
          `Cohen's kappa needs exactly two rater columns; ${flags.input} has ${raters.length} (${raters.join(', ')}). Use --metric fleiss or krippendorff for more raters.`,
        );
      }
      const result = measureAgreement(ratings, {
        metric: flags.metric,
        weights: flags.weights,
        level: flags.level,
        iterations: flags.iterations,
        random: mulberry32(flags.seed),
      });
      if (flags.json) {
        const { metric, value, units, ci } = result;
        process.stdout.write(`${JSON.stringify({ metric, value, units, raters: result.raters, ci })}\n`);
        return;
      }
      const variant =
        flags.metric === 'cohen'
          ? ` (${flags.weights ?? 'unweighted'})`
          : flags.metric === 'krippendorff'
            ? ` (${flags.level ?? 'nominal'})`
            : '';
      process.stdout.write(
        `${METRIC_NAMES[result.metric]}${variant}: ${fixed(result.value)}  95% CI [${fixed(result.ci[0])}, ${fixed(result.ci[1])}]\n` +
          `units: ${result.units}  raters: ${result.raters} (${raters.join(', ')})  bootstrap: ${flags.iterations} resamples, seed ${flags.seed}\n`,
      );
    });

  quality
    .command('raters')
    .description('Dawid–Skene rater accuracy and posterior task labels from a long CSV task,rater,label')
    .requiredOption('--input <file>', 'CSV file with task, rater and label columns (- reads standard input)')
    .option('--json', 'print {"raters":[{"rater","accuracy"}],"tasks":[{"task","label"}]} as JSON')
    .action((flags: RatersFlags) => {
      const annotations = parseAnnotationsCsv(readInput(flags.input));
      const fit = dawidSkene(annotations);
      if (flags.json) {
        const out = {
          raters: fit.raters.map((r) => ({ rater: r.rater, accuracy: r.accuracy })),
          tasks: fit.tasks.map((t) => ({ task: t.task, label: t.label })),
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      const reports = flagRaters(annotations, fit);
      const raterWidth = Math.max(5, ...fit.raters.map((r) => r.rater.length));
      const taskWidth = Math.max(4, ...fit.tasks.map((t) => t.task.length));
      const labelWidth = Math.max(5, ...fit.classes.map((c) => c.length));
      const lines = [
        `Dawid–Skene: ${fit.raters.length} raters, ${fit.tasks.length} tasks, classes ${fit.classes.join(', ')}; ${fit.iterations} EM iterations${fit.converged ? '' : ' (not converged)'}`,
        '',
        `${'rater'.padEnd(raterWidth)}  accuracy  answers  flags`,
        ...reports.map((r) =>
          `${r.rater.padEnd(raterWidth)}  ${fixed(r.accuracy).padStart(8)}  ${String(r.answers).padStart(7)}  ${r.flags.join(', ')}`.trimEnd(),
        ),
        '',
        `${'task'.padEnd(taskWidth)}  ${'label'.padEnd(labelWidth)}  posterior`,
        ...fit.tasks.map(
          (t) => `${t.task.padEnd(taskWidth)}  ${t.label.padEnd(labelWidth)}  ${fixed(Math.max(...t.posterior))}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
