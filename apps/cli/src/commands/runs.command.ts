import { randomBytes } from 'node:crypto';
import { formatUuidV7 } from '@hindsight/contracts';
import {
  BlendWeightsRepository,
  ModelRegistryRepository,
  RetrainRunReadsRepository,
  RunMonitorRepository,
  TrainerRunRepository,
  type RetrainRunItem,
} from '@hindsight/store';
import {
  ModelFamilyViews,
  renderSideBySide,
  RunMonitorViews,
  type DisagreementReport,
  type FamilyView,
  type RunView,
} from '@hindsight/training';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';

/**
 * A run for the terminal: status, the reward-hacking monitor's verdict, and the
 * mean-reward and human win-rate curves side by side (ASCII), then KL against the budget.
 */
export function renderRunView(view: RunView, width = 40): string {
  const m = view.monitor;
  const out = [
    `run ${view.runId}${view.status ? `  (retrain ${view.status})` : ''}${view.trainer ? `  trainer: ${view.trainer.state}` : ''}`,
  ];
  out.push(`monitor: ${m.status}${m.flags.length ? `  flags: ${m.flags.join(', ')}` : ''}`);
  for (const reason of m.reasons) out.push(`  - ${reason}`);
  if (m.window) out.push(`trend window: steps ${m.window.fromStep}..${m.window.toStep}`);
  out.push('');
  out.push(
    renderSideBySide(
      { title: 'mean reward', points: view.curves.training.map((p) => [p.step, p.meanReward] as const) },
      {
        title: 'human win rate',
        points: view.curves.humanEval.map((p) => [p.step, p.winRate] as const),
        reference: 0.5,
      },
      { width, height: 10 },
    ),
  );
  if (view.curves.training.length > 0) {
    out.push('');
    out.push(
      renderSideBySide(
        {
          title: `KL to reference${view.klBudget === null ? ' (no budget set)' : ` (budget ${view.klBudget}, '-')`}`,
          points: view.curves.training.map((p) => [p.step, p.kl] as const),
          ...(view.klBudget === null ? {} : { reference: view.klBudget }),
        },
        { title: 'human evaluations (n per point)', points: view.curves.humanEval.map((p) => [p.step, p.n] as const) },
        { width, height: 6 },
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

type MonitoredRun = Awaited<ReturnType<RunMonitorViews['list']>>['runs'][number];

/** One line of `hindsight runs list`: a retrain run (with its trigger and outcome), its monitor report, or both. */
export interface ListedRun {
  readonly runId: string;
  readonly retrain: RetrainRunItem | null;
  readonly monitor: MonitoredRun | null;
}

/** Retrain runs newest first, each with its monitor report if it reported metrics, then the runs that only reported metrics. Pure. */
export function listedRuns(
  retrain: readonly RetrainRunItem[],
  monitored: readonly MonitoredRun[],
): { runs: ListedRun[] } {
  const byId = new Map(monitored.map((m) => [m.runId, m]));
  const runs: ListedRun[] = retrain.map((r) => ({ runId: r.runId, retrain: r, monitor: byId.get(r.runId) ?? null }));
  const listed = new Set(runs.map((r) => r.runId));
  for (const m of monitored) if (!listed.has(m.runId)) runs.push({ runId: m.runId, retrain: null, monitor: m });
  return { runs };
}

/** `run-7  failed  by scheduler (policy drift)  drift 0.42  failed at quality-gate: too-few-comparisons  monitor: ok`. Pure. */
export function renderRunLine(r: ListedRun): string {
  const parts = [r.runId];
  if (r.retrain) {
    const t = r.retrain.trigger as { kind?: string; reason?: string; requestedBy?: string } | null;
    const why =
      t?.kind === 'policy'
        ? `policy ${t.reason ?? ''}`.trim()
        : t?.kind === 'manual'
          ? `manual by ${t.requestedBy ?? '?'}`
          : 'unknown trigger';
    parts.push(r.retrain.status, `requested ${r.retrain.requestedAt} by ${r.retrain.startedBy ?? '?'} (${why})`);
    if (r.retrain.drift)
      parts.push(
        `drift ${r.retrain.drift.value}${r.retrain.drift.threshold === null ? '' : ` >= ${r.retrain.drift.threshold}`}`,
      );
    const failure = r.retrain.failure as { stage?: string; reasons?: { code: string }[] } | null;
    if (failure)
      parts.push(`failed at ${failure.stage ?? '?'}: ${(failure.reasons ?? []).map((x) => x.code).join(', ')}`);
  }
  if (r.monitor)
    parts.push(
      `monitor: ${r.monitor.status} at step ${r.monitor.lastStep} (${r.monitor.points} points)${r.monitor.flags.length ? ` [${r.monitor.flags.join(', ')}]` : ''}`,
    );
  return parts.join('  ');
}

const percent = (r: number | null) => (r === null ? '–' : `${(100 * r).toFixed(1)}%`);
const interval = (ci: readonly [number, number] | null) =>
  ci === null ? '' : ` [${percent(ci[0])}, ${percent(ci[1])}]`;

/** A per-group run's families for the terminal: the blend used, then how often the groups' models disagree, where, and how far each is from the pooled one. */
export function renderDisagreement(views: readonly FamilyView[]): string {
  const out: string[] = [];
  for (const { objective, modelVersion, family } of views) {
    const report = family.disagreement as DisagreementReport;
    const blend = family.blend as { weights: Record<string, number>; setBy: string } | null;
    out.push(
      `${objective} (${modelVersion}), groups by ${String(family.field)}: published ${blend ? `blend ${JSON.stringify(blend.weights)} set by ${blend.setBy}` : 'the pooled model'}`,
    );
    for (const g of family.notTrained as { group: string; trainingPairs: number }[])
      out.push(`  not trained: ${g.group} (${g.trainingPairs} pairs)`);
    out.push(
      `  held-out pairs: ${report.heldOutPairs}; disagreement (${report.interval.confidence * 100}% Wilson interval)`,
    );
    for (const p of report.groupPairs) {
      out.push(`  ${p.groups[0]} vs ${p.groups[1]}: ${percent(p.rate)}${interval(p.ci)}`);
      for (const t of p.byTaskType)
        out.push(`    ${t.taskType.padEnd(16)} ${percent(t.rate)}${interval(t.ci)}  (${t.pairs} pairs)`);
    }
    for (const p of report.fromPooled)
      out.push(`  ${p.group} vs pooled: ${percent(p.rate)}${interval(p.ci)}; weight distance ${p.weightDistance}`);
    for (const p of report.prompts)
      out.push(`  disputed: [${p.taskType}] ${p.prompt.slice(0, 80)} (${p.disagreements}/${p.pairs})`);
  }
  return `${out.join('\n')}\n`;
}

/** `hindsight runs list|show|budget`: policy-training runs and the reward-hacking monitor, read from PostgreSQL. */
export const registerRunsCommands: CommandRegistrar = (program) => {
  const runs = program.command('runs').description('retrain and policy-training runs, and the reward-hacking monitor');
  const views = <T>(work: (v: RunMonitorViews) => Promise<T>) =>
    withDatabase((ds) => work(new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds))));
  runs
    .command('list')
    .description(
      "every retrain run whatever started it (scheduler, CLI, API), newest first, and the runs that reported training metrics, with the monitor's flags",
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--limit <n>', 'at most this many retrain runs', '50')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; limit: string; json?: boolean }) => {
      const limit = Math.min(Math.max(Number.parseInt(o.limit, 10) || 50, 1), 500);
      const result = await withDatabase(async (ds) => {
        const [retrain, monitored] = await Promise.all([
          new RetrainRunReadsRepository(ds).runs(o.tenant, { limit }),
          new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds)).list(o.tenant, limit),
        ]);
        return listedRuns(retrain.items, monitored.runs);
      });
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.runs.length === 0) process.stdout.write('no runs\n');
      else for (const r of result.runs) process.stdout.write(`${renderRunLine(r)}\n`);
    });
  runs
    .command('show <run>')
    .description(
      "the run's mean reward and human win rate side by side, KL against the budget, and the monitor's flags",
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--width <columns>', 'columns per chart', '40')
    .option('--json', 'print JSON (curves and the monitor report)')
    .action(async (run: string, o: { tenant: string; width: string; json?: boolean }) => {
      const view = await views((v) => v.show(o.tenant, run));
      process.stdout.write(
        o.json ? `${JSON.stringify(view)}\n` : renderRunView(view, Math.max(10, Number(o.width) || 40)),
      );
    });
  runs
    .command('disagreement <run>')
    .description("a per-group run's model families: the blend used and the disagreement report")
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON (as GET /v1/retrain-runs/{id}/disagreement)')
    .action(async (run: string, o: { tenant: string; json?: boolean }) => {
      const result = await withDatabase((ds) =>
        new ModelFamilyViews(new ModelRegistryRepository(ds), new BlendWeightsRepository(ds)).disagreement(
          o.tenant,
          run,
        ),
      );
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : renderDisagreement(result.objectives));
    });
  runs
    .command('budget <run>')
    .description("set the run's KL budget (nats); the monitor flags steps above it")
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--kl <nats>', 'KL budget in nats')
    .option('--json', 'print JSON (the run with its monitor report)')
    .action(async (run: string, o: { tenant: string; kl: string; json?: boolean }) => {
      const view = await withDatabase((ds) =>
        withRecordPublisher((publish) =>
          new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds), {
            publish,
            newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
            source: 'cli',
          }).setBudget(o.tenant, run, { klBudget: Number(o.kl) }, new Date()),
        ),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(view)}\n`);
        return;
      }
      process.stdout.write(
        `KL budget of ${view.runId}: ${view.klBudget}; monitor: ${view.monitor.status}${view.monitor.flags.length ? ` [${view.monitor.flags.join(', ')}]` : ''}\n`,
      );
    });
};
