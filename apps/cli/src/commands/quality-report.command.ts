import type { Command } from 'commander';
import { ValidationError } from '@hindsight/contracts';
import type { TargetProfile } from '@hindsight/quality';
import { QualitySourceRepository } from '@hindsight/store';
import {
  buildTenantQualityReport,
  normaliseAsOf,
  parseTargetProfileYaml,
  renderQualityReport,
  type QualityReportPhase,
} from '@hindsight/quality-report';
import type { CommandRegistrar } from './command-registrar';
import { readInputText } from './input-file';
import { ProgressBar } from './progress-bar';
import { withDatabase } from './with-database';

interface ReportFlags {
  tenant: string;
  asOf: string;
  json?: boolean;
  targetProfile?: string;
}

/** Below this many comparisons the report is quick and no progress is drawn. */
const PROGRESS_FROM = 20_000;

/**
 * `hindsight quality report`: added under the `quality` command (registered by
 * quality.command.ts, which must run first), or as a new `quality` command if absent.
 */
export const registerQualityReportCommands: CommandRegistrar = (program) => {
  const quality: Command =
    program.commands.find((c) => c.name() === 'quality') ??
    program.command('quality').description('annotation quality');
  quality
    .command('report')
    .description(
      'the quality report of a tenant as of T: flagged raters, position and length bias, agreement by task type, representation, model leaderboard',
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption(
      '--as-of <instant>',
      'ISO-8601 instant with Z or an offset (2026-09-30T23:59:59Z): comparisons recorded at or before it, with the corrections and retractions recorded by then',
    )
    .option(
      '--target-profile <file>',
      'YAML with the target shares of expertise, languages and region (- reads standard input)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (o: ReportFlags) => {
      const asOf = normaliseAsOf(o.asOf, '--as-of');
      let targetProfile: TargetProfile | undefined;
      if (o.targetProfile) {
        const text = await readInputText(o.targetProfile, '--target-profile').catch((error: NodeJS.ErrnoException) => {
          throw new ValidationError([
            { path: '--target-profile', rule: `cannot be read (${error.code ?? 'unreadable'})` },
          ]);
        });
        targetProfile = parseTargetProfileYaml(text);
      }
      const bars: Partial<Record<QualityReportPhase, ProgressBar>> = {};
      const onProgress = (phase: QualityReportPhase, done: number, total: number) => {
        if (total < PROGRESS_FROM && phase === 'read') return;
        if (phase === 'analyse' && !bars.read) return;
        if (phase === 'analyse' && bars.read && !bars.analyse) bars.read.done('read');
        (bars[phase] ??= new ProgressBar(phase === 'read' ? 'reading comparisons' : 'analysing')).update(done, total);
      };
      const report = await withDatabase((ds) =>
        buildTenantQualityReport(new QualitySourceRepository(ds), {
          tenant: o.tenant,
          asOf,
          targetProfile,
          onProgress,
          generatedAt: new Date().toISOString(),
        }),
      );
      bars.analyse?.done(`${report.totals.comparisons} comparisons, ${report.totals.raters} raters`);
      process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : renderQualityReport(report));
    });
};
