import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, TOPICS } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import {
  associatedDataOf,
  generateKeyEncryptionKey,
  isSealedData,
  loadLocalKeyRing,
  newKeyRingFile,
  openData,
  parseSubjectKeyRecord,
  unwrapDataKey,
  writeKeyRingFile,
  type SealedData,
  type WrappedKeyRecord,
} from '@hindsight/shredding';
import {
  endOffsetTotal,
  freePort,
  readTopicUntil,
  startApiUnderTest,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '../api-service';

/**
 * The subject keys at rest and the key-encryption key at start-up, in a schema,
 * topic prefix and key file of this spec's own (so a wrong key here cannot
 * disturb the run's other specs).
 */
describe('subject keys: wrapped at rest, on the log, and a refused start without the right key-encryption key', () => {
  const base = loadPlatformConfig();
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-kek-spec-'));
  const env = {
    DATABASE_SCHEMA: `${base.database.schema}_keys`,
    KAFKA_TOPIC_PREFIX: `${base.kafka.topicPrefix}keys.`,
    PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-keys`,
    HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
  };
  const config = loadPlatformConfig({ ...process.env, ...env });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'subject-keys-spec' });
  const topic = (base: (typeof TOPICS)[keyof typeof TOPICS]) => topicName(config.kafka.topicPrefix, base);
  let api: ApiUnderTest;
  let db: DataSource;
  let key: string;
  const sent: Record<string, unknown>[] = [];

  beforeAll(async () => {
    writeKeyRingFile(env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    api = await startApiUnderTest(apiService, env);
    db = api.running.context.dataSource;
    key = (await api.issueKey({ scopes: ['ingest', 'admin'] })).key;
    for (const [i, type] of (
      [
        'comparison.recorded',
        'rating.recorded',
        'rater.profiled',
        'interaction.logged',
        'feedback.recorded',
        'outcome.recorded',
      ] as const
    ).entries()) {
      const input = { ...exampleEventInputs[type], idempotencyKey: `keys-${i}` } as unknown as {
        data: Record<string, unknown>;
      };
      const data = {
        ...input.data,
        queueId: undefined,
        assignmentId: undefined,
        ...('raterId' in input.data ? { raterId: `rater-keys-${i}` } : {}),
        ...('interactionId' in input.data ? { interactionId: 'int-keys' } : {}),
      };
      const res = await api.post('/v1/events', { ...input, data }, key);
      expect({ type, status: res.status, body: res.status === 202 ? undefined : res.body }).toEqual({
        type,
        status: 202,
        body: undefined,
      });
      sent.push(data);
    }
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores no byte string that opens a sealed event; only the key-encryption key makes one that does', async () => {
    const sealed = [
      ...(await readTopicUntil(kafka, topic(TOPICS.annotations), (m) => m.length >= 3)),
      ...(await readTopicUntil(kafka, topic(TOPICS.deployment), (m) => m.length >= 3)),
    ].map((m) => JSON.parse(m.value) as { tenant: string; type: string; id: string; data: SealedData });
    expect(sealed).toHaveLength(6);
    expect(sealed.every((e) => isSealedData(e.data))).toBe(true);

    // Every byte string kept at rest: each bytea of subject_keys, each wrapped key on the topic.
    const columns: { column_name: string }[] = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'subject_keys' AND data_type = 'bytea'`,
      [config.database.schema],
    );
    expect(columns.map((c) => c.column_name)).toEqual(['wrapped_key']);
    const rows: { tenant: string; subject_kind: string; subject_id: string; wrapped_key: Buffer; kek_id: string }[] =
      await db.query('SELECT tenant, subject_kind, subject_id, wrapped_key, kek_id FROM subject_keys');
    const records = (await readTopicUntil(kafka, topic(TOPICS.subjectKeys), (m) => m.length >= rows.length)).map(
      (m) => parseSubjectKeyRecord(m.value) as WrappedKeyRecord,
    );
    expect(records.map((r) => `${r.kind}/${r.id}`).sort()).toEqual(
      rows.map((r) => `${r.subject_kind}/${r.subject_id}`).sort(),
    );
    const stored = [...rows.map((r) => r.wrapped_key), ...records.map((r) => Buffer.from(r.wrappedKey, 'base64'))];
    const candidates = stored.flatMap((bytes) =>
      Array.from({ length: bytes.length - 31 }, (_, at) => bytes.subarray(at, at + 32)),
    );
    expect(candidates.length).toBeGreaterThan(6 * 29);
    for (const event of sealed) {
      for (const candidate of candidates)
        expect(() => openData(event.data, candidate, associatedDataOf(event))).toThrow();
    }

    const ring = loadLocalKeyRing(config.keyEncryption);
    for (const event of sealed) {
      const row = rows.find(
        (r) => r.subject_kind === event.data.$sealed.key.kind && r.subject_id === event.data.$sealed.key.id,
      );
      expect(row).toBeDefined();
      const ref = { tenant: row!.tenant, kind: row!.subject_kind, id: row!.subject_id };
      const dataKey = unwrapDataKey(row!.wrapped_key, ring.byId(row!.kek_id)!, ref);
      expect(sent).toContainEqual(openData(event.data, dataKey, associatedDataOf(event)));
    }
  });

  /** Starts the projector as its own process, as an orchestrator would, and waits for it to exit (or not). */
  function runProjector(
    extraEnv: Record<string, string>,
    port: number,
  ): Promise<{ code: number | null; stderr: string }> {
    const root = join(__dirname, '../../../..');
    const child = spawn(process.execPath, [join(root, 'bin/service.js'), 'projector'], {
      cwd: root,
      env: { ...process.env, ...env, PROJECTOR_PORT: String(port), ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  it('refuses to start without the key-encryption key, or with a wrong one, naming it; nothing is dead-lettered', async () => {
    const deadBefore = await endOffsetTotal(kafka, topic(TOPICS.deadLetter));
    const missing = await runProjector({ HINDSIGHT_KEK_FILE: join(dir, 'absent.json') }, await freePort());
    expect(missing.code).not.toBe(0);
    expect(missing.code).not.toBeNull();
    expect(missing.stderr).toContain(`HINDSIGHT_KEK_FILE: no key-encryption key at ${join(dir, 'absent.json')}`);

    const wrongFile = join(dir, 'wrong.json');
    writeKeyRingFile(wrongFile, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
    const stored = loadLocalKeyRing(config.keyEncryption).current().id;
    const wrong = await runProjector({ HINDSIGHT_KEK_FILE: wrongFile }, await freePort());
    expect(wrong.code).not.toBe(0);
    expect(wrong.code).not.toBeNull();
    expect(wrong.stderr).toContain('HINDSIGHT_KEK_FILE');
    expect(wrong.stderr).toContain(`wrapped under ${stored}, which is not among the keys given`);

    // Given by variable instead of a file: refused the same way, naming the keys it needs.
    const impostor = generateKeyEncryptionKey();
    await expect(
      startApiUnderTest(apiService, { ...env, HINDSIGHT_KEK: `${impostor.id}:${impostor.key.toString('base64')}` }),
    ).rejects.toThrow(/wrapped under kek-[0-9a-f]{16}, which is not among the keys given/);

    expect(await endOffsetTotal(kafka, topic(TOPICS.deadLetter))).toBe(deadBefore);
    const [{ n }]: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM dead_letters');
    expect(n).toBe(0);
  }, 150_000);
});
