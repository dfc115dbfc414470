import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { loadPlatformConfig, type PlatformConfig } from '@hindsight/config';
import { createLogger, preparePlatform } from '@hindsight/runtime';
import { postgresMissingAdvice, probePostgres } from '@hindsight/store';
import { stackDown, stackUp } from './stack';

const repoRoot = resolve(__dirname, '../../..');
const services = ['api', 'projector', 'scheduler', 'trainer'] as const;
type Service = (typeof services)[number];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function spawnService(service: Service): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', join(repoRoot, 'apps', service, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function waitReady(config: PlatformConfig, service: Service, child: ChildProcess, seconds = 120): Promise<void> {
  const url = `http://${config.httpHost}:${config.ports[service]}/ready`;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service} exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not listening yet: keep polling until the deadline.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service} was not ready at ${url} within ${seconds}s`);
}

/**
 * `npm start`: the stack up if needed, migrations and topics, then the four
 * services as child processes of this one; Ctrl-C stops them all (and the broker,
 * if this command started it).
 */
async function main(): Promise<void> {
  const config = loadPlatformConfig();
  const stack = await stackUp(config, say);
  const pg = await probePostgres(config.database.url);
  if (!pg.up) {
    process.stderr.write(`${postgresMissingAdvice(config.database.url, pg.detail)}\n`);
    process.exit(1);
  }
  const setup = await preparePlatform(config, createLogger('start', config.logLevel), 'start');
  await setup.destroy();

  const children = new Map<Service, ChildProcess>(services.map((s) => [s, spawnService(s)]));
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the services ...');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    if (stack.started === 'java') await stackDown(config, say);
    else say('Kafka was already running before npm start; it keeps running.');
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
  await Promise.all(services.map((s) => waitReady(config, s, children.get(s)!)));
  say('');
  say('Hindsight is running:');
  for (const s of services) say(`  ${s.padEnd(10)} http://${config.httpHost}:${config.ports[s]}   (/health, /ready)`);
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
