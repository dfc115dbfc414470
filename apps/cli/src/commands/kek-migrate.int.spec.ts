import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import {
  exampleEventInputs,
  formatUuidV7,
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
  EventOpener,
  generateKeyEncryptionKey,
  isDestroyed,
  loadLocalKeyRing,
  newKeyRingFile,
  parseSubjectKeyRecord,
  sealData,
  writeKeyRingFile,
} from '@hindsight/shredding';
import { SubjectKeyRepository } from '@hindsight/store';
import { readTopicUntil, runCli, startApiUnderTest } from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';

/**
 * A deployment from before key wrapping: plaintext subject keys in `subject_keys.key`, one destroyed
 * by an erasure, events on Kafka sealed with them. `hindsight kek migrate` wraps and publishes them,
 * publishes the destruction and drops the plaintext column; it is idempotent.
 */
describe('hindsight kek migrate', () => {
  const base = loadPlatformConfig();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-kek-migrate-'));
  const env = {
    DATABASE_SCHEMA: `${base.database.schema}_legacy`,
    KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}legacy.`,
    HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
  };
  const config = loadPlatformConfig({ ...process.env, ...env });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'kek-migrate-spec' });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('wraps and publishes every plaintext key and destruction, drops the column, and is idempotent', async () => {
    writeKeyRingFile(env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    const ds = await preparePlatform(config, createLogger('kek-migrate-spec', 'silent'), 'kek-migrate-spec');
    const tenant = 'legacy';
    const keys = new Map(['rater-a', 'rater-b', 'rater-c'].map((id) => [id, randomBytes(32)]));
    const sealed: string[] = [];
    try {
      // The state `hindsight db migrate` leaves on an old deployment: the plaintext column kept, nothing wrapped yet.
      await ds.query('ALTER TABLE subject_keys ADD COLUMN key bytea');
      for (const [id, key] of keys)
        await ds.query(
          `INSERT INTO subject_keys (tenant, subject_kind, subject_id, key) VALUES ($1, 'rater', $2, $3)`,
          [tenant, id, key],
        );
      await ds.query(
        `INSERT INTO subject_keys (tenant, subject_kind, subject_id, destroyed_at) VALUES ($1, 'rater', 'rater-erased', now())`,
        [tenant],
      );
      const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
        data: Record<string, unknown>;
      };
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        const messages = [...keys].map(([raterId, key], i) => {
          const event = sealEvent(
            validateEventInput({
              ...input,
              idempotencyKey: `legacy-${i}`,
              data: { ...input.data, queueId: undefined, assignmentId: undefined, raterId },
            }),
            {
              id: formatUuidV7(Date.now(), randomBytes(10)),
              recordedAt: new Date().toISOString(),
              tenant,
              source: 'legacy',
            },
          ) as HindsightEvent;
          const value = JSON.stringify({
            ...event,
            data: sealData(event.data, key, { kind: 'rater', id: raterId }, associatedDataOf(event)),
          });
          sealed.push(value);
          return { key: raterId, value };
        });
        await producer.send({ topic: topicName(config.kafka.topicPrefix, TOPICS.annotations), acks: -1, messages });
      } finally {
        await producer.disconnect();
      }

      // Before the migration the services refuse to start, and say what to run.
      await expect(startApiUnderTest(apiService, env)).rejects.toThrow(
        /stored in the clear from before key wrapping: run `hindsight kek migrate`/,
      );

      const first = await runCli(['kek', 'migrate', '--json'], env);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ wrapped: 3, destructions: 1, plaintextColumn: false });
      const again = await runCli(['kek', 'migrate', '--json'], env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ wrapped: 0, destructions: 0 });

      expect(await new SubjectKeyRepository(ds).hasPlaintextColumn()).toBe(false);
      const records = (
        await readTopicUntil(kafka, topicName(config.kafka.topicPrefix, TOPICS.subjectKeys), (m) => m.length >= 4)
      ).map((m) => parseSubjectKeyRecord(m.value)!);
      expect(records).toHaveLength(4);
      expect(records.filter(isDestroyed).map((r) => r.id)).toEqual(['rater-erased']);
      expect(
        records
          .filter((r) => !isDestroyed(r))
          .map((r) => r.id)
          .sort(),
      ).toEqual(['rater-a', 'rater-b', 'rater-c']);
      for (const r of records) expect(JSON.stringify(r)).not.toContain(keys.get(r.id)?.toString('base64') ?? 'never');

      // The old events open with the wrapped keys, under the key-encryption key alone.
      const opened = await new EventOpener(new SubjectKeyRepository(ds), loadLocalKeyRing(config.keyEncryption)).open(
        sealed.map((v) => JSON.parse(v) as unknown),
      );
      expect(opened.map((o) => o.kind)).toEqual(['plain', 'plain', 'plain']);
      const api = await startApiUnderTest(apiService, env);
      await api.close();
    } finally {
      await ds.destroy();
    }
  }, 120_000);
});
