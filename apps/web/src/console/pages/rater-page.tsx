import { withQuery } from '../../shared/api';
import { DataTable } from '../data-table';
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
      <h1>
        Rater {raterId} as of {when(asOf)}
      </h1>
      <p>
        <a href={withQuery('/console/quality', { asOf })}>Back to quality</a>
      </p>
      <AsOfForm asOf={asOf} />
      <Status state={report} what="the quality report" />
      {report.data && !row && <p class="notice">This rater has no judgment in the report as of this time.</p>}
      {row && (
        <dl class="totals" aria-label="The rater in the quality report">
          <div>
            <dt>Flags</dt>
            <dd data-field="flags">{row.flags.length ? row.flags.join(', ') : 'none'}</dd>
          </div>
          <div>
            <dt>Judgments</dt>
            <dd>{row.comparisons}</dd>
          </div>
          <div>
            <dt>First-win rate</dt>
            <dd>
              {num(row.firstWinRate)} {row.firstWinCi ? `[${num(row.firstWinCi[0])}, ${num(row.firstWinCi[1])}]` : ''}
            </dd>
          </div>
          <div>
            <dt>Position q</dt>
            <dd>{num(row.positionQValue)}</dd>
          </div>
          <div>
            <dt>Longer-win rate</dt>
            <dd>{num(row.longerWinRate)}</dd>
          </div>
          <div>
            <dt>Length effect</dt>
            <dd>{num(row.lengthEffect)}</dd>
          </div>
          <div>
            <dt>Agreement</dt>
            <dd>{num(row.agreement)}</dd>
          </div>
          <div>
            <dt>Consensus weight</dt>
            <dd>{num(row.consensusWeight)}</dd>
          </div>
          <div>
            <dt>Group</dt>
            <dd>{row.group ?? '–'}</dd>
          </div>
        </dl>
      )}
      <h2>Judgments</h2>
      <Status state={judgments} what="the judgments" />
      {judgments.data && (
        <DataTable
          id="judgments"
          label="Judgments"
          caption={`${judgments.data.length} judgments recorded by this time (newest first, at most 500)`}
          rows={judgments.data}
          rowKey={(c) => c.annotationId}
          columns={[
            { header: 'Recorded', cell: (c) => when(c.recordedAt) },
            { header: 'Task', cell: (c) => c.taskId },
            { header: 'Type', cell: (c) => c.taskType },
            { header: 'Objective', cell: (c) => c.objective },
            { header: 'Shown', cell: shownText },
            { header: 'Chose', cell: (c) => `${choiceText(c)}${c.retractedAt ? ' (retracted)' : ''}` },
            { header: 'Prompt', cell: (c) => (c.erased ? '(erased)' : (c.prompt ?? '')), attrs: { class: 'clip' } },
          ]}
        />
      )}
    </>
  );
}
