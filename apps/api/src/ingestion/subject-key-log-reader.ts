import type { OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from '@hindsight/kafka';
import type { Logger } from 'pino';
import { TopicFollower } from '@hindsight/kafka';
import { parseSubjectKeyRecord, SubjectKeyLogIndex, type SubjectKeyLogSource } from '@hindsight/shredding';

/**
 * Reads the subject-keys topic into memory while PostgreSQL is down: from the
 * first subject the sealer cannot find in its cache until the database answers
 * again, then forgets it. Memory: one record per subject (about 300 bytes) for
 * the length of the outage only.
 */
export class SubjectKeyLogReader implements SubjectKeyLogSource, OnApplicationShutdown {
  private reading?: { follower: TopicFollower; index: SubjectKeyLogIndex };

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupPrefix: string,
    private readonly logger: Logger,
  ) {}

  open(): SubjectKeyLogIndex | undefined {
    if (this.reading === undefined) {
      const index = new SubjectKeyLogIndex();
      const follower = new TopicFollower({
        kafka: this.kafka,
        topic: this.topic,
        groupPrefix: this.groupPrefix,
        apply: (messages) => {
          for (const m of messages) {
            const record = parseSubjectKeyRecord(m.value);
            if (record) index.apply(record);
          }
        },
        logger: this.logger,
      });
      this.logger.warn({ topic: this.topic }, 'PostgreSQL cannot be reached: reading the subject keys from the topic');
      follower.start();
      this.reading = { follower, index };
    }
    return this.reading.follower.caughtUp ? this.reading.index : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const follower = this.reading?.follower;
    this.close();
    await follower?.stop();
  }

  close(): void {
    if (this.reading === undefined) return;
    const { follower, index } = this.reading;
    this.reading = undefined;
    this.logger.info(
      { topic: this.topic, subjects: index.size },
      'PostgreSQL answers again: the subject keys read from the topic are dropped',
    );
    void follower.stop();
  }
}
