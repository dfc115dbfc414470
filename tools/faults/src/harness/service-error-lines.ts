import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** pino's numeric levels of `error` and `fatal`, and their names (a service logging with level labels). */
const ERROR_LEVEL = /"level":(50|60|"error"|"fatal")[,}]/;

/**
 * The error and fatal lines of the services' logs in a scenario's folder (`logs/*.log`), each prefixed with its
 * file, at most `max` of them (the last ones of each file first cut): what a failed scenario prints, so that a CI
 * run that keeps nothing still shows why a service answered 500 or stopped.
 */
export function serviceErrorLines(workDir: string, max = 40): string[] {
  const dir = join(workDir, 'logs');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    // A scenario that failed before starting any service has no logs.
    return [];
  }
  const lines: string[] = [];
  for (const file of files.sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const line of text.split('\n')) if (ERROR_LEVEL.test(line)) lines.push(`${file}: ${line.slice(0, 2000)}`);
  }
  return lines.length <= max ? lines : [...lines.slice(0, max), `… ${lines.length - max} more error lines in ${dir}`];
}
