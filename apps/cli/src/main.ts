import 'reflect-metadata';
import { CommanderError } from 'commander';
import { HindsightError } from '@hindsight/contracts';
import { EXIT_CODES } from './command-help';
import { buildProgram } from './program';

/** Exit codes (command-help.ts, shown in every --help): 0 success, 1 failure, 2 bad input (validation or usage), 3 a dependency is unavailable. */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT_CODES.success;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.success : EXIT_CODES.badInput;
    if (error instanceof HindsightError) {
      process.stderr.write(`hindsight: ${error.message}\n`);
      return error.code === 'unavailable'
        ? EXIT_CODES.unavailable
        : error.code === 'validation' || error.code === 'configuration'
          ? EXIT_CODES.badInput
          : EXIT_CODES.failure;
    }
    process.stderr.write(`hindsight: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failure;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
