import * as Plot from '@observablehq/plot';
import { useState } from 'preact/hooks';
import { withQuery } from '../../shared/api';
import { ChartFigure } from '../chart-figure';
import { DataTable } from '../data-table';
import { num, pct, when } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';
import type { QualityReportJson } from '../view-models/api-types';
import { agreementSeries } from '../view-models/agreement-series';
import { flaggedRaters } from '../view-models/flagged-raters';
import { forestPlotRows } from '../view-models/forest-plot-rows';
import { lengthEffectView } from '../view-models/length-effect-rows';
import { reliabilityRows } from '../view-models/reliability-rows';
import { representationRows } from '../view-models/representation-rows';

const TARGET_KEY = 'hindsight.console.targetProfile';

/** `?asOf=` of the page, else now to the second. */
export function asOfOfPage(): string {
  const given = new URLSearchParams(location.search).get('asOf');
  return given ?? `${new Date().toISOString().slice(0, 19)}Z`;
}

/** The as-of picker every "as of T" page shares: a GET form, so T stays in the URL (and in bookmarks). */
export function AsOfForm({ asOf }: { asOf: string }) {
  return (
    <form class="as-of" method="get">
      <label for="as-of">As of (ISO-8601 instant, UTC)</label>
      <input
        id="as-of"
        name="asOf"
        defaultValue={asOf}
        size={26}
        pattern="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})"
      />
      <button type="submit">Show</button>
    </form>
  );
}

