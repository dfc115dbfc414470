import type { HindsightEvent, RetrainRequested } from '@hindsight/contracts';
import { planTrainerRecords, type TrainerRecordChanges } from '@hindsight/projections';
import type { ModelVersionRow, RunRef, TrainerOutboxRow, TrainerRunRow, TrainerRunState } from '@hindsight/store';
import type { RetrainModels, RetrainRuns } from '../retrain-ports';

const RANK: Record<TrainerRunState, number> = {
  requested: 0,
  'dataset-built': 1,
  gated: 2,
  trained: 3,
  completed: 4,
  failed: 4,
};

/** What comes back from a JSON column: a copy, dates as strings, undefined as absent. */
const json = <T>(value: unknown): T =>
  (value === null || value === undefined ? null : JSON.parse(JSON.stringify(value))) as T;
const runKey = (run: RunRef) => `${run.tenant}\u0000${run.runId}`;

/**
 * The trainer's runs, model registry and outbox in memory: the fake of the
 * RetrainRuns and RetrainModels ports (TrainerRunRepository and
 * ModelRegistryRepository in PostgreSQL). It applies events with the same
 * planTrainerRecords as the real writer, and runs the same contract
 * (trainer-records.contract.ts) in in-memory-trainer-records.unit.spec.ts.
 */
export class InMemoryTrainerRecords implements RetrainRuns, RetrainModels {
  private readonly runs = new Map<string, TrainerRunRow>();
  private readonly models: ModelVersionRow[] = [];
  private readonly outbox: (TrainerOutboxRow & { publishedAt: Date | null; createdAt: Date })[] = [];
  /** Every event `publish` handed on, in order (what Kafka would have received). */
  readonly published: HindsightEvent[] = [];

  /** Records a consumed `retrain.requested` (a request seen before is left alone), as the trainer's consumer does. */
  async request(event: RetrainRequested): Promise<void> {
    this.apply(planTrainerRecords([event]));
  }

  async find(run: RunRef): Promise<TrainerRunRow | undefined> {
    const row = this.runs.get(runKey(run));
    return row && { ...row };
  }

  async advance(
    run: RunRef,
    from: TrainerRunState | readonly TrainerRunState[],
    events: readonly HindsightEvent[],
    at: Date,
  ): Promise<boolean> {
    const fromStates: readonly string[] = typeof from === 'string' ? [from] : from;
    const row = this.runs.get(runKey(run));
    if (!row || !fromStates.includes(row.state)) return false;
    this.apply(planTrainerRecords(events));
    for (const event of events) this.enqueue(run, event, at);
    return true;
  }

  async registerModel(run: RunRef, event: HindsightEvent, at: Date): Promise<boolean> {
    if (this.apply(planTrainerRecords([event])) === 0) return false;
    this.enqueue(run, event, at);
    return true;
  }

  async listByRun(tenant: string, runId: string): Promise<ModelVersionRow[]> {
    return this.models
      .filter((m) => m.tenant === tenant && m.runId === runId)
      .sort((a, b) => (a.objective < b.objective ? -1 : a.objective > b.objective ? 1 : 0));
  }

  async latestBefore(
    tenant: string,
    objective: string,
    asOf: Date,
    excludeRunId: string,
    policyId: string | null,
  ): Promise<ModelVersionRow | undefined> {
    const candidates = this.models.filter(
      (m) =>
        m.tenant === tenant &&
        m.objective === objective &&
        m.asOf.getTime() <= asOf.getTime() &&
        m.runId !== excludeRunId &&
        (policyId === null || m.policyId === policyId),
    );
    candidates.sort(
      (a, b) =>
        b.asOf.getTime() - a.asOf.getTime() ||
        b.createdAt.getTime() - a.createdAt.getTime() ||
        (a.modelVersion < b.modelVersion ? 1 : -1),
    );
    return candidates[0];
  }

  /** The run's outbox, oldest first, as TrainerRunRepository.outboxOf gives it. */
  async outboxOf(run: RunRef): Promise<(TrainerOutboxRow & { publishedAt: Date | null })[]> {
    return this.outbox
      .filter((r) => r.tenant === run.tenant && r.runId === run.runId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.eventId < b.eventId ? -1 : 1))
      .map(({ createdAt: _createdAt, ...row }) => ({ ...row }));
  }

  /** Publishes the run's unpublished outbox rows (the pipeline's `publishOutbox`): appends them to `published`. */
  async publish(run: RunRef): Promise<void> {
    for (const row of this.outbox) {
      if (row.publishedAt !== null || row.tenant !== run.tenant || row.runId !== run.runId) continue;
      this.published.push(JSON.parse(row.eventJson) as HindsightEvent);
      row.publishedAt = new Date(0);
    }
  }

  /** Applies a change set as writeTrainerRecords does; returns how many models it registered. */
  private apply(changes: TrainerRecordChanges): number {
    for (const r of changes.runsRequested) {
      const key = runKey(r);
      if (this.runs.has(key)) continue;
      const at = new Date(r.recordedAt);
      this.runs.set(key, {
        runId: r.runId,
        tenant: r.tenant,
        state: 'requested',
        requestEventId: r.requestEventId,
        request: json(r.request),
        policyId: null,
        recipe: null,
        gates: null,
        datasets: null,
        gateReport: null,
        failure: null,
        createdAt: at,
        updatedAt: at,
        finishedAt: null,
      });
    }
    for (const a of changes.runsAdvanced) {
      const key = runKey(a);
      const row = this.runs.get(key);
      if (!row || RANK[row.state] >= RANK[a.state]) continue;
      const at = new Date(a.recordedAt);
      this.runs.set(key, {
        ...row,
        state: a.state,
        policyId: a.policyId,
        recipe: json(a.recipe),
        gates: json(a.gates),
        datasets: json(a.datasets),
        gateReport: json(a.gateReport),
        failure: json(a.failure),
        updatedAt: at,
        finishedAt: a.state === 'completed' || a.state === 'failed' ? at : null,
      });
    }
    let registered = 0;
    for (const m of changes.models) {
      const taken = this.models.some(
        (x) =>
          x.tenant === m.tenant &&
          (x.modelVersion === m.modelVersion || (x.runId === m.runId && x.objective === m.objective)),
      );
      if (taken) continue;
      this.models.push({
        modelVersion: m.modelVersion,
        tenant: m.tenant,
        runId: m.runId,
        objective: m.objective,
        parentVersion: m.parentVersion,
        policyId: m.policyId,
        asOf: new Date(m.asOf),
        recipe: json(m.recipe),
        datasetSha256: m.datasetSha256,
        datasetUri: m.datasetUri,
        artifactUri: m.artifactUri,
        manifest: json(m.manifest),
        metrics: json(m.metrics),
        training: json(m.training),
        codeVersion: m.codeVersion,
        family: m.family === null ? null : json(m.family),
        createdAt: new Date(m.recordedAt),
      });
      registered++;
    }
    return registered;
  }

  private enqueue(run: RunRef, event: HindsightEvent, at: Date): void {
    if (this.outbox.some((r) => r.eventId === event.id)) return;
    this.outbox.push({
      eventId: event.id,
      tenant: run.tenant,
      runId: run.runId,
      type: event.type,
      eventJson: JSON.stringify(event),
      publishedAt: null,
      createdAt: at,
    });
  }
}
