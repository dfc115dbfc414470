import { randomBytes } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { HindsightError, requireInstant, UnavailableError, type ModelOutcomeAuditedData } from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { ModelOutcomeSourceRepository, ModelRegistryRepository } from '@hindsight/store';
import {
  artifactStoreFromEnv,
  ModelRegistryViews,
  OutcomeAuditor,
  runEventMessage,
  type ModelComparison,
  type ModelSummary,
  type ModelView,
  type OutcomeAuditView,
} from '@hindsight/training';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

const fixed = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(digits);
const signed = (v: number | null) => (v === null ? '-' : `${v > 0 ? '+' : ''}${fixed(v, 4)}`);

/** An outcome AUC with its interval: `0.412 [0.378, 0.446]`. */
const withInterval = (value: number | null, ci: readonly number[] | null) =>
  value === null ? '-' : `${fixed(value)}${ci ? ` [${fixed(ci[0])}, ${fixed(ci[1])}]` : ''}`;

/** The audit's verdict in a word: FLAGGED (worse than the parent), ok, or - (never audited). */
const verdict = (audit: OutcomeAuditView | null) => (audit === null ? '-' : audit.flagged ? 'FLAGGED' : 'ok');

/** The registry as a table: version, objective, as-of, held-out accuracy, log loss, ECE, outcome AUC, parent, outcome verdict. */
export function renderModelTable(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models registered\n';
  const rows = [
    ['model version', 'objective', 'as of', 'accuracy', 'log loss', 'ECE', 'outcome AUC', 'parent', 'vs parent'],
  ];
  for (const m of models)
    rows.push([
      m.modelVersion,
      m.objective,
      m.asOf,
      fixed(m.metrics.pairwiseAccuracy),
      fixed(m.metrics.logLoss),
      fixed(m.metrics.expectedCalibrationError),
      fixed(m.outcomeAudit?.overall.auc),
      m.parentVersion ?? '-',
      verdict(m.outcomeAudit),
    ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** One model in full, for people. */
export function renderModel(m: ModelView): string {
  const lines = [
    `${m.modelVersion}  (${m.objective})`,
    `  run:        ${m.runId}`,
    `  policy:     ${m.policyId ?? '- (manual request)'}`,
    `  as of:      ${m.asOf}`,
    `  parent:     ${m.parentVersion ?? '-'}`,
    `  dataset:    ${m.datasetSha256}  ${m.datasetUri}`,
    `  artifact:   ${m.artifactUri}`,
    `  code:       ${m.codeVersion}`,
    '  metrics:',
    ...Object.entries(m.metrics).map(([k, v]) => `    ${k.padEnd(26)} ${fixed(v, 4)}`),
    ...renderAudit(m.outcomeAudit, '  '),
  ];
  return `${lines.join('\n')}\n`;
}

/** An outcome audit as lines: the verdict, then per slice the AUC, the parent's and the difference with their intervals. */
export function renderAudit(audit: OutcomeAuditView | null, indent: string): string[] {
  if (audit === null) return [`${indent}outcome audit: none (hindsight models audit VERSION --tenant T)`];
  const lines = [
    `${indent}outcome audit: ${audit.flagged ? `FLAGGED: agrees less with outcomes than its parent ${audit.parentVersion}` : audit.parentVersion ? `not worse than its parent ${audit.parentVersion}` : 'no parent'} (outcomes as of ${audit.asOf}, ${audit.trigger}, ${Math.round(audit.level * 100)} % intervals, ${audit.method})`,
    `${indent}  ${'surface'.padEnd(14)} ${'n'.padStart(6)} ${'ok'.padStart(6)}  ${'AUC'.padEnd(22)} ${'parent AUC'.padEnd(22)} difference`,
  ];
  for (const slice of [audit.overall, ...audit.bySurface])
    lines.push(
      `${indent}  ${(slice === audit.overall ? '(all)' : (slice.surface ?? '(none)')).padEnd(14)} ${String(slice.interactions).padStart(6)} ${String(slice.successes).padStart(6)}  ${withInterval(slice.auc, slice.ci).padEnd(22)} ${withInterval(slice.parentAuc, slice.parentCi).padEnd(22)} ${withInterval(slice.difference, slice.differenceCi)}${slice.worseThanParent ? '  worse' : ''}`,
    );
  return lines;
}

/** A comparison: per objective, where each model came from, the metric deltas and the dataset diff. */
export function renderComparison(c: ModelComparison): string {
  const out: string[] = [];
  for (const o of c.objectives) {
    out.push(`objective ${o.objective}`);
    out.push(`  A ${o.a.modelVersion}  policy ${o.a.policyId ?? '-'}  as of ${o.a.asOf}`);
    out.push(`  B ${o.b.modelVersion}  policy ${o.b.policyId ?? '-'}  as of ${o.b.asOf}`);
    const width = Math.max(6, ...o.metrics.map((m) => m.name.length));
    out.push(`  ${'metric'.padEnd(width)}  ${'A'.padStart(9)}  ${'B'.padStart(9)}  ${'B - A'.padStart(10)}`);
    for (const m of o.metrics)
      out.push(
        `  ${m.name.padEnd(width)}  ${fixed(m.a, 4).padStart(9)}  ${fixed(m.b, 4).padStart(9)}  ${signed(m.delta).padStart(10)}`,
      );
    if (o.sameDataset) out.push('  training sets: identical (same SHA-256)');
    else if (o.datasetDiff) {
      const d = o.datasetDiff;
      out.push(
        `  training sets: +${d.added.count} pairs ${JSON.stringify(d.added.byReason)}, -${d.removed.count} pairs ${JSON.stringify(d.removed.byReason)}, ${d.relabelled.count} relabelled, ${d.unchanged} unchanged`,
      );
    } else out.push(`  training sets: differ (${o.datasetDiffNote ?? 'no diff available'})`);
    out.push(
      o.outcomes.bFlagged
        ? `  outcomes: B is FLAGGED: it agrees less with outcomes than its parent ${o.outcomes.b?.parentVersion}`
        : '  outcomes: B is not flagged against its parent',
    );
    out.push(...renderAudit(o.outcomes.a, '  A ').slice(0, 3), ...renderAudit(o.outcomes.b, '  B ').slice(0, 3));
  }
  return `${out.join('\n')}\n`;
}

/**
 * `hindsight models list|show|compare`: the reward-model registry, read from
 * PostgreSQL (and, for compare's dataset diff, the artifact store).
 */
export const registerModelsCommands: CommandRegistrar = (program) => {
  const models = program.command('models').description('the reward-model registry');
  const views = <T>(work: (v: ModelRegistryViews) => Promise<T>) =>
    withDatabase(async (ds) => {
      // The store the trainer writes to (ARTIFACTS_DIR): compare diffs builds from there, s3:// ones through a temporary copy.
      const artifacts = artifactStoreFromEnv(process.env);
      try {
        return await work(new ModelRegistryViews(new ModelRegistryRepository(ds), artifacts));
      } finally {
        await artifacts.close();
      }
    });
  models
    .command('list')
    .description('registered models, newest first')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--objective <objective>', 'only this objective')
    .option('--limit <n>', 'at most this many (1..1000)', '50')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; objective?: string; limit: string; json?: boolean }) => {
      const result = await views((v) => v.list(o.tenant, { objective: o.objective, limit: Number(o.limit) }));
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : renderModelTable(result.models));
    });
  models
    .command('show <version>')
    .description('one model: run, policy, as-of time, parent, dataset, artifact, metrics')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON')
    .action(async (version: string, o: { tenant: string; json?: boolean }) => {
      const model = await views((v) => v.show(o.tenant, version));
      process.stdout.write(o.json ? `${JSON.stringify(model)}\n` : renderModel(model));
    });
  models
    .command('compare <a> <b>')
    .description(
      'A and B (model versions, or run ids for every objective of the run): metric deltas, dataset diff, policy and as-of time',
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON')
    .action(async (a: string, b: string, o: { tenant: string; json?: boolean }) => {
      const comparison = await views((v) => v.compare(o.tenant, a, b));
      process.stdout.write(o.json ? `${JSON.stringify(comparison)}\n` : renderComparison(comparison));
    });
  models
    .command('audit <version>')
    .description(
      'audit a model against outcomes now: AUC of its scores over the interactions of its objective (overall, per surface) with DeLong 95 % intervals, against its parent; publishes model.outcome-audited',
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--as-of <instant>', 'read outcomes recorded by this ISO-8601 instant (default: now)')
    .option('--json', 'print the audit (the event data) as JSON')
    .action(async (version: string, o: { tenant: string; asOf?: string; json?: boolean }) => {
      const now = new Date();
      const asOf = o.asOf === undefined ? now : new Date(requireInstant(o.asOf.trim(), '--as-of'));
      const event = await withDatabase(async (ds) => {
        const artifacts = artifactStoreFromEnv(process.env);
        try {
          const auditor = new OutcomeAuditor(
            new ModelRegistryRepository(ds),
            new ModelOutcomeSourceRepository(ds),
            artifacts,
          );
          return await auditor.audit(o.tenant, version, {
            asOf,
            recordedAt: now,
            random: randomBytes(10),
            source: 'cli',
          });
        } finally {
          await artifacts.close();
        }
      });
      const config = loadPlatformConfig();
      const publisher = createEventPublisher(config.kafka, 'cli');
      try {
        await publisher.publish([runEventMessage(JSON.stringify(event), config.kafka.topicPrefix)]);
      } catch (error) {
        throw new UnavailableError(
          'kafka',
          `${error instanceof HindsightError || error instanceof Error ? error.message : String(error)}; the audit was not recorded`,
        );
      } finally {
        await publisher
          .close()
          .catch((error: unknown) =>
            process.stderr.write(
              `hindsight: closing the Kafka producer failed: ${error instanceof Error ? error.message : String(error)}\n`,
            ),
          );
      }
      const data = event.data as ModelOutcomeAuditedData;
      process.stdout.write(
        o.json
          ? `${JSON.stringify(data)}\n`
          : `${[
              `${version}  (${data.objective})`,
              ...renderAudit({ ...data, recordedAt: now.toISOString(), bySurface: data.bySurface }, '  '),
            ].join('\n')}\n`,
      );
    });
};
