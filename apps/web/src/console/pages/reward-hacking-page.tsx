import { DataTable } from '../data-table';
import { when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';

interface MonitoredRun {
  readonly runId: string;
  readonly points: number;
  readonly lastStep: number;
  readonly lastReportedAt: string;
  readonly status: string;
  readonly flags: readonly string[];
}

/** The policy-training runs the reward-hacking monitor watches (`GET /v1/runs`, what `hindsight runs list` shows). */
export function RewardHackingPage() {
  const list = useApi<{ runs: MonitoredRun[] }>('/v1/runs');
  return (
    <>
      <h1>Reward hacking</h1>
      <p>Runs that report mean reward and KL per step and held-out human evaluations. Open one for its curves.</p>
      <Status state={list} what="the monitored runs" />
      {list.data && list.data.runs.length === 0 && <p class="notice">No run has reported training metrics yet.</p>}
      {list.data && list.data.runs.length > 0 && (
        <DataTable
          id="monitored-runs"
          label="Monitored runs"
          rows={list.data.runs}
          rowKey={(r) => r.runId}
          rowAttrs={(r) => ({ 'data-run': r.runId })}
          columns={[
            {
              header: 'Run',
              rowHeader: true,
              cell: (r) => <a href={`/console/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</a>,
            },
            { header: 'Status', cell: (r) => r.status },
            { header: 'Flags', cell: (r) => r.flags.join(', ') || 'none' },
            { header: 'Points', cell: (r) => r.points },
            { header: 'Last step', cell: (r) => r.lastStep },
            { header: 'Last report', cell: (r) => when(r.lastReportedAt) },
          ]}
        />
      )}
    </>
  );
}
