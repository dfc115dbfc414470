import type { DataSource } from 'typeorm';
import type { RunKlBudgetAssigned } from '@hindsight/contracts';
import { projectRecordEvents } from './record-projection';

/** One `training.metrics.reported` of a policy-training run, as projected. */
export interface TrainingMetricPoint {
  readonly step: number;
  readonly meanReward: number;
  readonly kl: number;
  readonly objective: string | null;
}

/** One `eval.human.reported` of a policy-training run, as projected. */
export interface HumanEvalPoint {
  readonly step: number;
  readonly winRate: number;
  readonly n: number;
  readonly objective: string | null;
  readonly baseline: string | null;
}

/** The projected retrain_runs row of a run (any run id reported by events). */
export interface ProjectedRunStatus {
  readonly status: string;
  readonly requested: Record<string, unknown> | null;
  readonly details: Record<string, unknown>;
  readonly updatedAt: Date;
}

/**
 * The reward-hacking monitor's reads: a run's training and human-evaluation
 * curves (the projector's run_metrics), its projected status, and its KL budget.
 */
export class RunMonitorRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A run's curves in step order (ties by recording time). */
  async curves(
    tenant: string,
    runId: string,
  ): Promise<{ training: TrainingMetricPoint[]; humanEval: HumanEvalPoint[] }> {
    const rows: { kind: 'training' | 'human-eval'; step: number; metrics: Record<string, unknown> }[] =
      await this.dataSource.query(
        'SELECT kind, step, metrics FROM run_metrics WHERE tenant = $1 AND run_id = $2 ORDER BY step, recorded_at, event_id',
        [tenant, runId],
      );
    const training: TrainingMetricPoint[] = [];
    const humanEval: HumanEvalPoint[] = [];
    for (const r of rows) {
      const m = r.metrics;
      const objective = typeof m.objective === 'string' ? m.objective : null;
      if (r.kind === 'training')
        training.push({ step: r.step, meanReward: Number(m.meanReward), kl: Number(m.kl), objective });
      else
        humanEval.push({
          step: r.step,
          winRate: Number(m.winRate),
          n: Number(m.n),
          objective,
          baseline: typeof m.baseline === 'string' ? m.baseline : null,
        });
    }
    return { training, humanEval };
  }

  async projectedStatus(tenant: string, runId: string): Promise<ProjectedRunStatus | undefined> {
    const rows: {
      status: string;
      requested: Record<string, unknown> | null;
      details: Record<string, unknown>;
      updated_at: Date;
    }[] = await this.dataSource.query(
      'SELECT status, requested, details, updated_at FROM retrain_runs WHERE tenant = $1 AND run_id = $2',
      [tenant, runId],
    );
    return rows[0]
      ? {
          status: rows[0].status,
          requested: rows[0].requested,
          details: rows[0].details,
          updatedAt: rows[0].updated_at,
        }
      : undefined;
  }

  /** Run ids of a tenant that reported training metrics or human evaluations, most recent first. */
  async listMonitored(
    tenant: string,
    limit: number,
  ): Promise<{ runId: string; points: number; lastStep: number; lastReportedAt: Date }[]> {
    const rows: { run_id: string; points: string; last_step: number; last_at: Date }[] = await this.dataSource.query(
      `SELECT run_id, count(*)::text AS points, max(step) AS last_step, max(recorded_at) AS last_at
       FROM run_metrics WHERE tenant = $1 GROUP BY run_id ORDER BY max(recorded_at) DESC, run_id LIMIT $2`,
      [tenant, limit],
    );
    return rows.map((r) => ({
      runId: r.run_id,
      points: Number(r.points),
      lastStep: r.last_step,
      lastReportedAt: r.last_at,
    }));
  }

  async klBudget(tenant: string, runId: string): Promise<number | undefined> {
    const rows: { kl_budget: number }[] = await this.dataSource.query(
      'SELECT kl_budget FROM run_budgets WHERE tenant = $1 AND run_id = $2',
      [tenant, runId],
    );
    return rows[0] ? Number(rows[0].kl_budget) : undefined;
  }

  /**
   * Whether the tenant has a run of that id in its read models: reported metrics,
   * a projected retrain run, or a requested run (the trainer's own table is asked separately).
   */
  async runExists(tenant: string, runId: string): Promise<boolean> {
    const rows: { found: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM run_metrics WHERE tenant = $1 AND run_id = $2)
           OR EXISTS (SELECT 1 FROM retrain_runs WHERE tenant = $1 AND run_id = $2)
           OR EXISTS (SELECT 1 FROM retrain_requests WHERE tenant = $1 AND run_id = $2) AS found`,
      [tenant, runId],
    );
    return rows[0].found;
  }

  /** Applies a published `run.kl-budget-assigned`, with the projector's code. */
  apply(event: RunKlBudgetAssigned): Promise<void> {
    return projectRecordEvents(this.dataSource, [event]);
  }
}
