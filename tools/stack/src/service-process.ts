import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot as findRepoRoot } from '@hindsight/runtime';

const repoRoot = findRepoRoot();

export const PLATFORM_SERVICES = ['api', 'projector', 'scheduler', 'trainer'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** Runs the service's compiled code in a child process (`bin/service.js`: recompiles what changed first, then runs dist/). */
export function spawnService(
  service: PlatformService,
  env: NodeJS.ProcessEnv = process.env,
  stdio: StdioOptions = ['ignore', 'inherit', 'inherit'],
): ChildProcess {
  return spawn(process.execPath, [join(repoRoot, 'bin', 'service.js'), service], { cwd: repoRoot, env, stdio });
}

/** Polls `/ready` until it answers 200; fails early when the child exits first. */
export async function waitReady(
  service: PlatformService,
  url: string,
  child: ChildProcess,
  seconds = 120,
): Promise<void> {
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

/** SIGTERM (the services close their consumers and producers on it), SIGKILL if still running after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}
