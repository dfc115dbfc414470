import type { EvalHumanReported, TrainingMetricsReported } from '@hindsight/contracts';
import type { RunMetricRow } from '../change-set';

/** The events that report a run's metrics at a step. */
export type RunMetricEvent = TrainingMetricsReported | EvalHumanReported;

/**
 * The `run_metrics` row of one metrics report (pure): the run and step it is
 * about, whether the trainer (`training`) or human raters (`human-eval`)
 * measured it, and every other field of the event as the metrics.
 *
 * @example runMetricOf(evalHumanReported) // { runId: 'run-ppo-17', kind: 'human-eval', step: 1000, metrics: { winRate: 0.58, n: 400, … }, … }
 */
export function runMetricOf(event: RunMetricEvent): RunMetricRow {
  const { runId, step, ...metrics } = event.data;
  return {
    tenant: event.tenant,
    recordedAt: event.recordedAt,
    eventId: event.id,
    runId,
    kind: event.type === 'training.metrics.reported' ? 'training' : 'human-eval',
    step,
    metrics,
  };
}
