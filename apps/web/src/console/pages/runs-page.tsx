import { DataTable } from '../data-table';
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
  const f = failure as {
    stage?: string;
    reasons?: { code?: string; message?: string }[];
    message?: string;
    code?: string;
  };
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
        <DataTable
          id="runs"
          label="Retrain runs"
          rows={runs.data}
          rowKey={(r) => r.runId}
          rowAttrs={(r) => ({ 'data-run': r.runId })}
          columns={[
            {
              header: 'Run',
              rowHeader: true,
              cell: (r) => <a href={`/console/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</a>,
            },
            { header: 'Status', cell: (r) => r.status },
            { header: 'Trainer state', cell: (r) => r.trainerState ?? '–' },
            {
              header: 'Trigger',
              cell: (r) => `${triggerText(r.trigger)}${r.drift ? ` (drift ${r.drift.value.toFixed(3)})` : ''}`,
            },
            { header: 'Started by', cell: (r) => r.startedBy ?? '–' },
            { header: 'As of', cell: (r) => when(r.asOf) },
            { header: 'Requested', cell: (r) => when(r.requestedAt) },
            { header: 'Failure', cell: (r) => failureText(r.failure), attrs: { class: 'wrap' } },
          ]}
        />
      )}
    </>
  );
}

export { failureText };
