import type { HindsightEvent, RetrainRequested, RetrainRunAdvancedData, RetrainRunState } from '@hindsight/contracts';

/** A `retrain.requested` as the trainer's run record starts: the request itself, as the event. */
export interface TrainerRunRequestedRow {
  readonly tenant: string;
  readonly runId: string;
  readonly requestEventId: string;
  readonly request: RetrainRequested;
  readonly recordedAt: string;
}

/** A `retrain.run-advanced`: the run's whole record from its new state on. */
export interface TrainerRunAdvancedRow {
  readonly tenant: string;
  readonly runId: string;
  readonly state: RetrainRunState;
  readonly policyId: string | null;
  readonly recipe: RetrainRunAdvancedData['recipe'];
  readonly gates: RetrainRunAdvancedData['gates'];
  readonly datasets: RetrainRunAdvancedData['datasets'];
  readonly gateReport: RetrainRunAdvancedData['gateReport'];
  readonly failure: RetrainRunAdvancedData['failure'];
  readonly recordedAt: string;
}

/** A `model.registered`: one registry entry; it was created when the event was recorded. */
export interface ModelVersionProjectionRow {
  readonly tenant: string;
  readonly runId: string;
  readonly objective: string;
  readonly modelVersion: string;
  readonly parentVersion: string | null;
  readonly policyId: string | null;
  readonly asOf: string;
  readonly recipe: unknown;
  readonly datasetSha256: string;
  readonly datasetUri: string;
  readonly artifactUri: string;
  readonly manifest: unknown;
  readonly metrics: unknown;
  readonly training: unknown;
  readonly codeVersion: string;
  /** A per-group run's family; null otherwise. */
  readonly family: unknown;
  readonly recordedAt: string;
}

/**
 * What events do to the trainer's runs and the model registry. The trainer
 * writes its own events with these same rows (in the transaction that puts them
 * in its outbox), and the projector writes them again from Kafka: a no-op live,
 * the whole registry on a replay.
 */
export interface TrainerRecordChanges {
  readonly runsRequested: TrainerRunRequestedRow[];
  /** In the order they were recorded: a run only moves forward. */
  readonly runsAdvanced: TrainerRunAdvancedRow[];
  readonly models: ModelVersionProjectionRow[];
}

export function emptyTrainerRecordChanges(): TrainerRecordChanges {
  return { runsRequested: [], runsAdvanced: [], models: [] };
}

/** Adds what `event` does to the trainer's records to `into`; other event types add nothing. */
export function planTrainerRecord(event: HindsightEvent, into: TrainerRecordChanges): void {
  switch (event.type) {
    case 'retrain.requested':
      into.runsRequested.push({
        tenant: event.tenant,
        runId: event.data.runId,
        requestEventId: event.id,
        request: event,
        recordedAt: event.recordedAt,
      });
      return;
    case 'retrain.run-advanced': {
      const d = event.data;
      into.runsAdvanced.push({
        tenant: event.tenant,
        runId: d.runId,
        state: d.state,
        policyId: d.policyId,
        recipe: d.recipe,
        gates: d.gates,
        datasets: d.datasets,
        gateReport: d.gateReport,
        failure: d.failure,
        recordedAt: event.recordedAt,
      });
      return;
    }
    case 'model.registered': {
      const d = event.data;
      into.models.push({
        tenant: event.tenant,
        runId: d.runId,
        objective: d.objective,
        modelVersion: d.modelVersion,
        parentVersion: d.parentVersion,
        policyId: d.policyId,
        asOf: d.asOf,
        recipe: d.recipe,
        datasetSha256: d.datasetSha256,
        datasetUri: d.datasetUri,
        artifactUri: d.artifactUri,
        manifest: d.manifest,
        metrics: d.metrics,
        training: d.training,
        codeVersion: d.codeVersion,
        family: d.family ?? null,
        recordedAt: event.recordedAt,
      });
      return;
    }
    default:
      return;
  }
}

/** The trainer's records of a batch of events, in order. */
export function planTrainerRecords(events: readonly HindsightEvent[]): TrainerRecordChanges {
  const changes = emptyTrainerRecordChanges();
  for (const event of events) planTrainerRecord(event, changes);
  return changes;
}
