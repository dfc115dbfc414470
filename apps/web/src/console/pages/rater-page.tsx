import { withQuery } from '../../shared/api';
import { num, when } from '../format';
import { Status } from '../status';
import { useAllPages, useApi } from '../use-api';
import type { ComparisonJson, QualityReportJson } from '../view-models/api-types';
import { AsOfForm, asOfOfPage } from './quality-page';

function choiceText(c: ComparisonJson): string {
  const choice = c.choice as { kind?: string; responseId?: string } | null;
  if (!choice) return '–';
  return choice.kind === 'tie' ? 'tie' : (choice.responseId ?? '–');
}

function shownText(c: ComparisonJson): string {
  return Array.isArray(c.shownOrder) ? (c.shownOrder as string[]).join(' then ') : '–';
}

/** One rater as of T: the report's row for them and their judgments recorded by T (the drill-down from a flag). */
export function RaterPage({ raterId }: { raterId: string }) {
  const asOf = asOfOfPage();
  const report = useApi<QualityReportJson>(withQuery('/v1/quality/report', { asOf }));
  const judgments = useAllPages<ComparisonJson>(withQuery('/v1/comparisons', { rater: raterId, to: asOf }), 500);
  const row = report.data?.raters.find((r) => r.rater === raterId);
  return (
    <>
      <h1>Rater {raterId} as of {when(asOf)}</h1>
      <p><a href={withQuery('/console/quality', { asOf })}>Back to quality</a></p>
      <AsOfForm asOf={asOf} />
      <Status state={report} what="the quality report" />
      {report.data && !row && <p class="notice">This rater has no judgment in the report as of this time.</p>}
      {row && (
        <dl class="totals" aria-label="The rater in the quality report">
          <div><dt>Flags</dt><dd data-field="flags">{row.flags.length ? row.flags.join(', ') : 'none'}</dd></div>
          <div><dt>Judgments</dt><dd>{row.comparisons}</dd></div>
          <div><dt>First-win rate</dt><dd>{num(row.firstWinRate)} {row.firstWinCi ? `[${num(row.firstWinCi[0])}, ${num(row.firstWinCi[1])}]` : ''}</dd></div>
          <div><dt>Position q</dt><dd>{num(row.positionQValue)}</dd></div>
          <div><dt>Longer-win rate</dt><dd>{num(row.longerWinRate)}</dd></div>
          <div><dt>Length effect</dt><dd>{num(row.lengthEffect)}</dd></div>
          <div><dt>Agreement</dt><dd>{num(row.agreement)}</dd></div>
          <div><dt>Consensus weight</dt><dd>{num(row.consensusWeight)}</dd></div>
          <div><dt>Group</dt><dd>{row.group ?? '–'}</dd></div>
        </dl>
      )}
      <h2>Judgments</h2>
      <Status state={judgments} what="the judgments" />
      {judgments.data && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
          <table data-table="judgments">
            <caption>{judgments.data.length} judgments recorded by this time (newest first, at most 500)</caption>
            <thead>
              <tr><th scope="col">Recorded</th><th scope="col">Task</th><th scope="col">Type</th><th scope="col">Objective</th><th scope="col">Shown</th><th scope="col">Chose</th><th scope="col">Prompt</th></tr>
            </thead>
            <tbody>
              {judgments.data.map((c) => (
                <tr key={c.annotationId}>
                  <td>{when(c.recordedAt)}</td>
                  <td>{c.taskId}</td>
                  <td>{c.taskType}</td>
                  <td>{c.objective}</td>
                  <td>{shownText(c)}</td>
                  <td>{choiceText(c)}{c.retractedAt ? ' (retracted)' : ''}</td>
                  <td class="clip">{c.erased ? '(erased)' : (c.prompt ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
