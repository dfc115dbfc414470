import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadPlatformConfig } from '@hindsight/config';
import { createKafka, deleteTopicsWithPrefix } from '@hindsight/kafka';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { quoteIdentifier } from '@hindsight/store';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import { stackDown, stackUp } from '@hindsight/local-stack';
import { ensureWebBuild } from '@hindsight/web-build';

const say = (line: string) => process.stdout.write(`[test-run] ${line}\n`);
let started = { kafka: false, postgres: false };

/**
 * Once per jest run (the int and e2e tiers share it): a broker (stack:up when none
 * answers), and a topic prefix and database schema of this run's own, migrated.
 */
export async function setUpTestRun(): Promise<void> {
  if (process.env.HINDSIGHT_TEST_RUN) return;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.HINDSIGHT_TEST_RUN = runId;
  process.env.KAFKA_TOPIC_PREFIX = `test-${runId}.`;
  process.env.DATABASE_SCHEMA = `test_${runId}`;
  process.env.PROJECTOR_GROUP_ID = `test-${runId}-projector`;
  // Consumer groups are the broker's, not the run's: shared names would mix runs' (and specs') members and partitions.
  process.env.ROUTER_GROUP_ID = `test-${runId}-router`;
  process.env.WEBHOOK_GROUP_ID = `test-${runId}-webhooks`;
  process.env.DATASETS_DIR = join(tmpdir(), `hindsight-test-${runId}`, 'datasets');
  process.env.ARTIFACTS_DIR = join(tmpdir(), `hindsight-test-${runId}`, 'artifacts');
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  // The run's own key-encryption key, as `npm start` makes one on a new platform.
  process.env.HINDSIGHT_KEK_FILE = join(tmpdir(), `hindsight-test-${runId}`, 'kek.json');
  writeKeyRingFile(process.env.HINDSIGHT_KEK_FILE, newKeyRingFile(generateKeyEncryptionKey(), new Date()));
  const config = loadPlatformConfig();
  say(`run ${runId}: topics ${config.kafka.topicPrefix}*, schema ${config.database.schema}`);
  const up = await stackUp(config, say);
  started = { kafka: up.started === 'java', postgres: up.postgres === 'embedded' };
  const dataSource = await preparePlatform(config, createLogger('test-run', 'warn'), 'test-run');
  await dataSource.destroy();
  // The pages the api serves (/annotate, /console): built when missing or older than their sources.
  await ensureWebBuild(config.web.distDir, say);
}

/** Drops this run's schema and topics, and stops the broker and PostgreSQL if this run started them. */
export async function tearDownTestRun(): Promise<void> {
  const config = loadPlatformConfig();
  if (!process.env.HINDSIGHT_TEST_RUN) return;
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'hindsight-test-teardown' });
  await deleteTopicsWithPrefix(kafka, config.kafka.topicPrefix);
  const client = new Client({ connectionString: config.database.url });
  await client.connect();
  try {
    // The run's schema and any a test derived from it (replays, per-test schemas).
    const { rows } = await client.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'",
      [config.database.schema],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(nspname)} CASCADE`);
  } finally {
    await client.end();
  }
  rmSync(join(tmpdir(), `hindsight-test-${process.env.HINDSIGHT_TEST_RUN}`), { recursive: true, force: true });
  if (started.kafka || started.postgres) await stackDown(config, say, started);
  delete process.env.HINDSIGHT_TEST_RUN;
}
