import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { topicName, TOPICS, type Clock } from '@hindsight/contracts';
import { BatchConsumer, createEventPublisher, createKafka, topicOffsetRanges } from '@hindsight/kafka';
import { DataSource, RoutingRepository } from '@hindsight/store';
import { InteractionRouter } from './interaction-router';
import { projectorCaughtUp } from './projector-caught-up';

export interface RoutingWorkerOptions {
  /** The router's consumer group (its offsets live in PostgreSQL). */
  readonly groupId: string;
  readonly stratifiedWindowDays: number;
  readonly clock: Clock;
  readonly onFatal?: (error: Error) => void;
}

/** The router and the consumer that feeds it; `start` and `stop` them with the service. */
export interface RoutingWorker {
  readonly router: InteractionRouter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the router to the deployment topic, the projector's offsets and a publisher of its own. */
export function createRoutingWorker(
  config: PlatformConfig,
  dataSource: DataSource,
  logger: Logger,
  options: RoutingWorkerOptions,
): RoutingWorker {
  const prefix = config.kafka.topicPrefix;
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-router` }, logger);
  const publisher = createEventPublisher(config.kafka, 'router', logger, { lingerMs: 1, maxBatchMessages: 500 });
  const repository = new RoutingRepository(dataSource);
  const router = new InteractionRouter({
    repository,
    publish: (messages) => publisher.publish(messages),
    projectorCaughtUp: projectorCaughtUp({
      topics: [TOPICS.deployment, TOPICS.configuration, TOPICS.queues].map((t) => topicName(prefix, t)),
      offsetRanges: (topic) => topicOffsetRanges(kafka, topic),
      projectorOffsets: () => repository.storedOffsets(config.kafka.projectorGroupId),
    }),
    groupId: options.groupId,
    topicPrefix: prefix,
    stratifiedWindowDays: options.stratifiedWindowDays,
    clock: options.clock,
    logger,
  });
  const consumer = new BatchConsumer(kafka, {
    groupId: options.groupId,
    topics: [topicName(prefix, TOPICS.deployment)],
    positions: () => repository.storedOffsets(options.groupId),
    maxMessagesPerApply: 1000,
    logger,
    onFatal: options.onFatal,
    apply: async (batch) => {
      await router.apply(batch);
    },
  });
  return {
    router,
    start: () => consumer.start(),
    stop: async () => {
      await consumer.stop();
      await publisher.close();
    },
  };
}
