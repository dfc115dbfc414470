import * as Plot from '@observablehq/plot';
import { useState } from 'preact/hooks';
import { api, ApiError, withQuery } from '../../shared/api';
import { ErrorBanner, FieldErrors } from '../../shared/field-errors';
import { Chart } from '../chart';
import { when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';
import type { DatasetDiffJson } from '../view-models/api-types';
import { datasetDiffView } from '../view-models/dataset-diff-view';

interface Manifest {
  readonly sha256?: string;
  readonly counts?: { readonly pairs?: number; readonly comparisonsConsidered?: number; readonly bySplit?: Record<string, number>; readonly byObjective?: Record<string, number>; readonly byExclusionReason?: Record<string, number> };
  readonly erasuresAppliedCount?: number;
}

interface DatasetBuild {
  readonly id: string;
  readonly asOf: string;
  readonly status: string;
  readonly createdAt: string;
  readonly error: string | null;
  readonly manifest: Manifest | null;
}

const counts = (c: Record<string, number> | undefined) => (c ? Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') : '–');

/** Dataset builds with their manifests, a build form, and the diff of two builds. */
export function DatasetsPage() {
  const [reload, setReload] = useState(0);
  const list = useApi<{ datasets: DatasetBuild[] }>('/v1/datasets?limit=50', undefined, reload);
  const params = new URLSearchParams(location.search);
  const a = params.get('a');
  const b = params.get('b');
  const diff = useApi<{ diff: DatasetDiffJson }>(a && b ? withQuery('/v1/datasets/diff', { a, b }) : null);
  const built = (list.data?.datasets ?? []).filter((d) => d.status === 'built');
  return (
    <>
      <h1>Datasets</h1>
      <BuildForm onBuilt={() => setReload(reload + 1)} />
      <h2>Builds</h2>
      <Status state={list} what="the builds" />
      {list.data && list.data.datasets.length === 0 && <p class="notice">No dataset has been built through the api yet.</p>}
      {list.data && list.data.datasets.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="datasets">
            <thead>
              <tr><th scope="col">Build</th><th scope="col">As of</th><th scope="col">Status</th><th scope="col">Pairs</th><th scope="col">By split</th><th scope="col">By objective</th><th scope="col">Excluded</th><th scope="col">Erasures</th><th scope="col">SHA-256</th></tr>
            </thead>
            <tbody>
              {list.data.datasets.map((d) => (
                <tr key={d.id}>
                  <th scope="row"><code>{d.id.slice(0, 8)}</code></th>
                  <td>{when(d.asOf)}</td>
                  <td>{d.status}{d.error ? `: ${d.error}` : ''}</td>
                  <td>{d.manifest?.counts?.pairs ?? '–'}</td>
                  <td>{counts(d.manifest?.counts?.bySplit)}</td>
                  <td>{counts(d.manifest?.counts?.byObjective)}</td>
                  <td>{counts(d.manifest?.counts?.byExclusionReason)}</td>
                  <td>{d.manifest?.erasuresAppliedCount ?? '–'}</td>
                  <td><code>{d.manifest?.sha256?.slice(0, 12) ?? '–'}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Compare two builds</h2>
      {list.data && built.length === 0 && <p class="notice">Two built datasets are needed for a diff.</p>}
      {list.data && built.length > 0 && (
      <form class="diff-form" method="get">
        <label for="diff-a">Earlier build</label>
        <select id="diff-a" name="a" value={a ?? built[1]?.id ?? built[0]?.id}>
          {built.map((d) => <option key={d.id} value={d.id}>{`${d.id.slice(0, 8)} as of ${when(d.asOf)}`}</option>)}
        </select>
        <label for="diff-b">Later build</label>
        <select id="diff-b" name="b" value={b ?? built[0]?.id}>
          {built.map((d) => <option key={d.id} value={d.id}>{`${d.id.slice(0, 8)} as of ${when(d.asOf)}`}</option>)}
        </select>
        <button type="submit">Compare</button>
      </form>
      )}
      <Status state={diff} what="the diff" />
      {diff.data && <DiffView diff={diff.data.diff} />}
    </>
  );
}

function DiffView({ diff }: { diff: DatasetDiffJson }) {
  const view = datasetDiffView(diff);
  const bars = view.rows.filter((r) => r.change !== 'unchanged').map((r) => ({ ...r, label: r.reason ? `${r.change}: ${r.reason}` : r.change }));
  return (
    <>
      <dl class="totals" aria-label="Diff totals">
        <div><dt>Added</dt><dd data-diff="added">{view.added}</dd></div>
        <div><dt>Removed</dt><dd data-diff="removed">{view.removed}</dd></div>
        <div><dt>Relabelled</dt><dd data-diff="relabelled">{view.relabelled}</dd></div>
        <div><dt>Unchanged</dt><dd data-diff="unchanged">{view.unchanged}</dd></div>
      </dl>
      <Chart
        id="dataset-diff"
        title="Pairs added and removed by reason, and annotations relabelled"
        summary="One bar per kind of change and reason; unchanged pairs are in the totals above."
        empty={bars.every((b) => b.pairs === 0) ? 'The two builds hold the same pairs.' : undefined}
        draw={(width) =>
          Plot.plot({
            width,
            height: Math.max(100, bars.length * 26 + 50),
            marginLeft: 190,
            ariaLabel: 'Dataset diff',
            x: { label: 'pairs', grid: true },
            y: { label: null, domain: bars.map((b) => b.label) },
            marks: [Plot.barX(bars, { x: 'pairs', y: 'label', fill: (r) => (r.change === 'added' ? '#1a6b33' : r.change === 'removed' ? '#c0392b' : '#d68910') }), Plot.ruleX([0])],
          })
        }
      />
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
        <table data-table="dataset-diff">
          <thead><tr><th scope="col">Change</th><th scope="col">Reason</th><th scope="col">Pairs</th></tr></thead>
          <tbody>
            {view.rows.map((r) => (
              <tr key={`${r.change}:${r.reason}`}><th scope="row">{r.change}</th><td>{r.reason ?? ''}</td><td>{r.pairs}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BuildForm({ onBuilt }: { onBuilt: () => void }) {
  const [asOf, setAsOf] = useState(`${new Date().toISOString().slice(0, 19)}Z`);
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const issues = error instanceof ApiError ? error.issuesFor('asOf') : [];
  return (
    <form
      class="as-of"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        api.post('/v1/datasets', { asOf }).then(
          () => {
            setBusy(false);
            setError(undefined);
            setTimeout(onBuilt, 1500);
          },
          (err: Error) => {
            setBusy(false);
            setError(err);
          },
        );
      }}
    >
      <label for="build-as-of">Build the dataset as of</label>
      <input id="build-as-of" value={asOf} onInput={(e) => setAsOf((e.target as HTMLInputElement).value)} size={26} aria-describedby={issues.length ? 'build-as-of-errors' : undefined} />
      <button type="submit" disabled={busy}>Build</button>
      <FieldErrors id="build-as-of-errors" issues={issues} />
      {issues.length === 0 && <ErrorBanner error={error} />}
    </form>
  );
}
