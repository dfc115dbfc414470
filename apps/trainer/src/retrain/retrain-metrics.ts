import type { ServiceMetrics } from '@hindsight/runtime';
import type { RetrainObserver } from './retrain-pipeline';

/** Seconds: a stage takes from milliseconds (publish) to an hour (a large training). */
const STAGE_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600];

/** The trainer's retrain metrics: each stage's duration by outcome, and how runs end. */
export function retrainMetrics(metrics: ServiceMetrics): RetrainObserver {
  const stageSeconds = metrics.histogram({
    name: 'hindsight_retrain_stage_duration_seconds',
    help: 'Time of one retrain stage (dataset, quality-gate, training, publish) by outcome: done, failed (the run failed there), error (transient, retried)',
    labelNames: ['stage', 'outcome'],
    buckets: STAGE_BUCKETS,
  });
  const runs = metrics.counter({
    name: 'hindsight_retrain_runs_total',
    help: 'Retrain runs this trainer finished, by outcome: completed or failed',
    labelNames: ['outcome'],
  });
  return {
    stage: (stage, seconds, outcome) => stageSeconds.observe({ stage, outcome }, seconds),
    finished: (outcome) => runs.inc({ outcome }),
  };
}
