import { cpus, totalmem } from 'node:os';
import { scenarioPassed, type ScenarioOutcome } from './scenario';

export interface TimedOutcome extends ScenarioOutcome {
  readonly seconds: number;
  readonly passed: boolean;
}

export function timed(outcome: ScenarioOutcome, seconds: number): TimedOutcome {
  return { ...outcome, seconds, passed: scenarioPassed(outcome) };
}

export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

const cell = (n: number | null, digits = 0) =>
  n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The final table: one line per scenario; first and last columns left-aligned. */
export function outcomeTable(outcomes: readonly TimedOutcome[]): string {
  const header = [
    'scenario',
    'requests',
    'accepted',
    'refused',
    'lost',
    'duplicated',
    'recovery s',
    'checks',
    'time s',
    'result',
  ];
  const rows = outcomes.map((o) => [
    o.scenario,
    cell(o.requests),
    cell(o.accepted),
    cell(o.refused),
    cell(o.lost),
    cell(o.duplicated),
    cell(o.recoverySeconds, 1),
    `${o.checks.filter((c) => c.ok).length}/${o.checks.length}`,
    cell(o.seconds),
    o.passed ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
