import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs `hindsight ARGS` as a child process with this run's environment (plus `env`); resolves with its output and exit code. */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = join(__dirname, '../..');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/hindsight.js'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
