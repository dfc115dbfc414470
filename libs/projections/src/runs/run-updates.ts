import type { RetrainCompleted, RetrainDatasetBuilt, RetrainFailed, RetrainRequested } from '@hindsight/contracts';
import type { RunUpdateRow } from '../change-set';
import type { RetrainRunDetails } from '../retrain-run-details';

/** The events that move a retrain run to a new status in `retrain_runs`. */
export type RunStatusEvent = RetrainRequested | RetrainDatasetBuilt | RetrainCompleted | RetrainFailed;

// A table, not a closure or a per-call object: this runs for every projected run event.
const statusOf: { readonly [T in RunStatusEvent['type']]: RunUpdateRow['status'] } = {
  'retrain.requested': 'requested',
  'retrain.dataset-built': 'dataset-built',
  'retrain.completed': 'completed',
  'retrain.failed': 'failed',
};

/**
 * The `retrain_runs` update of one run status event (pure): the status the
 * event moves the run to, the request's data on the `retrain.requested` only,
 * and every later event's data under its own key in `details` (the store merges
 * them as they come, so a run keeps all of them).
 *
 * @example runUpdateOf(completed) // { runId, status: 'completed', requested: null, details: { completed: completed.data }, … }
 */
export function runUpdateOf(event: RunStatusEvent): RunUpdateRow {
  return {
    tenant: event.tenant,
    recordedAt: event.recordedAt,
    runId: event.data.runId,
    status: statusOf[event.type],
    requested: event.type === 'retrain.requested' ? event.data : null,
    details: runDetailsOf(event),
  };
}

function runDetailsOf(event: RunStatusEvent): RetrainRunDetails {
  switch (event.type) {
    case 'retrain.requested':
      return {};
    case 'retrain.dataset-built':
      return { datasetBuilt: event.data };
    case 'retrain.completed':
      return { completed: event.data };
    case 'retrain.failed':
      return { failed: event.data };
  }
}
