import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiKeyLog, EndedSessions } from '@hindsight/access';
import {
  EVENT_HEADERS,
  parseEvent,
  topicName,
  TOPICS,
  type ApiKeyEvent,
  type RedactionPolicyConfigured,
  type SessionEnded,
} from '@hindsight/contracts';
import { TenantRedactionPolicies } from '@hindsight/redaction';
import type { PlatformConfig } from '@hindsight/config';
import { createKafka, followerKafkaOverrides, TopicFollower, type RawMessage } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';

/**
 * Follows the configuration topic's `api-key.*` events into an `ApiKeyLog`, so
 * keys are verified in memory (no database round trip per request) and go on
 * working while PostgreSQL is down; a revocation counts as soon as it is read
 * (the CLI publishes it before it writes the row). Until the topic was read to
 * its end the database answers, as before. Its `session.ended` events (sign-outs
 * on any api process) go into `sessions`, which the session check consults, and its
 * `redaction-policy.configured` events into `redaction`, which ingestion applies.
 */
@Injectable()
export class ApiKeyLogFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly follower: TopicFollower;
  readonly log: ApiKeyLog;
  readonly sessions: EndedSessions;
  readonly redaction: TenantRedactionPolicies;

  constructor(
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const kafka = createKafka(
      { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-api-keys` },
      logger,
      followerKafkaOverrides,
    );
    this.follower = new TopicFollower({
      kafka,
      topic: topicName(config.kafka.topicPrefix, TOPICS.configuration),
      groupPrefix: `${config.kafka.clientId}-api-keys`,
      apply: (messages) => messages.forEach((m) => this.apply(m)),
      logger,
    });
    this.log = new ApiKeyLog(this.follower);
    this.sessions = new EndedSessions(this.follower);
    this.redaction = new TenantRedactionPolicies(this.follower);
  }

  onApplicationBootstrap(): void {
    this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
  }

  private apply(message: RawMessage): void {
    const type = message.headers[EVENT_HEADERS.type];
    const isSession = type === 'session.ended';
    const isRedaction = type === 'redaction-policy.configured';
    if ((!isSession && !isRedaction && !type?.startsWith('api-key.')) || message.value === null) return;
    try {
      const event = parseEvent(JSON.parse(message.value.toString('utf8')));
      if (isSession) this.sessions.apply(event as SessionEnded, Date.now());
      else if (isRedaction) this.redaction.apply(event as RedactionPolicyConfigured);
      else this.log.apply(event as ApiKeyEvent);
    } catch (error) {
      this.logger.warn(
        { err: error, topic: message.topic, partition: message.partition, offset: message.offset },
        `a ${type} message the api cannot read; skipped`,
      );
    }
  }
}
