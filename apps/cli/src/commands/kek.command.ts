import { existsSync } from 'node:fs';
import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { IllegalStateError, topicName, TOPICS, UnavailableError, ValidationError } from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import {
  destroyedKeyRecord,
  formatInlineKey,
  generateKeyEncryptionKey,
  loadLocalKeyRing,
  newKeyRingFile,
  readKeyRingFile,
  subjectKeyMessage,
  unwrapDataKey,
  verifyKeyRing,
  wrapDataKey,
  wrappedKeyRecord,
  writeKeyRingFile,
  type KeyEncryptionKeyRing,
  type SubjectKeyRecord,
} from '@hindsight/shredding';
import { SubjectKeyRepository } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';

const BATCH = 500;
/** How long running services may take to notice a changed key file (they look once a second). */
const FILE_NOTICE_MS = 2500;

const say = (line: string) => process.stderr.write(`${line}\n`);
const BACKUP_WARNING =
  'Back this key up now, away from the database and Kafka: it is the one secret without which the personal content on Kafka cannot be read after a loss of PostgreSQL.';

export const registerKekCommands: CommandRegistrar = (program) => {
  const kek = program
    .command('kek')
    .description('the key-encryption key that wraps every subject key (see the README, "Disaster recovery")');

  kek
    .command('init')
    .description('create the key file at HINDSIGHT_KEK_FILE for a new platform (refuses to replace one)')
    .option('--print', 'print a new key in the HINDSIGHT_KEK form instead of writing a file (for a secret store)')
    .action((o: { print?: boolean }) => {
      const config = loadPlatformConfig();
      const key = generateKeyEncryptionKey();
      if (o.print) {
        process.stdout.write(`HINDSIGHT_KEK=${formatInlineKey(key)}\n`);
        say(BACKUP_WARNING);
        return;
      }
      if (existsSync(config.keyEncryption.file))
        throw new IllegalStateError(
          `kek init: ${config.keyEncryption.file} exists already; it is never replaced (use \`hindsight kek rotate\`)`,
        );
      writeKeyRingFile(config.keyEncryption.file, newKeyRingFile(key, new Date()));
      process.stdout.write(`created ${config.keyEncryption.file} (key ${key.id})\n`);
      say(BACKUP_WARNING);
    });

  kek
    .command('status')
    .description('the keys in the ring, and how many stored subject keys each wraps')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const config = loadPlatformConfig();
      const ring = loadLocalKeyRing(config.keyEncryption);
      await withPlatform(config, async (ds) => {
        const keys = new SubjectKeyRepository(ds);
        const inUse = await keys.keyEncryptionKeysInUse();
        const result = {
          origin: ring.origin,
          current: ring.current().id,
          ring: ring.ids(),
          inUse: inUse.map((u) => ({ kekId: u.kekId, subjectKeys: u.keys, held: ring.byId(u.kekId) !== undefined })),
          plaintextColumn: await keys.hasPlaintextColumn(),
        };
        if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          process.stdout.write(`keys from ${result.origin}; current ${result.current}\n`);
          for (const id of result.ring)
            process.stdout.write(
              `  ${id}${id === result.current ? ' (current)' : ''}: wraps ${inUse.find((u) => u.kekId === id)?.keys ?? 0} subject keys\n`,
            );
          for (const u of result.inUse.filter((x) => !x.held))
            process.stdout.write(`  ${u.kekId}: NOT IN THE RING, wraps ${u.subjectKeys} subject keys\n`);
          if (result.plaintextColumn)
            process.stdout.write('subject keys are still stored in the clear: run `hindsight kek migrate`\n');
        }
      });
    });

  kek
    .command('rotate')
    .description(
      'make a new key-encryption key current and re-wrap every subject key under it, while ingestion goes on',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const config = loadPlatformConfig();
      const before = loadLocalKeyRing(config.keyEncryption);
      let ring: KeyEncryptionKeyRing;
      if (before.origin === 'HINDSIGHT_KEK') {
        // A key given by variable cannot be written back: the operator puts the new key first, and this re-wraps.
        ring = before;
      } else {
        const file = readKeyRingFile(config.keyEncryption.file);
        const key = generateKeyEncryptionKey();
        writeKeyRingFile(config.keyEncryption.file, {
          ...file,
          current: key.id,
          keys: [{ id: key.id, key: key.key.toString('base64'), createdAt: new Date().toISOString() }, ...file.keys],
        });
        say(`new key ${key.id} is current in ${config.keyEncryption.file}; ${BACKUP_WARNING}`);
        // Services re-read the file: after this, every key they create is wrapped under the new one.
        await sleep(FILE_NOTICE_MS);
        ring = loadLocalKeyRing(config.keyEncryption);
      }
      const current = ring.current();
      const rewrapped = await withPlatform(config, async (ds) => {
        const keys = new SubjectKeyRepository(ds);
        await verifyKeyRing(ring, keys);
        return withKeyLog(config, async (publish) => {
          let total = 0;
          // Twice: a key made under the old ring by a service that had not re-read the file yet is caught by the second pass.
          for (let pass = 0; pass < 2; pass++) {
            for (;;) {
              const done = await keys.rewrapBatch(current.id, BATCH, async (batch) => {
                const now = new Date().toISOString();
                const rewrapped = batch.map((k) => {
                  const old = ring.byId(k.kekId);
                  if (!old)
                    throw new IllegalStateError(
                      `kek rotate: subject keys are wrapped under ${k.kekId}, which the ring does not hold`,
                    );
                  return {
                    ref: k.ref,
                    wrapped: wrapDataKey(unwrapDataKey(k.wrapped, old, k.ref), current, k.ref),
                    wrappedAt: now,
                  };
                });
                await publish(rewrapped.map((w) => wrappedKeyRecord(w.ref, current.id, w.wrapped, w.wrappedAt)));
                return rewrapped;
              });
              if (done === 0) break;
              total += done;
              say(`re-wrapped ${total} subject keys`);
            }
            if (pass === 0) await sleep(FILE_NOTICE_MS);
          }
          return total;
        });
      });
      const retirable = ring.ids().filter((id) => id !== current.id);
      const result = { current: current.id, rewrapped, retirable };
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(`every subject key is wrapped under ${current.id} (${rewrapped} re-wrapped)\n`);
        for (const id of retirable)
          process.stdout.write(`the old key ${id} can now be removed: hindsight kek retire ${id}\n`);
      }
    });

  kek
    .command('retire <kekId>')
    .description('remove an old key from the key file once no stored subject key is wrapped under it')
    .action(async (kekId: string) => {
      const config = loadPlatformConfig();
      const ring = loadLocalKeyRing(config.keyEncryption);
      if (ring.origin === 'HINDSIGHT_KEK')
        throw new ValidationError([
          {
            path: 'HINDSIGHT_KEK',
            rule: 'keys given by variable are retired by removing their entry from the variable',
          },
        ]);
      if (ring.byId(kekId) === undefined)
        throw new ValidationError([{ path: 'kekId', rule: `not in the ring (${ring.ids().join(', ')})` }]);
      if (ring.current().id === kekId)
        throw new ValidationError([{ path: 'kekId', rule: 'is the current key: rotate first' }]);
      await withPlatform(config, async (ds) => {
        const used = (await new SubjectKeyRepository(ds).keyEncryptionKeysInUse()).find((u) => u.kekId === kekId);
        if (used)
          throw new IllegalStateError(
            `kek retire: ${used.keys} subject keys are still wrapped under ${kekId}: run \`hindsight kek rotate\` first`,
          );
      });
      const file = readKeyRingFile(config.keyEncryption.file);
      writeKeyRingFile(config.keyEncryption.file, { ...file, keys: file.keys.filter((k) => k.id !== kekId) });
      process.stdout.write(`removed ${kekId} from ${config.keyEncryption.file}\n`);
    });

  kek
    .command('migrate')
    .description(
      'once, on a deployment from before key wrapping: wrap and publish every subject key, publish every destruction, drop the plaintext column (idempotent)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const config = loadPlatformConfig();
      const ring = loadLocalKeyRing(config.keyEncryption);
      const kek = ring.current();
      const result = await withPlatform(config, async (ds) => {
        const keys = new SubjectKeyRepository(ds);
        return withKeyLog(config, async (publish) => {
          let wrapped = 0;
          if (await keys.hasPlaintextColumn()) {
            for (;;) {
              const done = await keys.wrapPlaintextBatch(BATCH, async (batch) => {
                const now = new Date().toISOString();
                const out = batch.map((k) => ({
                  ref: k.ref,
                  kekId: kek.id,
                  wrapped: wrapDataKey(k.key, kek, k.ref),
                  wrappedAt: now,
                }));
                await publish(out.map((w) => wrappedKeyRecord(w.ref, w.kekId, w.wrapped, w.wrappedAt)));
                return out;
              });
              if (done === 0) break;
              wrapped += done;
              say(`wrapped and published ${wrapped} subject keys`);
            }
            await keys.dropPlaintextColumn();
          }
          let destructions = 0;
          for (;;) {
            const batch = await keys.unpublishedDestructions(BATCH);
            if (batch.length === 0) break;
            await publish(batch.map((d) => destroyedKeyRecord(d.ref, d.destroyedAt)));
            await keys.markDestructionsOnLog(batch.map((d) => d.ref));
            destructions += batch.length;
          }
          await verifyKeyRing(ring, keys);
          return { kekId: kek.id, wrapped, destructions, plaintextColumn: false };
        });
      });
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else
        process.stdout.write(
          `wrapped and published ${result.wrapped} subject keys under ${result.kekId}, published ${result.destructions} destructions; no key is stored in the clear\n`,
        );
    });
};

/** The database (migrated) and the topics (created), as a service prepares them. */
async function withPlatform<T>(config: PlatformConfig, work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await preparePlatform(
    config,
    createLogger('hindsight-cli', config.logLevel === 'info' ? 'warn' : config.logLevel),
    'cli',
  );
  try {
    return await work(ds);
  } finally {
    await ds
      .destroy()
      .catch((error: unknown) =>
        say(
          `hindsight: closing the database connections failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }
}

async function withKeyLog<T>(
  config: PlatformConfig,
  work: (publish: (records: readonly SubjectKeyRecord[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  const topic = topicName(config.kafka.topicPrefix, TOPICS.subjectKeys);
  const publisher = createEventPublisher(config.kafka, 'cli-kek', undefined, {
    maxBatchMessages: BATCH,
    minAckTimeoutMs: 30_000,
  });
  try {
    await publisher.connect();
  } catch (error) {
    throw new UnavailableError('kafka', `cannot reach the broker: ${(error as Error).message}`);
  }
  try {
    return await work((records) => publisher.publish(records.map((r) => subjectKeyMessage(topic, r))));
  } finally {
    await publisher
      .close()
      .catch((error: unknown) =>
        say(`hindsight: closing the Kafka producer failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
