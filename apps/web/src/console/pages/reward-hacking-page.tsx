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
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="monitored-runs">
            <thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Flags</th><th scope="col">Points</th><th scope="col">Last step</th><th scope="col">Last report</th></tr></thead>
            <tbody>
              {list.data.runs.map((r) => (
                <tr key={r.runId} data-run={r.runId}>
                  <th scope="row"><a href={`/console/runs/${encodeURIComponent(r.runId)}`}>{r.runId}</a></th>
                  <td>{r.status}</td>
                  <td>{r.flags.join(', ') || 'none'}</td>
                  <td>{r.points}</td>
                  <td>{r.lastStep}</td>
                  <td>{when(r.lastReportedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
