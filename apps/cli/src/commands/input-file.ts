import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '@hindsight/contracts';

/** The file name that means standard input, wherever a command reads a file (`--input -`, `import -`). */
export const STDIN = '-';

let stdinReadFor: string | undefined;

/** Standard input can be read once: two options naming `-` in one command are refused, naming both. */
function claimStdin(option: string): void {
  if (stdinReadFor !== undefined && stdinReadFor !== option) {
    throw new ValidationError([
      { path: option, rule: `cannot read standard input: ${stdinReadFor} already reads it (only one option may be -)` },
    ]);
  }
  stdinReadFor = option;
}

/** The text of `file`, or of standard input when it is `-`; read errors propagate for the caller to name its option. */
export function readInputTextSync(file: string, option: string): string {
  if (file !== STDIN) return readFileSync(file, 'utf8');
  claimStdin(option);
  return readFileSync(0, 'utf8');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** As readInputTextSync, without blocking the event loop. */
export async function readInputText(file: string, option: string): Promise<string> {
  if (file !== STDIN) return readFile(file, 'utf8');
  claimStdin(option);
  return (await readStdin()).toString('utf8');
}

/**
 * For readers that need a path (they open a file twice, or seek, as Parquet does):
 * `-` is copied to a private temporary file, removed by `release`. Any other file
 * is returned as it is.
 */
export async function inputAsPath(file: string, option: string): Promise<{ readonly path: string; release(): void }> {
  if (file !== STDIN) return { path: file, release: () => undefined };
  claimStdin(option);
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-stdin-'));
  const path = join(dir, 'stdin');
  writeFileSync(path, await readStdin(), { mode: 0o600 });
  return { path, release: () => rmSync(dir, { recursive: true, force: true }) };
}
