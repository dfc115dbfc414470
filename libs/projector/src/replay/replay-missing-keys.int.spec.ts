import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  TOPICS,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import {
  associatedDataOf,
  generateKeyEncryptionKey,
  newKeyRingFile,
  sealData,
  writeKeyRingFile,
} from '@hindsight/shredding';
import { endOffsetTotal } from '@hindsight/test-support';
import { replayProjections } from './replay-projections';

/**
 * A replay that meets events sealed with keys that neither the database nor the
 * subject-keys topic holds (the topic lost or recreated) stops with an error that
 * names them, instead of pouring the history into the dead-letter topic.
 */
describe('replay without the key material', () => {
  const base = loadPlatformConfig();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-replay-keys-'));
  const env = {
    ...process.env,
    DATABASE_SCHEMA: `${base.database.schema}_nokeys`,
    KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}nokeys.`,
    PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-nokeys`,
    HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
  };
  const config = loadPlatformConfig(env);
  const logger = createLogger('replay-missing-keys', 'silent');
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'replay-missing-keys' });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with an error naming the subjects whose keys are missing, and dead-letters nothing', async () => {
    writeKeyRingFile(env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    const ds = await preparePlatform(config, logger, 'replay-missing-keys');
    await ds.destroy();
    const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
      data: Record<string, unknown>;
    };
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const messages = ['rater-lost-1', 'rater-lost-2'].map((raterId, i) => {
        const event = sealEvent(
          validateEventInput({
            ...input,
            idempotencyKey: `lost-${i}`,
            data: { ...input.data, queueId: undefined, assignmentId: undefined, raterId },
          }),
          {
            id: formatUuidV7(Date.now(), randomBytes(10)),
            recordedAt: new Date().toISOString(),
            tenant: 'nokeys',
            source: 'test',
          },
        ) as HindsightEvent;
        // Sealed under a key that was never published: as if the subject-keys topic had been lost.
        const value = JSON.stringify({
          ...event,
          data: sealData(event.data, randomBytes(32), { kind: 'rater', id: raterId }, associatedDataOf(event)),
        });
        return { key: partitionKey(event), value, headers: eventHeaders(event) };
      });
      await producer.send({ topic: topicName(config.kafka.topicPrefix, TOPICS.annotations), acks: -1, messages });
    } finally {
      await producer.disconnect();
    }

    await expect(replayProjections(config, logger, { noSwitch: true }, () => undefined)).rejects.toThrow(
      /2 events are sealed with subject keys that neither the database nor the subject-keys topic holds \(nokeys\/rater\/rater-lost-[12], nokeys\/rater\/rater-lost-[12]\)/,
    );
    expect(await endOffsetTotal(kafka, topicName(config.kafka.topicPrefix, TOPICS.deadLetter))).toBe(0);
  }, 120_000);
});
