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
import { Clock, topicName, TOPICS } from '@hindsight/contracts';
import { BatchConsumer, createEventPublisher, createKafka, EventPublisher, topicOffsetRanges } from '@hindsight/kafka';
import { codeVersion, LOGGER, PLATFORM_CONFIG, restartOnFatal, ServiceMetrics, SystemClock } from '@hindsight/runtime';
import {
  ModelOutcomeSourceRepository,
  BlendWeightsRepository,
  ModelRegistryRepository,
  RetrainPolicyRepository,
  RetrainRequestRepository,
  TrainerRunLock,
  TrainerRunRepository,
} from '@hindsight/store';
import { runEventMessage } from '@hindsight/training';
import { loadTrainerSettings, type TrainerSettings } from '../trainer-settings';
import { announceHistory } from './announce-history';
import { caughtUpCheck } from './caught-up';
import { recordRequests } from './request-consumer';
import { retrainMetrics } from './retrain-metrics';
import { storedDatasetBuilder, storedQualityInput } from './retrain-adapters';
import { RetrainPipeline } from './retrain-pipeline';
import { RetrainWorker } from './retrain-worker';

export const TRAINER_SETTINGS = Symbol('TRAINER_SETTINGS');
const REQUEST_CONSUMER = Symbol('REQUEST_CONSUMER');

export interface RetrainingOptions {
  /** Defaults to the trainer's variables in the environment. */
  readonly settings?: TrainerSettings;
  /** Defaults to the system clock. */
  readonly clock?: Clock;
}

/** Starts the consumer and the worker with the application; stops both (and flushes the producer) on shutdown. */
class TrainerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(REQUEST_CONSUMER) private readonly consumer: BatchConsumer,
    @Inject(RetrainWorker) private readonly worker: RetrainWorker,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(TRAINER_SETTINGS) private readonly settings: TrainerSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker.start();
    await this.consumer.start();
    this.logger.info(
      { group: this.settings.groupId, artifacts: this.settings.artifacts.location, gates: this.settings.gates },
      'trainer consuming retrain requests',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.worker.stop();
    await this.publisher.close();
    await this.settings.artifacts.close();
  }
}

/** `retrain.requested` → datasets → quality gates → reward models → registry → `retrain.completed` | `retrain.failed`. */
@Module({})
export class RetrainingModule {
  static register(options: RetrainingOptions = {}): DynamicModule {
    const clock = options.clock ?? new SystemClock();
    return {
      module: RetrainingModule,
      providers: [
        { provide: TRAINER_SETTINGS, useFactory: () => options.settings ?? loadTrainerSettings() },
        {
          provide: TrainerRunRepository,
          useFactory: (ds: DataSource) => new TrainerRunRepository(ds),
          inject: [DataSource],
        },
        {
          provide: EventPublisher,
          useFactory: (config: PlatformConfig, logger: Logger, metrics: ServiceMetrics) =>
            createEventPublisher(config.kafka, 'trainer', logger, {
              lingerMs: 1,
              maxBatchMessages: 100,
              onSend: metrics.observeSend,
            }),
          inject: [PLATFORM_CONFIG, LOGGER, ServiceMetrics],
        },
        {
          provide: RetrainWorker,
          useFactory: (
            ds: DataSource,
            config: PlatformConfig,
            logger: Logger,
            publisher: EventPublisher,
            settings: TrainerSettings,
            runs: TrainerRunRepository,
            metrics: ServiceMetrics,
          ) => {
            const publish = (rows: readonly { eventJson: string }[]) =>
              publisher.publish(rows.map((r) => runEventMessage(r.eventJson, config.kafka.topicPrefix)));
            const models = new ModelRegistryRepository(ds);
            const pipeline = new RetrainPipeline({
              datasets: storedDatasetBuilder(ds, logger),
              quality: storedQualityInput(ds),
              runs,
              models,
              outcomes: new ModelOutcomeSourceRepository(ds),
              policies: new RetrainPolicyRepository(ds),
              requests: new RetrainRequestRepository(ds),
              blends: new BlendWeightsRepository(ds),
              publishOutbox: async (run) => {
                while ((await runs.publishPending(100, publish, run)) > 0);
              },
              settings,
              clock,
              codeVersion: codeVersion(),
              logger,
              observer: retrainMetrics(metrics),
            });
            const topic = topicName(config.kafka.topicPrefix, TOPICS.retraining);
            const admin = createKafka(
              { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-trainer` },
              logger,
            );
            return new RetrainWorker({
              runs,
              announceHistory: () => announceHistory({ runs, models, logger }),
              caughtUp: caughtUpCheck(
                () => topicOffsetRanges(admin, topic),
                () => runs.storedOffsets(settings.groupId),
                topic,
              ),
              lock: new TrainerRunLock(ds, `hindsight-trainer:${config.database.schema}`),
              pipeline,
              publishAllPending: async () => {
                let total = 0;
                for (let n; (n = await runs.publishPending(100, publish)) > 0;) total += n;
                return total;
              },
              pollMs: settings.pollMs,
              maxAttempts: settings.maxAttempts,
              logger,
            });
          },
          inject: [
            DataSource,
            PLATFORM_CONFIG,
            LOGGER,
            EventPublisher,
            TRAINER_SETTINGS,
            TrainerRunRepository,
            ServiceMetrics,
          ],
        },
        {
          provide: REQUEST_CONSUMER,
          useFactory: (
            config: PlatformConfig,
            logger: Logger,
            settings: TrainerSettings,
            runs: TrainerRunRepository,
            worker: RetrainWorker,
          ) =>
            new BatchConsumer(
              createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-trainer` }, logger),
              {
                groupId: settings.groupId,
                topics: [topicName(config.kafka.topicPrefix, TOPICS.retraining)],
                positions: () => runs.storedOffsets(settings.groupId),
                maxMessagesPerApply: 500,
                logger,
                onFatal: restartOnFatal(logger, "the trainer's Kafka consumer"),
                apply: async (batch) => {
                  const recorded = await recordRequests(batch, { runs, groupId: settings.groupId, logger });
                  if (recorded.length > 0) worker.wake();
                },
              },
            ),
          inject: [PLATFORM_CONFIG, LOGGER, TRAINER_SETTINGS, TrainerRunRepository, RetrainWorker],
        },
        TrainerLifecycle,
      ],
      exports: [RetrainWorker, TrainerRunRepository],
    };
  }
}