function readTarget(): unknown {
  try {
    const text = sessionStorage.getItem(TARGET_KEY);
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** Quality as of T: agreement over time, the position-bias forest plot, length effect, reliability, representation, flagged raters. */
export function QualityPage() {
  const asOf = asOfOfPage();
  const [target, setTarget] = useState<unknown>(readTarget());
  const report = useApi<QualityReportJson>(
    target === undefined ? withQuery('/v1/quality/report', { asOf }) : '/v1/quality/report',
    target === undefined ? undefined : { asOf, targetProfile: target },
  );
  return (
    <>
      <h1>Quality as of {when(asOf)}</h1>
      <AsOfForm asOf={asOf} />
      <Status state={report} what="the quality report" />
      {report.data && <QualityReportView report={report.data} asOf={asOf} />}
      <TargetProfileForm
        target={target}
        onChange={(t) => {
          if (t === undefined) sessionStorage.removeItem(TARGET_KEY);
          else sessionStorage.setItem(TARGET_KEY, JSON.stringify(t));
          setTarget(t);
        }}
      />
    </>
  );
}

function QualityReportView({ report, asOf }: { report: QualityReportJson; asOf: string }) {
  const flagged = flaggedRaters(report.raters);
  return (
    <>
      <dl class="totals" aria-label="Totals">
        <div>
          <dt>Comparisons</dt>
          <dd data-total="comparisons">{report.totals.comparisons}</dd>
        </div>
        <div>
          <dt>Raters</dt>
          <dd data-total="raters">{report.totals.raters}</dd>
        </div>
        <div>
          <dt>Tasks</dt>
          <dd data-total="tasks">{report.totals.tasks}</dd>
        </div>
        <div>
          <dt>Low-confidence</dt>
          <dd data-total="lowConfidence">{report.totals.lowConfidence}</dd>
        </div>
        <div>
          <dt>Flagged raters</dt>
          <dd data-total="flagged">{flagged.length}</dd>
        </div>
        <div>
          <dt>First-shown wins</dt>
          <dd>{pct(report.positionBias.overall.firstWinRate)}</dd>
        </div>
      </dl>
      <section aria-labelledby="flagged-h">
        <h2 id="flagged-h">Flagged raters</h2>
        <FlaggedTable flagged={flagged} asOf={asOf} />
      </section>
      <section aria-labelledby="agreement-h">
        <h2 id="agreement-h">Agreement by task type over time</h2>
        <AgreementChart report={report} />
      </section>
      <section aria-labelledby="forest-h">
        <h2 id="forest-h">Position bias: first-position win rate per rater</h2>
        <ForestPlot report={report} />
      </section>
      <section aria-labelledby="length-h">
        <h2 id="length-h">Length effect</h2>
        <LengthEffect report={report} />
      </section>
      <section aria-labelledby="reliability-h">
        <h2 id="reliability-h">Reliability</h2>
        <Reliability report={report} />
      </section>
      <section aria-labelledby="representation-h">
        <h2 id="representation-h">Representation against the target profile</h2>
        <Representation report={report} />
      </section>
    </>
  );
}

function FlaggedTable({ flagged, asOf }: { flagged: ReturnType<typeof flaggedRaters>; asOf: string }) {
  if (flagged.length === 0) return <p class="notice">No rater is flagged as of this time.</p>;
  return (
    <DataTable
      id="flagged-raters"
      label="Flagged raters"
      rows={flagged}
      rowKey={(r) => r.rater}
      rowAttrs={(r) => ({ 'data-rater': r.rater })}
      columns={[
        {
          header: 'Rater',
          rowHeader: true,
          cell: (r) => <a href={withQuery(`/console/raters/${encodeURIComponent(r.rater)}`, { asOf })}>{r.rater}</a>,
        },
        { header: 'Flags', cell: (r) => r.flags.join(', ') },
        { header: 'Judgments', cell: (r) => r.comparisons },
        { header: 'First-win rate', cell: (r) => num(r.firstWinRate) },
        { header: 'Length effect', cell: (r) => num(r.lengthEffect) },
        { header: 'Agreement', cell: (r) => num(r.agreement) },
      ]}
    />
  );
}

function AgreementChart({ report }: { report: QualityReportJson }) {
  const points = agreementSeries(report.agreementOverTime);
  const min = report.thresholds.minTaskTypeKappa;
  return (
    <>
      <ChartFigure
        id="agreement"
        title={`Fleiss' kappa per task type, per ${report.agreementOverTime.period} of the tasks' first judgment`}
        summary={`One line per task type; the dashed line is the ${min} threshold below which a rubric needs fixing.`}
        empty={points.length === 0 ? 'No task has two judgments yet.' : undefined}
        options={{
          height: 300,
          ariaLabel: 'Agreement by task type over time',
          y: { label: "Fleiss' kappa", domain: [Math.min(0, ...points.map((p) => p.kappa)), 1], grid: true },
          x: { label: report.agreementOverTime.period === 'week' ? 'week' : 'month', type: 'utc' },
          color: { legend: true, label: 'task type' },
          marks: [
            Plot.ruleY([min], { stroke: '#a4141b', strokeDasharray: '4 3' }),
            Plot.line(points, { x: 'start', y: 'kappa', stroke: 'taskType', marker: 'circle' }),
            Plot.tip(
              points,
              Plot.pointer({
                x: 'start',
                y: 'kappa',
                title: (p) => `${p.taskType}: κ ${num(p.kappa)} over ${p.tasks} tasks`,
              }),
            ),
          ],
        }}
      />
      <DataTable
        id="agreement"
        label="Agreement by task type"
        caption="Agreement by task type as of T"
        rows={report.agreementByTaskType}
        rowKey={(a) => a.taskType}
        columns={[
          { header: 'Task type', rowHeader: true, cell: (a) => a.taskType },
          { header: 'Tasks', cell: (a) => a.tasks },
          { header: 'Judgments', cell: (a) => a.judgments },
          { header: 'Percent agreement', cell: (a) => num(a.percentAgreement) },
          { header: "Fleiss' kappa", cell: (a) => num(a.kappa) },
          { header: 'Below threshold', cell: (a) => (a.lowAgreement ? 'yes' : 'no') },
        ]}
      />
    </>
  );
}

function ForestPlot({ report }: { report: QualityReportJson }) {
  const rows = forestPlotRows(report.raters);
  const t = report.thresholds.minFirstWinRate;
  return (
    <ChartFigure
      id="forest"
      title="First-position win rate with its 95 % Wilson interval, one row per rater"
      summary={`Dots are each rater's share of decided judgments won by the response shown first; bars their 95 % intervals. Red marks the raters flagged for position bias (significant after Benjamini–Hochberg and at least ${t} or at most ${num(1 - t, 1)}). The line at 0.5 is no bias.`}
      empty={rows.length === 0 ? 'No rater has a decided judgment.' : undefined}
      options={{
        height: Math.max(120, rows.length * 16 + 50),
        marginLeft: 110,
        ariaLabel: 'Forest plot of first-position win rates',
        x: { label: 'first-position win rate', domain: [0, 1], grid: true },
        y: { label: null, domain: rows.map((r) => r.rater) },
        color: { domain: ['position bias', 'no position-bias flag'], range: ['#c0392b', '#0b5cad'], legend: true },
        marks: [
          Plot.ruleX([0.5], { stroke: '#4f5862' }),
          Plot.ruleX([1 - t, t], { stroke: '#4f5862', strokeDasharray: '3 3' }),
          Plot.ruleY(rows, {
            y: 'rater',
            x1: 'lower',
            x2: 'upper',
            stroke: (r) => (r.flagged ? 'position bias' : 'no position-bias flag'),
            strokeOpacity: (r) => (r.insufficient ? 0.35 : 1),
          }),
          Plot.dot(rows, {
            x: 'rate',
            y: 'rater',
            fill: (r) => (r.flagged ? 'position bias' : 'no position-bias flag'),
            r: 3.5,
          }),
          Plot.tip(
            rows,
            Plot.pointerY({
              x: 'rate',
              y: 'rater',
              title: (r) => `${r.rater}: ${num(r.rate)} [${num(r.lower)}, ${num(r.upper)}] over ${r.decided}`,
            }),
          ),
        ],
      }}
    />
  );
}

function LengthEffect({ report }: { report: QualityReportJson }) {
  const view = lengthEffectView(report);
  return (
    <>
      <ChartFigure
        id="length-objective"
        title="Longer response's win rate per objective, with 95 % interval"
        summary={`How often the clearly longer response wins, per objective; the dashed line is the median rater's rate (${num(view.baseline)}).`}
        empty={
          view.byObjective.length === 0 ? 'No judgment compared responses of clearly different length.' : undefined
        }
        options={{
          height: Math.max(100, view.byObjective.length * 28 + 50),
          marginLeft: 110,
          ariaLabel: 'Length effect per objective',
          x: { label: 'longer-wins rate', domain: [0, 1], grid: true },
          y: { label: null },
          marks: [
            Plot.ruleX([view.baseline], { stroke: '#4f5862', strokeDasharray: '4 3' }),
            Plot.ruleY(view.byObjective, {
              y: 'objective',
              x1: 'lower',
              x2: 'upper',
              stroke: '#0b5cad',
              strokeWidth: 2,
            }),
            Plot.dot(view.byObjective, {
              x: 'rate',
              y: 'objective',
              fill: (r) => (r.flagged ? '#c0392b' : '#0b5cad'),
              r: 4,
            }),
          ],
        }}
      />
      <ChartFigure
        id="length-rater"
        title="Length effect per rater (how much more than the consensus the rater picks the longer response)"
        summary="Bars right of zero favour longer responses; red bars are raters flagged for length bias."
        empty={view.byRater.length === 0 ? 'No rater has enough judgments with a consensus.' : undefined}
        options={{
          height: Math.max(120, view.byRater.length * 14 + 50),
          marginLeft: 110,
          ariaLabel: 'Length effect per rater',
          x: { label: 'length effect', grid: true },
          y: { label: null, domain: view.byRater.map((r) => r.rater) },
          marks: [
            Plot.barX(view.byRater, { x: 'effect', y: 'rater', fill: (r) => (r.flagged ? '#c0392b' : '#0b5cad') }),
            Plot.ruleX([0]),
          ],
        }}
      />
    </>
  );
}

function Reliability({ report }: { report: QualityReportJson }) {
  const rows = reliabilityRows(report.raters);
  return (
    <ChartFigure
      id="reliability"
      title="Agreement with the consensus against consensus weight, one dot per rater"
      summary="Reliable raters sit top right. Red dots are raters flagged as spammers or for low agreement; their weight in the consensus is near zero."
      empty={rows.length === 0 ? 'No rater shares a task with others yet.' : undefined}
      options={{
        height: 280,
        ariaLabel: 'Rater reliability',
        x: { label: 'agreement with the consensus', domain: [0, 1], grid: true },
        y: { label: 'consensus weight', grid: true },
        marks: [
          Plot.dot(rows, {
            x: 'agreement',
            y: 'weight',
            r: (r) => Math.sqrt(r.comparisons),
            fill: (r) => (r.flagged ? '#c0392b' : '#0b5cad'),
            fillOpacity: 0.7,
          }),
          Plot.tip(
            rows,
            Plot.pointer({
              x: 'agreement',
              y: 'weight',
              title: (r) =>
                `${r.rater}: agreement ${num(r.agreement)}, weight ${num(r.weight)}, ${r.comparisons} judgments`,
            }),
          ),
        ],
      }}
    />
  );
}

function Representation({ report }: { report: QualityReportJson }) {
  const rows = representationRows(report.representation.coverage.rows);
  const targeted = rows.filter((r) => r.target !== null);
  return (
    <>
      <ChartFigure
        id="representation"
        title="Share of raters per expertise, language and region; ticks mark the target share"
        summary={
          targeted.length > 0
            ? 'Bars are the actual shares of raters; black ticks the target shares. Red bars are under-represented.'
            : 'Bars are the actual shares of raters. No target profile is set: enter one below to compare.'
        }
        empty={rows.length === 0 ? 'No rater profile is recorded.' : undefined}
        options={{
          height: Math.max(140, rows.length * 18 + 50),
          marginLeft: 140,
          ariaLabel: 'Representation against the target profile',
          x: { label: 'share of raters', domain: [0, 1], grid: true },
          y: { label: null, domain: rows.map((r) => r.label) },
          marks: [
            Plot.barX(rows, {
              x: 'actual',
              y: 'label',
              fill: (r) => (r.status === 'under' ? '#c0392b' : r.status === 'over' ? '#d68910' : '#0b5cad'),
            }),
            Plot.tickX(targeted, { x: 'target', y: 'label', stroke: '#1b1f24', strokeWidth: 3 }),
          ],
        }}
      />
      {report.representation.groupsInConflict.length > 0 && (
        <p>
          Groups that disagree with the rest on contested tasks:{' '}
          {report.representation.groupsInConflict.map((g) => `${g.group} (${g.tasks} tasks)`).join(', ')}.
        </p>
      )}
    </>
  );
}

function TargetProfileForm({ target, onChange }: { target: unknown; onChange: (t: unknown) => void }) {
  const [text, setText] = useState(target === undefined ? '' : JSON.stringify(target, null, 2));
  const [error, setError] = useState<string | undefined>();
  return (
    <section aria-labelledby="target-h">
      <h2 id="target-h">Target profile</h2>
      <form
        class="target-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() === '') {
            setError(undefined);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(text));
            setError(undefined);
          } catch (err) {
            setError(`not JSON: ${(err as Error).message}`);
          }
        }}
      >
        <label for="target">
          Target shares as JSON, e.g. {'{"expertise": {"novice": 0.4, "expert": 0.6}, "region": {"150": 0.3}}'}; empty
          for none
        </label>
        <textarea
          id="target"
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          aria-describedby={error ? 'target-error' : undefined}
          rows={4}
        />
        {error && (
          <p id="target-error" class="field-errors" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit">Measure against this target</button>
        </div>
      </form>
    </section>
  );
}
