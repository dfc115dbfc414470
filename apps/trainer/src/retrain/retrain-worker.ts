import type { Logger } from 'pino';
import type { TrainerRunLock, TrainerRunRepository } from '@hindsight/store';
import type { RetrainPipeline } from './retrain-pipeline';

export interface RetrainWorkerDependencies {
  readonly runs: TrainerRunRepository;
  readonly lock: TrainerRunLock;
  readonly pipeline: RetrainPipeline;
  /** Publishes every unpublished outbox row (all runs). */
  readonly publishAllPending: () => Promise<number>;
  /** Puts the events of runs and models recorded before they were projections into the outbox; once per process. */
  readonly announceHistory: () => Promise<number>;
  /**
   * Whether the trainer's consumer has read the retraining topic up to where it
   * ended when the trainer started. Until then a run that looks unfinished may
   * have finished later in the log (a database rebuilt from Kafka, a trainer
   * reading the topic again from the start): no run is started before.
   */
  readonly caughtUp: () => Promise<boolean>;
  readonly pollMs: number;
  readonly maxAttempts: number;
  readonly logger: Logger;
}

/**
 * Works through unfinished runs, oldest first, one at a time per process: takes
 * the run's advisory lock (skipping runs another trainer holds), counts the
 * attempt, and runs the pipeline from the run's state. At every pass it first
 * publishes outbox rows left unpublished (by a crash or a broker outage). Woken
 * by the consumer when a request is recorded; otherwise polls every `pollMs`.
 */
export class RetrainWorker {
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private passes = 0;
  private historyAnnounced = false;

  constructor(private readonly deps: RetrainWorkerDependencies) {}

  /** Completed passes (tests wait on it rather than on time). */
  get completedPasses(): number {
    return this.passes;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake();
  }

  /** Runs a pass now (or right after the one in flight). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .catch((error: unknown) =>
        this.deps.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'trainer pass failed; retrying on the next pass',
        ),
      )
      .finally(() => {
        this.running = undefined;
        this.passes += 1;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.timer = setTimeout(() => this.wake(), this.deps.pollMs);
      });
  }

  /** One pass: publish what is pending, then work on every unfinished run this process can lock. */
  async pass(): Promise<void> {
    if (!this.historyAnnounced) {
      const announced = await this.deps.announceHistory();
      if (announced > 0)
        this.deps.logger.info({ announced }, 'announced runs and models recorded before they were rebuilt from Kafka');
      this.historyAnnounced = true;
    }
    const published = await this.deps.publishAllPending();
    if (published > 0) this.deps.logger.info({ published }, 'published run events left unpublished');
    if (!(await this.deps.caughtUp())) {
      this.deps.logger.info('reading the retraining topic up to its end before starting runs');
      return;
    }
    for (const run of await this.deps.runs.listUnfinished(100)) {
      if (this.stopped) return;
      if (!(await this.deps.lock.tryLock(run))) continue;
      try {
        const current = await this.deps.runs.find(run);
        if (!current || current.state === 'completed' || current.state === 'failed') continue;
        const attempts = await this.deps.runs.countAttempt(run);
        if (attempts > this.deps.maxAttempts) {
          this.deps.logger.warn({ runId: run.runId, attempts }, 'too many attempts; failing the run');
          await this.deps.pipeline.giveUp(current, 'training', [
            { code: 'too-many-attempts', message: `gave up after ${attempts - 1} attempts at state ${current.state}` },
          ]);
          continue;
        }
        if (attempts > 1)
          this.deps.logger.info({ runId: run.runId, state: current.state, attempts }, 'resuming an unfinished run');
        const finished = await this.deps.pipeline.process(current);
        this.deps.logger.info({ runId: run.runId, state: finished.state }, 'retrain finished');
      } catch (error) {
        this.deps.logger.error(
          { runId: run.runId, err: error instanceof Error ? error.message : String(error) },
          'retrain attempt failed; it will be retried',
        );
      } finally {
        await this.deps.lock.unlock(run).catch((error: unknown) =>
          // Other trainers skip a run whose lock looks held; an operator must be able to see why.
          this.deps.logger.warn(
            { runId: run.runId, err: error instanceof Error ? error.message : String(error) },
            'could not release the run lock',
          ),
        );
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.deps.lock.close();
  }
}
