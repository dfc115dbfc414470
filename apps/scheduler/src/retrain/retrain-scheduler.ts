import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { formatUuidV7 } from '@hindsight/contracts';
import {
  driftMeasuredEvent,
  driftMessage,
  planFires,
  policyDrift,
  retrainMessage,
  requestRetrain,
  type DriftSignal,
  type NewComparisonCounter,
  type ObjectiveDriftReading,
  type PlannedFire,
  type RetrainPolicy,
} from '@hindsight/scheduling';
import type { RetrainPolicyRepository, RetrainRequestRepository, RetrainRequestRow } from '@hindsight/store';
import type { Clock } from '@hindsight/contracts';

/** Who leads. `RetrainLeaderLock` (a PostgreSQL advisory lock) in production. */
export interface Leadership {
  /** Takes or keeps the lead; true while this process leads. */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** Why the last tryAcquire could not even ask (the database unreachable, a failing query); undefined when it could. */
  readonly lastError?: Error;
}

/** Publishes messages and resolves when the broker acknowledged them (`EventPublisher`). */
export interface MessagePublisher {
  publish(
    messages: readonly { topic: string; key: string; value: string; headers: Readonly<Record<string, string>> }[],
  ): Promise<void>;
}

export interface RetrainSchedulerDependencies {
  readonly policies: Pick<RetrainPolicyRepository, 'listActive'>;
  readonly requests: RetrainRequestRepository;
  readonly leadership: Leadership;
  readonly publisher: MessagePublisher;
  readonly clock: Clock;
  readonly comparisons: NewComparisonCounter;
  readonly drift: DriftSignal;
  readonly topicPrefix: string;
  readonly logger: Logger;
  /** Told how each tick went (metrics); nothing when not given. */
  readonly observer?: SchedulerObserver;
}

/** What the scheduler tells its metrics. */
export interface SchedulerObserver {
  /** One tick: its seconds, and whether it led (and so evaluated the policies), followed, or failed. */
  tick(seconds: number, outcome: 'led' | 'followed' | 'error'): void;
  /** A retrain requested (recorded and published) for this reason: cadence, catch-up, volume or drift. */
  requested(reason: string): void;
  /** A policy that could not be evaluated or fired in a tick. */
  policyFailed(): void;
}

export interface TickReport {
  readonly leading: boolean;
  /** Requests recorded and published by this tick. */
  readonly fired: number;
  /** Requests left unpublished by an earlier crash or outage, published now. */
  readonly republished: number;
}

/** Fires found due in one pass are capped per policy; the rest follow on the next tick. */
const MAX_FIRES_PER_POLICY_PER_TICK = 100;

/**
 * Turns retrain policies into `retrain.requested`, exactly once per policy and
 * period, with any number of replicas:
 *
 * 1. only the leader fires (a PostgreSQL advisory lock on a dedicated
 *    connection, checked at every tick; a replica that loses it stops firing);
 * 2. each fire is first recorded in `retrain_requests`, whose unique
 *    (policy, period) refuses a second record even if two processes both
 *    believed they led; only the process whose insert committed publishes;
 * 3. the record holds the sealed event, so a request whose publish was cut short
 *    is republished on the next tick with the same event and run id.
 *
 * After downtime the missed periods are fired by each policy's catch-up mode.
 */
