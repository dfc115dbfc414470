import 'reflect-metadata';
import { CommanderError } from 'commander';
import { HindsightError } from '@hindsight/contracts';
import { buildProgram } from './program';

/** Exit codes: 0 success, 1 failure, 2 bad input (validation or usage), 3 a dependency is unavailable. */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof HindsightError) {
      process.stderr.write(`hindsight: ${error.message}\n`);
      return error.code === 'unavailable' ? 3 : error.code === 'validation' || error.code === 'configuration' ? 2 : 1;
    }
    process.stderr.write(`hindsight: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
