import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { postgresMissingAdvice, probePostgres, SubjectKeyRepository } from '@hindsight/store';
import { generateKeyEncryptionKey, newKeyRingFile, writeKeyRingFile } from '@hindsight/shredding';
import {
  PLATFORM_SERVICES as services,
  spawnService,
  stopProcess,
  waitReady,
  type PlatformService as Service,
} from './service-process';
import { ensureWebBuild } from '@hindsight/web-build';
import { stackDown, stackUp } from './stack';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A new platform gets its key-encryption key here, with the warning to back it up.
 * A platform that already holds wrapped subject keys never gets a new one in
 * place of a lost one: the services then refuse to start and say which key they need.
 */
async function ensureKeyRingOfNewPlatform(config: PlatformConfig, ds: DataSource): Promise<void> {
  if (config.keyEncryption.inline !== '' || existsSync(config.keyEncryption.file)) return;
  if ((await new SubjectKeyRepository(ds).keyEncryptionKeysInUse()).length > 0) return;
  const key = generateKeyEncryptionKey();
  writeKeyRingFile(config.keyEncryption.file, newKeyRingFile(key, new Date()));
  say(`Created the key-encryption key ${key.id} in ${config.keyEncryption.file}.`);
  say(
    '  BACK IT UP NOW, away from the database and Kafka: without it the personal content on Kafka cannot be read after a loss of PostgreSQL.',
  );
}

/**
 * `npm start`: the stack up if needed, migrations and topics, then the four
 * services as child processes of this one; Ctrl-C stops them all (and the broker
 * and the embedded PostgreSQL, if this command started them).
 */
async function main(): Promise<void> {
  const config = loadPlatformConfig();
  const stack = await stackUp(config, say);
  const pg = await probePostgres(config.database.url);
  if (!pg.up) {
    process.stderr.write(`${postgresMissingAdvice(config.database.url, pg.detail)}\n`);
    process.exit(1);
  }
  const setup = await preparePlatform(
    config,
    createLogger('start', config.logLevel, { format: config.logFormat }),
    'start',
  );
  try {
    await ensureKeyRingOfNewPlatform(config, setup);
  } finally {
    await setup.destroy();
  }

  // The browser pages (/annotate, /console), bundled when missing or stale: no CDN, nothing fetched at run time.
  await ensureWebBuild(config.web.distDir, say);

  const children = new Map<Service, ChildProcess>(services.map((s) => [s, spawnService(s)]));
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the services ...');
    await Promise.all([...children.values()].map((child) => stopProcess(child)));
    try {
      const mine = { kafka: stack.started === 'java', postgres: stack.postgres === 'embedded' };
      if (mine.kafka || mine.postgres) await stackDown(config, say, mine);
      if (!mine.kafka) say('Kafka was already running before npm start; it keeps running.');
      if (!mine.postgres) say('PostgreSQL was already running before npm start; it keeps running.');
    } catch (error) {
      process.stderr.write(
        `could not stop the local Kafka broker or PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      code = code === 0 ? 1 : code;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const [service, child] of children) {
    child.on('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(`${service} exited unexpectedly (code ${code}, signal ${signal}); stopping the others.\n`);
      void stopAll(1);
    });
  }
  try {
    await Promise.all(
      services.map((s) => waitReady(s, `http://${config.httpHost}:${config.ports[s]}/ready`, children.get(s)!)),
    );
  } catch (error) {
    // Do not leave the services that did start (and a broker this command started) running behind a failed start.
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll(1);
    return;
  }
  say('');
  say('Hindsight is running:');
  for (const s of services) say(`  ${s.padEnd(10)} http://${config.httpHost}:${config.ports[s]}   (/health, /ready)`);
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
