import { EVENT_TOPICS, topicName } from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';

/** The live projector's consumer group; replays use groups of their own. */
export function projectorGroupId(config: PlatformConfig): string {
  return config.kafka.projectorGroupId;
}

export function projectedTopics(config: PlatformConfig): string[] {
  return EVENT_TOPICS.map((base) => topicName(config.kafka.topicPrefix, base));
}
