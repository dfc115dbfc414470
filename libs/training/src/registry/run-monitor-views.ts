import { NotFoundError, ValidationError } from '@hindsight/contracts';
import type { HumanEvalPoint, RunMonitorRepository, TrainerRunRepository, TrainingMetricPoint } from '@hindsight/store';
import { detectOveroptimisation, type MonitorReport } from '../monitor/detect-overoptimisation';

/** A run as `GET /v1/runs/:id` and `hindsight runs show` present it. */
export interface RunView {
  readonly runId: string;
  /** The projected status of a retrain run (requested, dataset-built, completed, failed), if the run is one. */
  readonly status: string | null;
  /** The trainer's own state of a retrain run, if this trainer consumed it. */
  readonly trainer: { readonly state: string; readonly failure: unknown; readonly datasets: unknown; readonly gateReport: unknown } | null;
  readonly klBudget: number | null;
  readonly curves: { readonly training: TrainingMetricPoint[]; readonly humanEval: HumanEvalPoint[] };
  readonly monitor: MonitorReport;
}

/** The reward-hacking monitor's use cases: show a run with its curves and flags, list monitored runs, set a run's KL budget. */
export class RunMonitorViews {
  constructor(
    private readonly monitor: RunMonitorRepository,
    private readonly runs: TrainerRunRepository,
  ) {}

  async show(tenant: string, runId: string): Promise<RunView> {
    const [curves, status, budget, trainer] = await Promise.all([
      this.monitor.curves(tenant, runId),
      this.monitor.projectedStatus(tenant, runId),
      this.monitor.klBudget(tenant, runId),
      this.runs.findForTenant(tenant, runId),
    ]);
    if (curves.training.length === 0 && curves.humanEval.length === 0 && !status && !trainer && budget === undefined) throw new NotFoundError('run', runId);
    return {
      runId,
      status: status?.status ?? null,
      trainer: trainer ? { state: trainer.state, failure: trainer.failure, datasets: trainer.datasets, gateReport: trainer.gateReport } : null,
      klBudget: budget ?? null,
      curves,
      monitor: detectOveroptimisation(curves.training, curves.humanEval, { klBudget: budget ?? null }),
    };
  }

  async list(tenant: string, limit = 50): Promise<{ runs: { runId: string; points: number; lastStep: number; lastReportedAt: string; status: MonitorReport['status']; flags: string[] }[] }> {
    const monitored = await this.monitor.listMonitored(tenant, limit);
    const runs = [];
    for (const m of monitored) {
      const view = await this.show(tenant, m.runId);
      runs.push({ runId: m.runId, points: m.points, lastStep: m.lastStep, lastReportedAt: m.lastReportedAt.toISOString(), status: view.monitor.status, flags: view.monitor.flags });
    }
    return { runs };
  }

  /**
   * Sets the run's KL budget (nats) from `{ "klBudget": number }`.
   * @throws ValidationError naming klBudget when it is missing or not a positive number.
   */
  async setBudget(tenant: string, runId: string, body: unknown, at: Date): Promise<RunView> {
    const klBudget = (body as { klBudget?: unknown } | null)?.klBudget;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError([{ path: '', rule: 'must be an object such as {"klBudget": 6}' }]);
    const unknown = Object.keys(body).filter((k) => k !== 'klBudget');
    if (unknown.length > 0) throw new ValidationError(unknown.map((k) => ({ path: k, rule: 'unknown field' })));
    if (klBudget === undefined) throw new ValidationError([{ path: 'klBudget', rule: 'required' }]);
    if (typeof klBudget !== 'number' || !Number.isFinite(klBudget) || klBudget <= 0) throw new ValidationError([{ path: 'klBudget', rule: 'must be a positive number (nats)' }]);
    if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(runId)) throw new ValidationError([{ path: 'runId', rule: 'must be an id (letters, digits and ._:- , starting with a letter or digit)' }]);
    await this.monitor.setKlBudget(tenant, runId, klBudget, at);
    return this.show(tenant, runId);
  }
}
