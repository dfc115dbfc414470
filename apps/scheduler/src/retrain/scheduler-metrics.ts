import { LATENCY_BUCKETS, type ServiceMetrics } from '@hindsight/runtime';
import type { SchedulerObserver } from './retrain-scheduler';

/** The scheduler's metrics: tick durations by outcome, retrains requested by reason, policies that failed. */
export function schedulerMetrics(metrics: ServiceMetrics): SchedulerObserver {
  const tickSeconds = metrics.histogram({
    name: 'hindsight_scheduler_tick_duration_seconds',
    help: 'Time of one scheduler tick by outcome: led (evaluated the policies), followed (another replica leads), error',
    labelNames: ['outcome'],
    buckets: [...LATENCY_BUCKETS],
  });
  const requested = metrics.counter({
    name: 'hindsight_scheduler_retrains_requested_total',
    help: 'retrain.requested recorded and published by this scheduler, by reason: cadence, catch-up, volume, drift',
    labelNames: ['reason'],
  });
  const failed = metrics.counter({
    name: 'hindsight_scheduler_policy_errors_total',
    help: 'Policies that could not be evaluated or fired in a tick (retried on the next)',
  });
  return {
    tick: (seconds, outcome) => tickSeconds.observe({ outcome }, seconds),
    requested: (reason) => requested.inc({ reason }),
    policyFailed: () => failed.inc(),
  };
}
