import { spawnSync } from 'node:child_process';

/** True only when a Docker engine answers, not merely when the `docker` client is installed. */
export function dockerEngineAvailable(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10000 });
  return !result.error && result.status === 0;
}

export function dockerCompose(composeFile: string, args: string[]): void {
  const result = spawnSync('docker', ['compose', '-f', composeFile, ...args], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`docker compose ${args.join(' ')} failed with exit code ${result.status}`);
}
