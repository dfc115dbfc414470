import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import {
  EVENT_TOPICS,
  HindsightError,
  parseEvent,
  topicName,
  UnavailableError,
  withoutRedactedOriginals,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka, followerKafkaOverrides, LiveFollower, type RawMessage } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { EventOpener, KEY_RING, type KeyEncryptionKeyRing } from '@hindsight/shredding';
import { DataSource, SubjectKeyRepository } from '@hindsight/store';
import { MAX_LIVE_TAILS, parseTailQuery, visibleInTail, type TailQuery } from './tail-query';

export interface TailSink {
  /** The batch's events the key may read, opened and upcast, in each partition's order. */
  readonly events: (events: readonly HindsightEvent[]) => Promise<void>;
  /** The tail cannot go on (its consumer stopped for good, or the key-encryption key is missing). */
  readonly failed: (error: HindsightError) => void;
}

export interface TailSession {
  stop(): Promise<void>;
}

/**
 * `GET /v1/events/tail`: follows the event topics from the moment of the request,
 * keeps the caller's tenant's events of the asked types (judged from the envelope,
 * before anything is decrypted), opens their sealed data as the projector does,
 * and leaves out the events of erased subjects.
 */
@Injectable()
export class TailService implements OnModuleDestroy {
  private readonly opener: EventOpener;
  private readonly sessions = new Map<TailSession, TailSink>();

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    dataSource: DataSource,
    @Inject(KEY_RING) ring: KeyEncryptionKeyRing,
  ) {
    this.opener = new EventOpener(new SubjectKeyRepository(dataSource), ring);
  }

  /**
   * Validates the query and starts following; resolves once the starting offsets are fixed,
   * so every event accepted after that is delivered.
   * @throws ValidationError (type), HindsightError forbidden (tenant), UnavailableError (too many tails, Kafka down).
   */
  async follow(
    principal: Principal,
    rawQuery: Readonly<Record<string, unknown>>,
    sink: TailSink,
  ): Promise<TailSession> {
    const query = parseTailQuery(rawQuery, principal);
    if (this.sessions.size >= MAX_LIVE_TAILS)
      throw new UnavailableError('api', `this api already serves ${MAX_LIVE_TAILS} live tails; try again later`, 30);
    const { kafka: k } = this.config;
    const kafka = createKafka(
      { brokers: k.brokers, clientId: `${k.clientId}-tail` },
      this.logger,
      followerKafkaOverrides,
    );
    const follower = new LiveFollower({
      kafka,
      topics: EVENT_TOPICS.map((t) => topicName(k.topicPrefix, t)),
      groupPrefix: `${k.clientId}-tail`,
      apply: async (messages) => {
        const events = await this.opened(messages, query, principal).catch((error: unknown) => {
          sink.failed(
            error instanceof HindsightError
              ? error
              : new UnavailableError(
                  'postgres',
                  `the events could not be opened: ${error instanceof Error ? error.message : String(error)}`,
                ),
          );
          return [];
        });
        if (events.length > 0) await sink.events(events);
      },
      onFatal: (error) =>
        sink.failed(new UnavailableError('kafka', `the tail stopped reading Kafka: ${error.message}`)),
      logger: this.logger,
    });
    const session: TailSession = {
      stop: async () => {
        this.sessions.delete(session);
        await follower.stop();
      },
    };
    this.sessions.set(session, sink);
    try {
      await follower.start();
    } catch (error) {
      await session.stop();
      throw new UnavailableError(
        'kafka',
        `the tail could not read where the topics end: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return session;
  }

  private async opened(
    messages: readonly RawMessage[],
    query: TailQuery,
    principal: Principal,
  ): Promise<HindsightEvent[]> {
    const candidates: unknown[] = [];
    for (const message of messages) {
      let value: unknown;
      try {
        value = JSON.parse(message.value?.toString('utf8') ?? 'null');
      } catch {
        continue; // Not JSON: the projector dead-letters it; a tail has nothing to show.
      }
      if (
        value !== null &&
        typeof value === 'object' &&
        visibleInTail(value as Record<string, unknown>, query, principal)
      )
        candidates.push(value);
    }
    if (candidates.length === 0) return [];
    const events: HindsightEvent[] = [];
    for (const opened of await this.opener.open(candidates)) {
      // Erased subjects are not shown; an unreadable one is the projector's to dead-letter.
      if (opened.kind !== 'plain') continue;
      try {
        // The original text a redaction replaced stays inside the sealed message.
        events.push(withoutRedactedOriginals(parseEvent(opened.value)));
      } catch (error) {
        if (!(error instanceof HindsightError) || error.code !== 'validation') throw error;
      }
    }
    return events;
  }

  /** Ends every tail when the api stops, so that closing the HTTP server does not wait for them. */
  async onModuleDestroy(): Promise<void> {
    const open = [...this.sessions];
    for (const [, sink] of open) sink.failed(new UnavailableError('api', 'the api is stopping'));
    await Promise.all(open.map(([session]) => session.stop()));
  }
}
