import * as Plot from '@observablehq/plot';
import { ChartFigure } from '../chart-figure';
import { DataTable } from '../data-table';
import { num } from '../format';
import { Status } from '../status';
import { useApi } from '../use-api';
import type { RunViewJson } from '../view-models/api-types';
import { rewardHackingView } from '../view-models/reward-hacking-view';
import { runStageTimeline } from '../view-models/run-stage-timeline';
import { failureText } from './runs-page';

interface GateReport {
  readonly passed?: boolean;
  readonly reasons?: { readonly code: string; readonly message: string }[];
  readonly pooledKappa?: number | null;
  readonly byObjective?: Record<
    string,
    { pairs: number; comparisons: number; flaggedComparisons: number; flaggedShare: number | null }
  >;
  readonly thresholds?: { minPairs: number; maxFlaggedShare: number; minAgreement: number };
}

/** One run: the trainer's stage timeline, gate report and failure, and the reward-hacking monitor's curves and flags. */
export function RunPage({ runId }: { runId: string }) {
  const run = useApi<RunViewJson>(`/v1/runs/${encodeURIComponent(runId)}`);
  return (
    <>
      <h1>Run {runId}</h1>
      <p>
        <a href="/console/runs">All runs</a>
      </p>
      <Status state={run} what="the run" />
      {run.data && <RunView run={run.data} />}
    </>
  );
}

function RunView({ run }: { run: RunViewJson }) {
  const state = run.trainer?.state ?? run.status;
  const stages = runStageTimeline(state, run.trainer?.failure ?? null);
  const gate = (run.trainer?.gateReport ?? null) as GateReport | null;
  const failure = failureText(run.trainer?.failure);
  return (
    <>
      {(run.trainer || run.status) && (
        <section aria-labelledby="stages-h">
          <h2 id="stages-h">Stages</h2>
          <ol class="timeline" data-table="stages">
            {stages.map((s) => (
              <li key={s.stage} data-status={s.status}>
                <span class="stage-status">{s.status}</span> {s.label}
              </li>
            ))}
          </ol>
          {failure && (
            <p class="error-banner" data-field="failure">
              Failed: {failure}
            </p>
          )}
        </section>
      )}
      {gate && (
        <section aria-labelledby="gate-h">
          <h2 id="gate-h">Quality gates: {gate.passed ? 'passed' : 'failed'}</h2>
          {gate.reasons && gate.reasons.length > 0 && (
            <ul>
              {gate.reasons.map((r) => (
                <li key={r.code + r.message}>
                  <code>{r.code}</code>: {r.message}
                </li>
              ))}
            </ul>
          )}
          <p>
            Pooled Fleiss' kappa: {num(gate.pooledKappa ?? null)} (minimum {gate.thresholds?.minAgreement ?? '–'})
          </p>
          <DataTable
            id="gate"
            label="Quality gates by objective"
            rows={Object.entries(gate.byObjective ?? {})}
            rowKey={([objective]) => objective}
            columns={[
              { header: 'Objective', rowHeader: true, cell: ([objective]) => objective },
              { header: 'Pairs', cell: ([, o]) => o.pairs },
              { header: 'Comparisons', cell: ([, o]) => o.comparisons },
              { header: 'From flagged raters', cell: ([, o]) => o.flaggedComparisons },
              { header: 'Flagged share', cell: ([, o]) => num(o.flaggedShare) },
            ]}
          />
        </section>
      )}
      <RewardHacking run={run} />
    </>
  );
}

/** Mean reward against human win rate, KL against the budget, and the monitor's flags. */
export function RewardHacking({ run }: { run: RunViewJson }) {
  const view = rewardHackingView(run);
  if (view.reward.length === 0 && view.humanWinRate.length === 0)
    return <p class="notice">This run reported no training metrics or human evaluations.</p>;
  return (
    <section aria-labelledby="hacking-h">
      <h2 id="hacking-h">
        Reward hacking: {view.status}
        {view.flags.length ? ` (${view.flags.join(', ')})` : ''}
      </h2>
      {view.reasons.length > 0 && (
        <ul data-field="reasons">
          {view.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <div class="chart-row">
        <ChartFigure
          id="reward"
          title="Mean reward per step"
          summary={`The policy's reward from its reward model.${view.window ? ` The trend test looked at steps ${view.window.fromStep}–${view.window.toStep} (shaded).` : ''}`}
          empty={view.reward.length === 0 ? 'No reward reported.' : undefined}
          options={{
            height: 240,
            ariaLabel: 'Mean reward per step',
            x: { label: 'step' },
            y: { label: 'mean reward', grid: true },
            marks: [
              ...(view.window ? [Plot.rectX([view.window], { x1: 'fromStep', x2: 'toStep', fill: '#e8eef5' })] : []),
              Plot.line(view.reward, { x: 'step', y: 'meanReward', stroke: '#0b5cad' }),
              Plot.dot(view.reward, { x: 'step', y: 'meanReward', fill: '#0b5cad', r: 2.5 }),
            ],
          }}
        />
        <ChartFigure
          id="human-win-rate"
          title="Human win rate per step"
          summary="Held-out human evaluations against the baseline; 0.5 (dashed) is as good as the baseline."
          empty={view.humanWinRate.length === 0 ? 'No human evaluation reported.' : undefined}
          options={{
            height: 240,
            ariaLabel: 'Human win rate per step',
            x: { label: 'step' },
            y: { label: 'human win rate', domain: [0, 1], grid: true },
            marks: [
              Plot.ruleY([0.5], { strokeDasharray: '4 3' }),
              Plot.line(view.humanWinRate, { x: 'step', y: 'winRate', stroke: '#1a6b33' }),
              Plot.dot(view.humanWinRate, { x: 'step', y: 'winRate', fill: '#1a6b33', r: 3 }),
            ],
          }}
        />
      </div>
      <ChartFigure
        id="kl"
        title={`KL to the reference model per step${view.klBudget !== null ? `, budget ${view.klBudget} nats` : ' (no budget set)'}`}
        summary="Red points are above the run's KL budget (the red line)."
        empty={view.kl.length === 0 ? 'No KL reported.' : undefined}
        options={{
          height: 220,
          ariaLabel: 'KL against budget',
          x: { label: 'step' },
          y: { label: 'KL (nats)', grid: true },
          marks: [
            ...(view.klBudget !== null
              ? [Plot.ruleY([view.klBudget], { stroke: '#a4141b', strokeDasharray: '4 3' })]
              : []),
            Plot.line(view.kl, { x: 'step', y: 'kl', stroke: '#4f5862' }),
            Plot.dot(view.kl, { x: 'step', y: 'kl', fill: (p) => (p.overBudget ? '#c0392b' : '#4f5862'), r: 2.5 }),
          ],
        }}
      />
    </section>
  );
}
