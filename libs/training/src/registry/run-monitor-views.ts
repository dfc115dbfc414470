import { z } from 'zod';
import {
  NotFoundError,
  parseRequestBody,
  sealEvent,
  validateEventInput,
  ValidationError,
  type RunKlBudgetAssigned,
} from '@hindsight/contracts';
import type { HumanEvalPoint, RunMonitorRepository, TrainerRunRepository, TrainingMetricPoint } from '@hindsight/store';
import { detectOveroptimisation, type MonitorReport } from '../monitor/detect-overoptimisation';

/** A run as `GET /v1/runs/:id` and `hindsight runs show` present it. */
export interface RunView {
  readonly runId: string;
  /** The projected status of a retrain run (requested, dataset-built, completed, failed), if the run is one. */
  readonly status: string | null;
  /** The trainer's own state of a retrain run, if this trainer consumed it. */
  readonly trainer: {
    readonly state: string;
    readonly failure: unknown;
    readonly datasets: unknown;
    readonly gateReport: unknown;
  } | null;
  readonly klBudget: number | null;
  readonly curves: { readonly training: TrainingMetricPoint[]; readonly humanEval: HumanEvalPoint[] };
  readonly monitor: MonitorReport;
}

/** Setting a budget publishes `run.kl-budget-assigned` (then applies it): the api and the CLI have one. */
export interface RunBudgetWriter {
  /** Resolves once Kafka acknowledged the event (acks=all). */
  readonly publish: (event: RunKlBudgetAssigned) => Promise<void>;
  /** A fresh event id (a UUIDv7). */
  readonly newEventId: () => string;
  /** `api` or `cli`. */
  readonly source: string;
}

const MAX_KL_BUDGET = 1e12;

/**
 * The body of `PUT /v1/runs/{id}/budget`: `setBudget` parses it with this very
 * schema, and `/docs/openapi.json` describes the body with it.
 */
export const klBudgetBodySchema = z.strictObject({
  klBudget: z
    .number()
    .positive({ error: 'must be a positive number (nats)' })
    .max(MAX_KL_BUDGET, { error: `must be at most ${MAX_KL_BUDGET} nats` }),
});

/** A sealed `run.kl-budget-assigned` (the idempotency key carries the event id: every budget set is its own event). Pure. */
export function runKlBudgetAssignedEvent(b: {
  eventId: string;
  tenant: string;
  source: string;
  runId: string;
  klBudget: number;
  at: Date;
}): RunKlBudgetAssigned {
  const input = validateEventInput(
    {
      type: 'run.kl-budget-assigned',
      idempotencyKey: `run-budget:${b.runId}:${b.eventId}`,
      occurredAt: b.at.toISOString(),
      data: { runId: b.runId, klBudget: b.klBudget, setAt: b.at.toISOString() },
    },
    { types: ['run.kl-budget-assigned'] },
  );
  return sealEvent(input, {
    id: b.eventId,
    recordedAt: b.at.toISOString(),
    tenant: b.tenant,
    source: b.source,
  }) as RunKlBudgetAssigned;
}

/** The reward-hacking monitor's use cases: show a run with its curves and flags, list monitored runs, set a run's KL budget. */
export class RunMonitorViews {
  constructor(
    private readonly monitor: RunMonitorRepository,
    private readonly runs: TrainerRunRepository,
    private readonly budgets?: RunBudgetWriter,
  ) {}

  async show(tenant: string, runId: string): Promise<RunView> {
    const [curves, status, budget, trainer] = await Promise.all([
      this.monitor.curves(tenant, runId),
      this.monitor.projectedStatus(tenant, runId),
      this.monitor.klBudget(tenant, runId),
      this.runs.findForTenant(tenant, runId),
    ]);
    if (curves.training.length === 0 && curves.humanEval.length === 0 && !status && !trainer && budget === undefined)
      throw new NotFoundError('run', runId);
    return {
      runId,
      status: status?.status ?? null,
      trainer: trainer
        ? { state: trainer.state, failure: trainer.failure, datasets: trainer.datasets, gateReport: trainer.gateReport }
        : null,
      klBudget: budget ?? null,
      curves,
      monitor: detectOveroptimisation(curves.training, curves.humanEval, { klBudget: budget ?? null }),
    };
  }

  async list(
    tenant: string,
    limit = 50,
  ): Promise<{
    runs: {
      runId: string;
      points: number;
      lastStep: number;
      lastReportedAt: string;
      status: MonitorReport['status'];
      flags: string[];
    }[];
  }> {
    const monitored = await this.monitor.listMonitored(tenant, limit);
    const runs = [];
    for (const m of monitored) {
      const view = await this.show(tenant, m.runId);
      runs.push({
        runId: m.runId,
        points: m.points,
        lastStep: m.lastStep,
        lastReportedAt: m.lastReportedAt.toISOString(),
        status: view.monitor.status,
        flags: view.monitor.flags,
      });
    }
    return { runs };
  }

  /**
   * Sets the run's KL budget (nats) from `{ "klBudget": number }`: publishes
   * `run.kl-budget-assigned`, then applies it. Only a run the tenant has (reported
   * metrics, a retrain run, a requested run, the trainer's run) gets a budget.
   * @throws ValidationError naming klBudget when it is missing or not a positive number.
   * @throws NotFoundError naming the run when the tenant has no run of that id.
   */
  async setBudget(tenant: string, runId: string, body: unknown, at: Date): Promise<RunView> {
    const { klBudget } = parseRequestBody(klBudgetBodySchema, body, 'must be an object such as {"klBudget": 6}');
    if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(runId))
      throw new ValidationError([
        { path: 'runId', rule: 'must be an id (letters, digits and ._:- , starting with a letter or digit)' },
      ]);
    if (!this.budgets) throw new Error('RunMonitorViews.setBudget: needs a RunBudgetWriter');
    // Another tenant's run (or none) is not this tenant's to budget: run ids are chosen by clients.
    if (!(await this.monitor.runExists(tenant, runId)) && !(await this.runs.findForTenant(tenant, runId)))
      throw new NotFoundError('run', runId);
    const event = runKlBudgetAssignedEvent({
      eventId: this.budgets.newEventId(),
      tenant,
      source: this.budgets.source,
      runId,
      klBudget,
      at,
    });
    await this.budgets.publish(event);
    await this.monitor.apply(event);
    return this.show(tenant, runId);
  }
}
