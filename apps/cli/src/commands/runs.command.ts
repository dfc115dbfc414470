import { randomBytes } from 'node:crypto';
import { formatUuidV7 } from '@hindsight/contracts';
import { RunMonitorRepository, TrainerRunRepository } from '@hindsight/store';
import { renderSideBySide, RunMonitorViews, type RunView } from '@hindsight/training';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';

/**
 * A run for the terminal: status, the reward-hacking monitor's verdict, and the
 * mean-reward and human win-rate curves side by side (ASCII), then KL against the budget.
 */
export function renderRunView(view: RunView, width = 40): string {
  const m = view.monitor;
  const out = [`run ${view.runId}${view.status ? `  (retrain ${view.status})` : ''}${view.trainer ? `  trainer: ${view.trainer.state}` : ''}`];
  out.push(`monitor: ${m.status}${m.flags.length ? `  flags: ${m.flags.join(', ')}` : ''}`);
  for (const reason of m.reasons) out.push(`  - ${reason}`);
  if (m.window) out.push(`trend window: steps ${m.window.fromStep}..${m.window.toStep}`);
  out.push('');
  out.push(
    renderSideBySide(
      { title: 'mean reward', points: view.curves.training.map((p) => [p.step, p.meanReward] as const) },
      { title: 'human win rate', points: view.curves.humanEval.map((p) => [p.step, p.winRate] as const), reference: 0.5 },
      { width, height: 10 },
    ),
  );
  if (view.curves.training.length > 0) {
    out.push('');
    out.push(
      renderSideBySide(
        { title: `KL to reference${view.klBudget === null ? ' (no budget set)' : ` (budget ${view.klBudget}, '-')`}`, points: view.curves.training.map((p) => [p.step, p.kl] as const), ...(view.klBudget === null ? {} : { reference: view.klBudget }) },
        { title: 'human evaluations (n per point)', points: view.curves.humanEval.map((p) => [p.step, p.n] as const) },
        { width, height: 6 },
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** `hindsight runs list|show|budget`: policy-training runs and the reward-hacking monitor, read from PostgreSQL. */
export const registerRunsCommands: CommandRegistrar = (program) => {
  const runs = program.command('runs').description('policy-training runs and the reward-hacking monitor');
  const views = <T>(work: (v: RunMonitorViews) => Promise<T>) => withDatabase((ds) => work(new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds))));
  runs
    .command('list')
    .description('runs that reported training metrics or human evaluations, with the monitor\'s flags')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const result = await views((v) => v.list(o.tenant));
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.runs.length === 0) process.stdout.write('no runs reported metrics\n');
      else for (const r of result.runs) process.stdout.write(`${r.runId}  step ${r.lastStep}  ${r.points} points  ${r.status}${r.flags.length ? ` [${r.flags.join(', ')}]` : ''}\n`);
    });
  runs
    .command('show <run>')
    .description('the run\'s mean reward and human win rate side by side, KL against the budget, and the monitor\'s flags')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--width <columns>', 'columns per chart', '40')
    .option('--json', 'print JSON (curves and the monitor report)')
    .action(async (run: string, o: { tenant: string; width: string; json?: boolean }) => {
      const view = await views((v) => v.show(o.tenant, run));
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : renderRunView(view, Math.max(10, Number(o.width) || 40)));
    });
  runs
    .command('budget <run>')
    .description('set the run\'s KL budget (nats); the monitor flags steps above it')
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--kl <nats>', 'KL budget in nats')
    .option('--json', 'print JSON (the run with its monitor report)')
    .action(async (run: string, o: { tenant: string; kl: string; json?: boolean }) => {
      const view = await withDatabase((ds) =>
        withRecordPublisher((publish) =>
          new RunMonitorViews(new RunMonitorRepository(ds), new TrainerRunRepository(ds), { publish, newEventId: () => formatUuidV7(Date.now(), randomBytes(10)), source: 'cli' }).setBudget(
            o.tenant,
            run,
            { klBudget: Number(o.kl) },
            new Date(),
          ),
        ),
      );
      if (o.json) {
        process.stdout.write(`${JSON.stringify(view)}\n`);
        return;
      }
      process.stdout.write(`KL budget of ${view.runId}: ${view.klBudget}; monitor: ${view.monitor.status}${view.monitor.flags.length ? ` [${view.monitor.flags.join(', ')}]` : ''}\n`);
    });
};
