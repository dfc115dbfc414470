import type { RetrainPolicyReason } from '@hindsight/contracts';
import { missedPeriods } from '../fire-times/missed-periods';
import type { RetrainPolicy } from '../policies/retrain-policy';

/** One retrain the scheduler should request now for a policy. */
export interface PlannedFire {
  readonly reason: RetrainPolicyReason;
  /** Unique per policy: the store refuses a second run with the same (policy, period). */
  readonly period: string;
  /** The dataset is built as of this instant: the scheduled fire time for clock fires, `now` for volume and drift. */
  readonly asOf: Date;
}

export interface PolicyState {
  /** The scheduled instant of the last clock fire recorded for the policy (cadence or catch-up). */
  readonly lastClockFire?: Date;
  /** The last run recorded for the policy, whatever its trigger. */
  readonly lastRun?: { readonly runId: string; readonly asOf: Date };
  /** New comparisons since the last run's asOf (or since the policy became active), if known. */
  readonly newComparisons?: number;
  /** The current drift, if known. */
  readonly drift?: number;
}

/**
 * What to fire for an active policy at `now`. Clock fires first: every fire time
 * in `(max(last clock fire, activeSince), now]`, reduced by the policy's catch-up
 * mode; a fire is `cadence` when it is the only period that passed and
 * `catch-up` when several did. Without a clock fire, the volume trigger
 * (`minNewComparisons`) and then the drift trigger (`driftThreshold`) may fire
 * once per run: their period is `volume:after:<last run id>` /
 * `drift:after:<last run id>` (`…:after:start` before the first run), so each
 * fires at most once until the next retrain resets the baseline. Pure.
 *
 * @example planFires(policy, { lastClockFire: new Date('2026-01-01T00:00:00Z') }, new Date('2026-04-01T00:00:05Z'))
 * // [{ reason: 'cadence', period: '2026-Q2', asOf: 2026-04-01T00:00:00.000Z }] for a quarterly UTC policy
 */
export function planFires(policy: RetrainPolicy, state: PolicyState, now: Date, limit = 100): PlannedFire[] {
  if (policy.status !== 'active') return [];
  const baseline =
    state.lastClockFire && state.lastClockFire > policy.activeSince ? state.lastClockFire : policy.activeSince;
  const missed = missedPeriods(policy.cadence, policy.timezone, baseline, now, policy.catchUp, limit);
  if (missed.due.length > 0) {
    const reason: RetrainPolicyReason = missed.missed > 1 ? 'catch-up' : 'cadence';
    return missed.due.map((d) => ({ reason, period: d.period, asOf: d.fireTime }));
  }
  const after = `after:${state.lastRun?.runId ?? 'start'}`;
  if (
    policy.minNewComparisons !== null &&
    state.newComparisons !== undefined &&
    state.newComparisons >= policy.minNewComparisons
  ) {
    return [{ reason: 'volume', period: `volume:${after}`, asOf: now }];
  }
  if (policy.driftThreshold !== null && state.drift !== undefined && state.drift >= policy.driftThreshold) {
    return [{ reason: 'drift', period: `drift:${after}`, asOf: now }];
  }
  return [];
}
