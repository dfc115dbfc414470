import { parseArgs } from 'node:util';

/** One option of a benchmark's command line: `--name <value>` or, with `flag`, a bare `--name`. */
export interface BenchOption {
  /** What the value is called in the usage (`N`, `path`); absent for a flag. */
  readonly value?: string;
  readonly help: string;
}

/** Thrown (and printed with the usage, exit code 2) for a command line the benchmark does not take. */
export class BenchArgsError extends Error {}

let declared:
  | {
      readonly command: string;
      readonly names: ReadonlySet<string>;
      readonly values: Record<string, string | boolean | undefined>;
    }
  | undefined;

/** What a command line says: the options' values and the one positional, or why it is refused, or `--help`. */
export type ParsedBenchArgs =
  | {
      readonly kind: 'run';
      readonly values: Record<string, string | boolean | undefined>;
      readonly positional?: string;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * `args` read against `options` (pure; `declareBenchArgs` acts on the answer): an option not declared, an option
 * without its value, a value given to a flag or an argument that is not an option is refused; `--help`/`-h` asks for
 * the usage.
 */
export function parseBenchArgs(
  args: readonly string[],
  options: Record<string, BenchOption>,
  positional?: BenchOption & { readonly value: string },
): ParsedBenchArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: positional !== undefined,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(
          Object.entries(options).map(([name, o]) => [name, { type: o.value === undefined ? 'boolean' : 'string' }]),
        ),
      } as Record<string, { type: 'string' | 'boolean'; short?: string }>,
    });
    if (values.help) return { kind: 'help' };
    if (positional && positionals.length !== 1)
      return { kind: 'refused', reason: `needs one <${positional.value}> (got ${positionals.length})` };
    return { kind: 'run', values, ...(positional ? { positional: positionals[0] } : {}) };
  } catch (error) {
    return { kind: 'refused', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads the command line against the benchmark's options, before any option is read: `--help` prints them and
 * exits 0; an option it does not take, an option without its value or a stray argument exits 2 with the usage
 * (a misspelt `--event 1M` ran the default size silently before). Each benchmark declares its options once, at
 * the top; `benchArg` then reads them. Returns the one positional argument, when the command takes one.
 */
export function declareBenchArgs(
  command: string,
  summary: string,
  options: Record<string, BenchOption>,
  /** The one argument that is not an option (a profile to summarise), if the command takes one. */
  positional?: BenchOption & { readonly value: string },
): string | undefined {
  const usage = usageOf(command, summary, options, positional);
  const parsed = parseBenchArgs(process.argv.slice(2), options, positional);
  if (parsed.kind === 'help') {
    process.stdout.write(`${usage}\n`);
    return process.exit(0);
  }
  if (parsed.kind === 'refused') {
    process.stderr.write(`${command}: ${parsed.reason}\n\n${usage}\n`);
    return process.exit(2);
  }
  declared = { command, names: new Set(Object.keys(options)), values: parsed.values };
  return parsed.positional;
}

/** Refuses a declared option's value (`--events 0`): says which and why, exit code 2, as for an unknown option. */
export function refuseBenchArg(name: string, rule: string, got: string): never {
  const command = declared?.command ?? 'benchmark';
  process.stderr.write(`${command}: --${name} ${rule} (got "${got}"); --help lists the options\n`);
  return process.exit(2);
}

/** The value of a declared option (`true` for a flag given), or undefined when absent. */
export function benchArg(name: string): string | boolean | undefined {
  if (!declared) throw new BenchArgsError(`the benchmark reads --${name} before declaring its options`);
  if (!declared.names.has(name))
    throw new BenchArgsError(`${declared.command} reads --${name}, which it does not declare`);
  return declared.values[name];
}

function usageOf(
  command: string,
  summary: string,
  options: Record<string, BenchOption>,
  positional: (BenchOption & { readonly value: string }) | undefined,
): string {
  const left = (name: string, o: BenchOption) => `--${name}${o.value === undefined ? '' : ` <${o.value}>`}`;
  const width = Math.max(...Object.entries(options).map(([n, o]) => left(n, o).length), 10);
  return [
    `usage: ${command.startsWith('bench:') ? `npm run ${command} --` : command} [options]${positional ? ` <${positional.value}>` : ''}`,
    summary,
    '',
    ...(positional ? [`  <${positional.value}>  ${positional.help}`, ''] : []),
    'options:',
    ...Object.entries(options).map(([n, o]) => `  ${left(n, o).padEnd(width)}  ${o.help}`),
    `  ${'--help'.padEnd(width)}  print this and exit`,
  ].join('\n');
}

/** `--name 123` or `--name 100k` / `1M`; the fallback when absent. */
export function numberOption(name: string, fallback: number): number {
  const text = textOption(name);
  if (text === undefined) return fallback;
  const value = parseCount(text);
  if (!Number.isFinite(value) || value <= 0) refuseBenchArg(name, 'needs a positive number (200k, 1M allowed)', text);
  return value;
}

/** `--name a,b,c` as numbers (`200k,1M` allowed). */
export function listOption(name: string, fallback: readonly number[]): number[] {
  const text = textOption(name);
  if (text === undefined) return [...fallback];
  const values = text.split(',').map(parseCount);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0))
    refuseBenchArg(name, 'needs a comma-separated list of positive numbers', text);
  return values;
}

function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) return NaN;
  return Math.round(Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1_000 : 1_000_000));
}

/** `--name <text>`, or undefined when absent. */
export function textOption(name: string): string | undefined {
  const value = benchArg(name);
  if (typeof value === 'boolean')
    throw new BenchArgsError(`--${name} is declared as a flag, not an option with a value`);
  return value;
}
