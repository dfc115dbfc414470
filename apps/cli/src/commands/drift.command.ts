import {
  RULE_SLUG,
  RULE_TOKEN,
  SLUG_PATTERN,
  TOKEN_PATTERN,
  ValidationError,
  type FieldIssue,
} from '@hindsight/contracts';
import { DriftMeasurementRepository, type DriftMeasurementItem } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

export interface DriftFlags {
  readonly tenant: string;
  readonly objective: string;
  readonly surface?: string;
  readonly limit: string;
}

/**
 * The flags of `hindsight drift`, checked by the rules of the events they read.
 * @throws ValidationError naming every bad flag: an objective that is not a slug, a surface that is not a token,
 *   a limit outside 1–500.
 */
export function parseDriftFlags(o: DriftFlags): { tenant: string; objective: string; surface?: string; limit: number } {
  const issues: FieldIssue[] = [];
  if (!SLUG_PATTERN.test(o.tenant)) issues.push({ path: 'tenant', rule: RULE_SLUG });
  if (!SLUG_PATTERN.test(o.objective)) issues.push({ path: 'objective', rule: RULE_SLUG });
  if (o.surface !== undefined && (!TOKEN_PATTERN.test(o.surface) || o.surface.length > 200))
    issues.push({ path: 'surface', rule: RULE_TOKEN });
  const limit = Number(o.limit);
  if (!/^\d+$/.test(o.limit) || limit < 1 || limit > 500)
    issues.push({ path: 'limit', rule: 'must be an integer from 1 to 500' });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    tenant: o.tenant,
    objective: o.objective,
    limit,
    ...(o.surface === undefined ? {} : { surface: o.surface }),
  };
}

const COLUMNS = [
  'measured at',
  'surface',
  'words',
  'length',
  'locale',
  'prompts',
  'threshold',
  'policy',
  'run',
] as const;
const bits = (v: number | null) => (v === null ? '-' : v.toFixed(3));

/**
 * The readings as a table, newest first: each measure in bits with three decimals (`-`: not known), the prompts
 * compared (`trained/deployed`), `all` for the objective's whole traffic. Pure.
 *
 * @example renderDriftTable([]) // 'no drift readings\n'
 */
export function renderDriftTable(items: readonly DriftMeasurementItem[]): string {
  if (items.length === 0) return 'no drift readings\n';
  const rows = items.map((d) => [
    d.measuredAt,
    d.objective === null ? '(policy)' : (d.surface ?? 'all'),
    bits(d.value),
    bits(d.lengthDrift),
    bits(d.localeMixDrift),
    d.samples === null ? '-' : `${d.samples.trainedOn}/${d.samples.deployed}`,
    d.threshold === null ? '-' : String(d.threshold),
    d.policyId,
    d.runId ?? '',
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(COLUMNS), ...rows.map(line)].join('\n')}\n`;
}

/** `hindsight drift`: the scheduler's drift readings of one objective (and surface) over time, from PostgreSQL. */
export const registerDriftCommands: CommandRegistrar = (program) => {
  program
    .command('drift')
    .description(
      "drift readings of one objective over time, newest first: word, length and locale-mix Jensen–Shannon divergence in bits, per surface ('all': the objective's whole traffic)",
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--objective <objective>', 'objective (a slug)')
    .option('--surface <surface>', 'only this product surface')
    .option('--limit <n>', 'at most this many readings (1–500)', '50')
    .option('--json', 'print JSON ({items, nextCursor}, as GET /v1/drift)')
    .action(async (o: DriftFlags & { json?: boolean }) => {
      const flags = parseDriftFlags(o);
      const page = await withDatabase((ds) =>
        new DriftMeasurementRepository(ds).measurements(flags.tenant, {
          limit: flags.limit,
          objective: flags.objective,
          ...(flags.surface === undefined ? {} : { surface: flags.surface }),
        }),
      );
      process.stdout.write(o.json ? `${JSON.stringify(page)}\n` : renderDriftTable(page.items));
    });
};
