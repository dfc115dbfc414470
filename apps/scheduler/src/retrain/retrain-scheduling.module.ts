import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { createEventPublisher, EventPublisher } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG, ServiceMetrics } from '@hindsight/runtime';
import { RefreshedDriftSignal } from '@hindsight/scheduling';
import {
  PromptDriftSourceRepository,
  RetrainComparisonCounter,
  RetrainLeaderLock,
  RetrainPolicyRepository,
  RetrainRequestRepository,
} from '@hindsight/store';
import { Clock } from '@hindsight/contracts';
import { ShiftedClock, SystemClock } from '@hindsight/runtime';
import { PROMPT_DRIFT_SAMPLING, PromptDriftSignal } from './prompt-drift-signal';
import { schedulerMetrics } from './scheduler-metrics';
import { RetrainScheduler } from './retrain-scheduler';
import { loadSchedulerSettings, type SchedulerSettings } from './scheduler-settings';

export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');

export interface RetrainSchedulingOptions {
  /** Defaults to the system clock (shifted to SCHEDULER_CLOCK_START when set); tests pass a ManualClock. */
  readonly clock?: Clock;
  /** Defaults to SCHEDULER_TICK_MS from the environment. */
  readonly settings?: SchedulerSettings;
}

/** Starts the tick loop with the application and stops it (releasing the lead, flushing the producer) on shutdown. */
class SchedulerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RetrainScheduler) private readonly scheduler: RetrainScheduler,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.start(this.settings.tickMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.publisher.close();
  }
}

/** Retrain policies → `retrain.requested`, once per policy and period. */
@Module({})
export class RetrainSchedulingModule {
  static register(options: RetrainSchedulingOptions = {}): DynamicModule {
    return {
      module: RetrainSchedulingModule,
      providers: [
        { provide: SCHEDULER_SETTINGS, useValue: options.settings ?? loadSchedulerSettings() },
        {
          provide: Clock,
          useFactory: (settings: SchedulerSettings, logger: Logger) => {
            if (options.clock) return options.clock;
            if (!settings.clockStart) return new SystemClock();
            // Loud on purpose: a shifted clock in production would fire every policy at the wrong time.
            logger.warn(
              { clockStart: settings.clockStart.toISOString() },
              'SCHEDULER_CLOCK_START is set: the scheduler clock is not the system time',
            );
            return new ShiftedClock(settings.clockStart);
          },
          inject: [SCHEDULER_SETTINGS, LOGGER],
        },
        {
          provide: EventPublisher,
          useFactory: (config: PlatformConfig, logger: Logger, metrics: ServiceMetrics) =>
            createEventPublisher(config.kafka, 'scheduler', logger, { lingerMs: 1, onSend: metrics.observeSend }),
          inject: [PLATFORM_CONFIG, LOGGER, ServiceMetrics],
        },
        {
          provide: RetrainScheduler,
          useFactory: (
            ds: DataSource,
            config: PlatformConfig,
            logger: Logger,
            publisher: EventPublisher,
            clock: Clock,
            settings: SchedulerSettings,
            metrics: ServiceMetrics,
          ) =>
            new RetrainScheduler({
              policies: new RetrainPolicyRepository(ds),
              requests: new RetrainRequestRepository(ds),
              leadership: new RetrainLeaderLock(ds, `hindsight-scheduler:${config.database.schema}`),
              publisher,
              clock,
              comparisons: new RetrainComparisonCounter(ds),
              drift: new RefreshedDriftSignal(
                new PromptDriftSignal(new PromptDriftSourceRepository(ds), {
                  ...PROMPT_DRIFT_SAMPLING,
                  windowMs: settings.driftWindowMs,
                }),
                settings.driftRefreshMs,
              ),
              topicPrefix: config.kafka.topicPrefix,
              logger,
              observer: schedulerMetrics(metrics),
            }),
          inject: [DataSource, PLATFORM_CONFIG, LOGGER, EventPublisher, Clock, SCHEDULER_SETTINGS, ServiceMetrics],
        },
        SchedulerLifecycle,
      ],
      exports: [RetrainScheduler],
    };
  }
}
