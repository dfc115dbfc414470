import type { CoverageRowJson } from './api-types';

export interface RepresentationRow {
  readonly dimension: string;
  readonly value: string;
  /** "dimension: value", the chart's category */
  readonly label: string;
  readonly actual: number;
  readonly target: number | null;
  readonly gap: number | null;
  readonly status: CoverageRowJson['status'];
}

/**
 * Representation against the target profile: one row per (dimension, value) with
 * the share of raters and the target share, in the report's order (dimension, then
 * value). Rows without a target are kept (`status: 'untargeted'`) so the page shows
 * who rates even when no target was given.
 *
 * @example
 * representationRows(report.representation.coverage.rows); // [{ label: 'region: 150', actual: 0.2, target: 0.3, status: 'under', … }]
 * @throws never.
 */
export function representationRows(rows: readonly CoverageRowJson[]): RepresentationRow[] {
  return rows.map((r) => ({
    dimension: r.dimension,
    value: r.value,
    label: `${r.dimension}: ${r.value}`,
    actual: r.actual,
    target: r.target,
    gap: r.gap,
    status: r.status,
  }));
}