export class RetrainScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private completedTicks = 0;
  private leading = false;
  private reportedLeadError: string | undefined;
  /** The last drift measures recorded per policy, baseline, objective and surface: a reading is recorded when they change (or it fires a retrain). */
  private readonly recordedDrift = new Map<string, string>();

  constructor(private readonly deps: RetrainSchedulerDependencies) {}

  /** How many ticks have completed (tests wait on it instead of on time). */
  get ticks(): number {
    return this.completedTicks;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** One evaluation: take or keep the lead, republish what is pending, fire what is due. */
  async tick(): Promise<TickReport> {
    const started = performance.now();
    let outcome: 'led' | 'followed' | 'error' = 'error';
    try {
      const leading = await this.deps.leadership.tryAcquire();
      if (leading !== this.leading)
        this.deps.logger.info({ leading }, leading ? 'took the scheduler lead' : 'not leading the scheduler');
      // A lock that cannot be asked for means no replica fires any policy: say so (once per distinct reason).
      const leadError = this.deps.leadership.lastError?.message;
      if (leadError !== undefined && leadError !== this.reportedLeadError)
        this.deps.logger.warn({ err: leadError }, 'could not ask for the scheduler lead; no policy fires until it can');
      this.reportedLeadError = leadError;
      this.leading = leading;
      if (!leading) {
        outcome = 'followed';
        return { leading, fired: 0, republished: 0 };
      }
      let republished = 0;
      for (let n; (n = await this.deps.requests.publishPending(100, (rows) => this.publishRows(rows))) > 0;)
        republished += n;
      if (republished > 0) this.deps.logger.info({ republished }, 'published requests left unpublished');
      let fired = 0;
      for (const policy of await this.deps.policies.listActive()) {
        try {
          fired += await this.firePolicy(policy);
        } catch (error) {
          this.deps.observer?.policyFailed();
          // One policy's failure (or a publish that timed out; its record is republished next tick) does not hold up the others.
          this.deps.logger.error(
            { policyId: policy.id, tenant: policy.tenant, err: error instanceof Error ? error.message : String(error) },
            'could not fire a retrain policy',
          );
        }
      }
      outcome = 'led';
      return { leading, fired, republished };
    } finally {
      this.completedTicks += 1;
      this.deps.observer?.tick((performance.now() - started) / 1000, outcome);
    }
  }

  private async firePolicy(policy: RetrainPolicy): Promise<number> {
    const now = this.deps.clock.now();
    const history = await this.deps.requests.history(policy.tenant, policy.id);
    const since = history.lastRun?.asOf ?? policy.activeSince;
    const newComparisons =
      policy.minNewComparisons === null
        ? undefined
        : await this.deps.comparisons.countSince(policy.tenant, policy.objectives, since);
    const readings =
      policy.driftThreshold === null
        ? []
        : await this.deps.drift.readingsOf(policy.tenant, policy.objectives, since, now);
    // Only the policy's own objectives' drift can fire it.
    const drift = policyDrift(readings, policy.objectives);
    const plan = planFires(
      policy,
      { ...history, newComparisons, drift: drift?.value },
      now,
      MAX_FIRES_PER_POLICY_PER_TICK,
    );
    let fired = 0;
    let driftRun: string | undefined;
    for (const fire of plan) {
      const runId = await this.fire(policy, fire, now);
      if (runId === undefined) continue;
      fired += 1;
      if (fire.reason === 'drift') driftRun = runId;
    }
    for (const reading of readings) {
      // The run goes on the one reading behind it: the objective whose whole-traffic drift fired.
      const firedBy = driftRun !== undefined && reading.surface === null && reading.objective === drift?.objective;
      await this.recordDrift(policy, since, reading, firedBy ? driftRun : undefined, now);
    }
    return fired;
  }

  /**
   * Publishes `drift.measured` for one objective's (and surface's) reading when its
   * measures changed since the last one recorded for the same policy and baseline, or
   * when it fired a drift retrain (with the run id: the value behind that run). A
   * failure is logged and does not hold up the policy.
   */
  private async recordDrift(
    policy: RetrainPolicy,
    since: Date,
    reading: ObjectiveDriftReading,
    runId: string | undefined,
    now: Date,
  ): Promise<void> {
    const key = `${policy.id}\u0000${since.toISOString()}\u0000${reading.objective}\u0000${reading.surface ?? ''}`;
    const measures = `${reading.words} ${reading.length} ${reading.localeMix}`;
    if (runId === undefined && this.recordedDrift.get(key) === measures) return;
    try {
      const event = driftMeasuredEvent({
        eventId: formatUuidV7(now.getTime(), randomBytes(10)),
        tenant: policy.tenant,
        policyId: policy.id,
        objectives: policy.objectives,
        since,
        value: reading.words,
        threshold: policy.driftThreshold,
        runId,
        measuredAt: now,
        of: {
          objective: reading.objective,
          surface: reading.surface,
          windowFrom: reading.windowFrom,
          lengthDrift: reading.length,
          localeMixDrift: reading.localeMix,
          samples: { trainedOn: reading.trainedOn, deployed: reading.deployed },
        },
      });
      await this.deps.publisher.publish([driftMessage(event, this.deps.topicPrefix)]);
      if (this.recordedDrift.size >= 10_000) this.recordedDrift.clear();
      this.recordedDrift.set(key, measures);
    } catch (error) {
      this.deps.logger.warn(
        { policyId: policy.id, tenant: policy.tenant, err: error instanceof Error ? error.message : String(error) },
        'could not record a drift reading',
      );
    }
  }

  /** Records, then publishes; the run id, or undefined when the period was already recorded (by us earlier or by another replica). */
  private async fire(policy: RetrainPolicy, fire: PlannedFire, now: Date): Promise<string | undefined> {
    const ids = {
      runId: formatUuidV7(now.getTime(), randomBytes(10)),
      eventId: formatUuidV7(now.getTime(), randomBytes(10)),
    };
    const { record } = requestRetrain(policy, { kind: 'fire', fire }, { source: 'scheduler', now, ...ids });
    const { runId } = record;
    const recorded = await this.deps.requests.record(record);
    if (!recorded) return undefined;
    await this.deps.requests.publishRecorded(policy.tenant, runId, (rows) => this.publishRows(rows));
    this.deps.logger.info(
      { policyId: policy.id, tenant: policy.tenant, period: fire.period, reason: fire.reason, runId },
      'requested a retrain',
    );
    this.deps.observer?.requested(fire.reason);
    return runId;
  }

  private publishRows(rows: readonly RetrainRequestRow[]): Promise<void> {
    return this.deps.publisher.publish(rows.map((r) => retrainMessage(r.eventJson, this.deps.topicPrefix)));
  }

  /** Ticks every `tickMs` until stopped; a failed tick is logged and the next one tries again. */
  start(tickMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().catch((error: unknown) => {
        this.deps.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'scheduler tick failed; retrying on the next tick',
        );
      });
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), tickMs);
    };
    void loop();
  }

  /** Stops ticking, waits for the tick in flight, and gives up the lead. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.leading = false;
    await this.deps.leadership.release();
  }
}
