import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';
import { pinoLevelOf } from './kafka-log-level';

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

/** kafkajs logs through pino, so broker trouble shows up in the same structured stream. */
function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      logger[pinoLevelOf(level, extra)]({ kafka: extra }, message);
    };
}

export function createKafka(connection: KafkaConnection, logger?: Logger, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    logLevel: logger ? KafkaLogLevel.WARN : KafkaLogLevel.NOTHING,
    ...(logger ? { logCreator: pinoLogCreator(logger) } : {}),
    ...overrides,
  });
}

/** The Kafka client handle, re-exported so that nothing outside libs/kafka imports kafkajs (a lint rule). */
export type { Kafka };
