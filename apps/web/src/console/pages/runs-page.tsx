import { when } from '../format';
import { Status } from '../status';
import { useAllPages } from '../use-api';
import type { RetrainRunJson } from '../view-models/api-types';

function triggerText(trigger: unknown): string {
  if (typeof trigger === 'string') return trigger;
  if (trigger && typeof trigger === 'object') {
    const t = trigger as { kind?: string; type?: string };
    return t.kind ?? t.type ?? JSON.stringify(trigger);
  }
  return '–';
}

function failureText(failure: unknown): string {
  if (!failure || typeof failure !== 'object') return '';
  const f = failure as { stage?: string; reasons?: { code?: string; message?: string }[]; message?: string; code?: string };
  const reasons = (f.reasons ?? []).map((r) => [r.code, r.message].filter(Boolean).join(' ')).filter(Boolean);
  return [f.stage, f.code, f.message, ...reasons].filter(Boolean).join(': ');
}

/** Every retrain run, whatever started it (`GET /v1/retrain-runs`), newest first. */
export function RunsPage() {
  const runs = useAllPages<RetrainRunJson>('/v1/retrain-runs', 500);
  return (
    <>
      <h1>Retrain runs</h1>
      <Status state={runs} what="the runs" />
      {runs.data && runs.data.length === 0 && <p class="notice">No retrain run yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="runs">
            <thead>
              <tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Trainer state</th><th scope="col">Trigger</th><th scope="col">Started by</th><th scope="col">As of</th><th scope="col">Requested</th><th scope="col">Failure</th></tr>
            </thead>
            <tbody>
              {runs.data.map((r) => (
                <tr key={r.runId} data-run={r.runId}>
                  <th scope="row"><a href={`/console/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</a></th>
                  <td>{r.status}</td>
                  <td>{r.trainerState ?? '–'}</td>
                  <td>{triggerText(r.trigger)}{r.drift ? ` (drift ${r.drift.value.toFixed(3)})` : ''}</td>
                  <td>{r.startedBy ?? '–'}</td>
                  <td>{when(r.asOf)}</td>
                  <td>{when(r.requestedAt)}</td>
                  <td>{failureText(r.failure)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export { failureText };
