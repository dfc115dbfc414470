import 'reflect-metadata';
import { HindsightError } from '@hindsight/contracts';
import { DemoRun } from './demo-run';
import { parseDemoArguments } from './demo-options';

const say = (line: string) => process.stdout.write(`${line}\n`);

function exitCodeOf(error: HindsightError): number {
  return error.code === 'unavailable' ? 3 : error.code === 'validation' || error.code === 'configuration' ? 2 : 1;
}

/** Exit codes: 0 success, 1 the demo failed, 2 bad flags or configuration, 3 a dependency is unavailable, 130 interrupted. */
async function main(argv: readonly string[]): Promise<number> {
  let run: DemoRun;
  try {
    const parsed = parseDemoArguments(argv, (text) => process.stdout.write(text));
    if ('exitCode' in parsed) return parsed.exitCode;
    run = new DemoRun(parsed.options, say);
  } catch (error) {
    process.stderr.write(`npm run demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof HindsightError ? exitCodeOf(error) : 1;
  }
  let interrupted = false;
  const interrupt = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the demo's services and cleaning up ...\n`);
    void run
      .cleanup('interrupted')
      .catch((error: unknown) =>
        process.stderr.write(`cleaning up failed: ${error instanceof Error ? error.message : String(error)}\n`),
      )
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  let outcome: 'succeeded' | 'failed' = 'failed';
  try {
    const summary = await run.execute();
    outcome = 'succeeded';
    say(`\nDemo finished in ${Math.floor(summary.seconds / 60)} min ${summary.seconds % 60} s.`);
    return 0;
  } catch (error) {
    if (interrupted) return 130;
    process.stderr.write(`\nnpm run demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof HindsightError ? exitCodeOf(error) : 1;
  } finally {
    // After Ctrl-C this is the cleanup already under way: the process exits only once it is done.
    await run.cleanup(interrupted ? 'interrupted' : outcome);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `npm run demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
