import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import {
  EventOpener,
  generateKeyEncryptionKey,
  loadLocalKeyRing,
  newKeyRingFile,
  parseSubjectKeyRecord,
  readKeyRingFile,
  writeKeyRingFile,
  type WrappedKeyRecord,
} from '@hindsight/shredding';
import { SubjectKeyRepository } from '@hindsight/store';
import { readTopicUntil, runCli, startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';

/** `hindsight kek rotate` and `retire`, in a schema, topic prefix and key file of this spec's own. */
describe('hindsight kek rotate under concurrent ingestion', () => {
  const base = loadPlatformConfig();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-kek-rotate-'));
  const env = {
    DATABASE_SCHEMA: `${base.database.schema}_rotate`,
    KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}rotate.`,
    HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
  };
  const config = loadPlatformConfig({ ...process.env, ...env });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'kek-rotate-spec' });
  let api: ApiUnderTest;
  let db: DataSource;

  beforeAll(async () => {
    writeKeyRingFile(env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    api = await startApiUnderTest(apiService, env);
    db = api.running.context.dataSource;
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-wraps every subject key under a new key while events keep arriving; afterwards the new key alone opens everything', async () => {
    const { key } = await api.issueKey({ scopes: ['ingest'] });
    const oldKek = readKeyRingFile(env.HINDSIGHT_KEK_FILE).current;
    const example = exampleEventInputs['comparison.recorded'];
    const accepted: string[] = [];
    const refused: number[] = [];
    let n = 0;
    // A new rater every few events, so keys are created before, during and after the rotation.
    const send = async () => {
      const i = n++;
      const res = await api.post(
        '/v1/events',
        {
          ...example,
          idempotencyKey: `rotate-${i}`,
          data: {
            ...example.data,
            queueId: undefined,
            assignmentId: undefined,
            raterId: `rater-${Math.floor(i / 3)}`,
            taskId: `task-${i}`,
          },
        },
        key,
      );
      if (res.status === 202) accepted.push((res.body as { id: string }).id);
      else refused.push(res.status);
    };
    for (let i = 0; i < 30; i++) await send();
    let ingesting = true;
    const ingestion = (async () => {
      while (ingesting) await Promise.all([send(), send()]);
    })();
    const rotated = await runCli(['kek', 'rotate', '--json'], env);
    ingesting = false;
    await ingestion;
    for (let i = 0; i < 6; i++) await send();

    expect(rotated.stderr).toContain('re-wrapped');
    expect(rotated.code).toBe(0);
    const result = JSON.parse(rotated.stdout) as { current: string; rewrapped: number; retirable: string[] };
    expect(result.current).not.toBe(oldKek);
    expect(result.retirable).toEqual([oldKek]);
    expect(result.rewrapped).toBeGreaterThanOrEqual(10);
    expect(refused).toEqual([]);
    expect(accepted.length).toBeGreaterThan(36);

    // Retiring is refused while anything is still wrapped under the old key, and works once nothing is.
    const retired = await runCli(['kek', 'retire', oldKek], env);
    expect(retired.stderr).toBe('');
    expect(retired.code).toBe(0);
    expect(readKeyRingFile(env.HINDSIGHT_KEK_FILE).keys.map((k) => k.id)).toEqual([result.current]);
    const refusedRetire = await runCli(['kek', 'retire', result.current], env);
    expect(refusedRetire.code).toBe(2);
    expect(refusedRetire.stderr).toContain('is the current key');

    // Everything accepted is on Kafka and opens with the new key alone.
    const onlyNew = loadLocalKeyRing({ inline: '', file: env.HINDSIGHT_KEK_FILE });
    expect(onlyNew.ids()).toEqual([result.current]);
    const messages = await readTopicUntil(
      kafka,
      topicName(config.kafka.topicPrefix, TOPICS.annotations),
      (m) => m.length >= accepted.length,
    );
    const opened = await new EventOpener(new SubjectKeyRepository(db), onlyNew).open(
      messages.map((m) => JSON.parse(m.value) as unknown),
    );
    expect(opened.map((o) => o.kind)).toEqual(messages.map(() => 'plain'));
    expect(opened.map((o) => (o as unknown as { value: { id: string } }).value.id).sort()).toEqual(
      [...accepted].sort(),
    );

    // The subject-keys topic ends, for every subject, with its wrapping under the new key.
    const raters = new Set(
      messages.map((m) => (JSON.parse(m.value) as { data: { $sealed: { key: { id: string } } } }).data.$sealed.key.id),
    );
    const underNew = (values: readonly string[]) =>
      values.map((v) => parseSubjectKeyRecord(v) as WrappedKeyRecord).filter((r) => r.kekId === result.current);
    const records = (
      await readTopicUntil(
        kafka,
        topicName(config.kafka.topicPrefix, TOPICS.subjectKeys),
        (m) => new Set(underNew(m.map((r) => r.value)).map((r) => r.id)).size >= raters.size,
      )
    ).map((m) => parseSubjectKeyRecord(m.value) as WrappedKeyRecord);
    const last = new Map(records.map((r) => [r.id, r]));
    expect([...raters].every((id) => last.get(id)?.kekId === result.current)).toBe(true);
  }, 180_000);
});
