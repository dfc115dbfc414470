import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ValidationError } from '@hindsight/contracts';

/**
 * Checks, before any work, that an output file named by `flag` can be written:
 * a command that sends thousands of events and only then finds its report's
 * folder missing has lost the report.
 */
export async function assertWritableOutput(path: string | undefined, flag: string): Promise<void> {
  if (path === undefined) return;
  const folder = dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new ValidationError([
      { path: flag, rule: `cannot write into ${folder} (${(error as NodeJS.ErrnoException).code ?? 'unwritable'})` },
    ]);
  }
}
