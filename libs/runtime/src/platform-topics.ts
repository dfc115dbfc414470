import { topicName, topicSpecs } from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import type { TopicSpec } from '@hindsight/kafka';

/**
 * Every topic the platform owns, named with the configured prefix and created
 * explicitly at start-up. Event topics take their partition count from the
 * configuration (it cannot shrink later, so production sets it once); the
 * dead-letter topic keeps the count its contract declares.
 */
export function platformTopicSpecs(config: PlatformConfig): TopicSpec[] {
  return topicSpecs.map((spec) => ({
    name: topicName(config.kafka.topicPrefix, spec.base),
    partitions: spec.kind === 'dead-letter' ? spec.partitions : config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
    config: { ...spec.config, 'min.insync.replicas': String(Math.min(2, config.kafka.replicationFactor)) },
  }));
}
