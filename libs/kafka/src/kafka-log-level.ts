import { logLevel as KafkaLogLevel } from 'kafkajs';

export type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

const levels: Record<number, PinoLevel> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** The broker's answer while a consumer group rebalances (Kafka error REBALANCE_IN_PROGRESS, code 27). */
const REBALANCING = 'The group is rebalancing, so a rejoin is needed';

/**
 * The pino level of a kafkajs log entry. kafkajs logs every heartbeat the broker
 * answers with "rebalancing" as an ERROR, a dozen per rebalance, although a
 * rebalance is routine (a member joined, left or died) and the consumer itself
 * reports it once as a warning ("re-joining"). Those become debug, so an error in
 * the logs still means something is wrong.
 */
export function pinoLevelOf(level: number, entry: Readonly<Record<string, unknown>>): PinoLevel {
  if (level === KafkaLogLevel.ERROR && entry.error === REBALANCING) return 'debug';
  return levels[level] ?? 'info';
}
