import * as Plot from '@observablehq/plot';
import { useState } from 'preact/hooks';
import { api, ApiError, withQuery } from '../../shared/api';
import { ErrorBanner, FieldErrors } from '../../shared/field-errors';
import { ChartFigure } from '../chart-figure';
import { DataTable } from '../data-table';
import { when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';
import type { DatasetDiffJson, DatasetListing } from '../view-models/api-types';
import { datasetBuildRows } from '../view-models/dataset-build-rows';
import { datasetDiffView } from '../view-models/dataset-diff-view';

const counts = (c: Readonly<Record<string, number>> | null) =>
  c
    ? Object.entries(c)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : '–';

/** Every dataset build with its origin (the api, or the retrain run that built it) and manifest counts, a build form, and the diff of two api builds. */
export function DatasetsPage() {
  const [reload, setReload] = useState(0);
  const list = useApi<DatasetListing>('/v1/datasets?limit=50', undefined, reload);
  const params = new URLSearchParams(location.search);
  const a = params.get('a');
  const b = params.get('b');
  const diff = useApi<{ diff: DatasetDiffJson }>(a && b ? withQuery('/v1/datasets/diff', { a, b }) : null);
  const built = (list.data?.datasets ?? []).filter((d) => d.status === 'built');
  const rows = list.data ? datasetBuildRows(list.data) : [];
  return (
    <>
      <h1>Datasets</h1>
      <BuildForm onBuilt={() => setReload(reload + 1)} />
      <h2>Builds</h2>
      <Status state={list} what="the builds" />
      {list.data && rows.length === 0 && (
        <p class="notice">No dataset has been built yet, through the api or by a retrain run.</p>
      )}
      {list.data && rows.length > 0 && (
        <DataTable
          id="datasets"
          label="Dataset builds"
          rows={rows}
          rowKey={(d) => d.key}
          rowAttrs={(d) => ({ 'data-build': d.key, 'data-origin': d.origin.kind === 'api' ? 'api' : d.origin.runId })}
          columns={[
            {
              header: 'Build',
              rowHeader: true,
              cell: (d) => (d.origin.kind === 'api' ? <code title={d.build}>{d.build.slice(0, 13)}</code> : d.build),
            },
            {
              header: 'Origin',
              attrs: { 'data-field': 'origin' },
              cell: (d) =>
                d.origin.kind === 'api' ? (
                  'api'
                ) : (
                  <a href={`/console/runs/${encodeURIComponent(d.origin.runId)}`}>run {d.origin.runId}</a>
                ),
            },
            { header: 'As of', cell: (d) => when(d.asOf) },
            { header: 'Status', cell: (d) => d.status },
            { header: 'Pairs', cell: (d) => d.pairs ?? '–' },
            { header: 'By split', cell: (d) => counts(d.bySplit) },
            { header: 'By objective', cell: (d) => counts(d.byObjective) },
            { header: 'Excluded', cell: (d) => counts(d.excluded) },
            { header: 'Erasures', cell: (d) => d.erasures ?? '–' },
            { header: 'SHA-256', cell: (d) => <code>{d.sha256?.slice(0, 12) ?? '–'}</code> },
          ]}
        />
      )}
      <h2>Compare two builds</h2>
      {list.data && built.length === 0 && (
        <p class="notice">Two datasets built through the api are needed for a diff.</p>
      )}
      {list.data && built.length > 0 && (
        <form class="diff-form" method="get">
          <label for="diff-a">Earlier build</label>
          <select id="diff-a" name="a" value={a ?? built[1]?.id ?? built[0]?.id}>
            {built.map((d) => (
              <option key={d.id} value={d.id}>{`${d.id.slice(0, 13)} as of ${when(d.asOf)}`}</option>
            ))}
          </select>
          <label for="diff-b">Later build</label>
          <select id="diff-b" name="b" value={b ?? built[0]?.id}>
            {built.map((d) => (
              <option key={d.id} value={d.id}>{`${d.id.slice(0, 13)} as of ${when(d.asOf)}`}</option>
            ))}
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
  const bars = view.rows
    .filter((r) => r.change !== 'unchanged')
    .map((r) => ({ ...r, label: r.reason ? `${r.change}: ${r.reason}` : r.change }));
  return (
    <>
      <dl class="totals" aria-label="Diff totals">
        <div>
          <dt>Added</dt>
          <dd data-diff="added">{view.added}</dd>
        </div>
        <div>
          <dt>Removed</dt>
          <dd data-diff="removed">{view.removed}</dd>
        </div>
        <div>
          <dt>Relabelled</dt>
          <dd data-diff="relabelled">{view.relabelled}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd data-diff="unchanged">{view.unchanged}</dd>
        </div>
      </dl>
      <ChartFigure
        id="dataset-diff"
        title="Pairs added and removed by reason, and annotations relabelled"
        summary="One bar per kind of change and reason; unchanged pairs are in the totals above."
        empty={bars.every((b) => b.pairs === 0) ? 'The two builds hold the same pairs.' : undefined}
        options={{
          height: Math.max(100, bars.length * 26 + 50),
          marginLeft: 190,
          ariaLabel: 'Dataset diff',
          x: { label: 'pairs', grid: true },
          y: { label: null, domain: bars.map((b) => b.label) },
          marks: [
            Plot.barX(bars, {
              x: 'pairs',
              y: 'label',
              fill: (r) => (r.change === 'added' ? '#1a6b33' : r.change === 'removed' ? '#c0392b' : '#d68910'),
            }),
            Plot.ruleX([0]),
          ],
        }}
      />
      <DataTable
        id="dataset-diff"
        label="Diff by change and reason"
        rows={view.rows}
        rowKey={(r) => `${r.change}:${r.reason}`}
        columns={[
          { header: 'Change', rowHeader: true, cell: (r) => r.change },
          { header: 'Reason', cell: (r) => r.reason ?? '' },
          { header: 'Pairs', cell: (r) => r.pairs },
        ]}
      />
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
      <input
        id="build-as-of"
        value={asOf}
        onInput={(e) => setAsOf((e.target as HTMLInputElement).value)}
        size={26}
        aria-describedby={issues.length ? 'build-as-of-errors' : undefined}
      />
      <button type="submit" disabled={busy}>
        Build
      </button>
      <FieldErrors id="build-as-of-errors" issues={issues} />
      {issues.length === 0 && <ErrorBanner error={error} />}
    </form>
  );
}
