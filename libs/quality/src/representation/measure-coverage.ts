import type { CoverageDimension, CoverageRow } from '@hindsight/api-types';
import { invalidInput } from '../agreement/invalid-input';
import { chiSquareGoodnessOfFit } from '../distributions/chi-square-goodness-of-fit';
import type { ChiSquareResult } from '../distributions/chi-square-test';
import type { RaterProfile, TargetProfile } from '../report/comparison-record';

export type { CoverageDimension, CoverageRow } from '@hindsight/api-types';

export interface CoverageReport {
  readonly raters: number;
  readonly rows: CoverageRow[];
  /** the under-represented rows, largest shortfall first */
  readonly gaps: CoverageRow[];
  /** chi-square goodness of fit of the rater counts to the target shares (single-valued dimensions with ≥ 2 targeted values) */
  readonly fit: { readonly expertise: ChiSquareResult | null; readonly region: ChiSquareResult | null };
}

const DIMENSIONS: readonly CoverageDimension[] = ['expertise', 'languages', 'region'];

/**
 * Coverage of the rater profiles against a declared target profile: for every
 * expertise level, language and region, the share of raters (and, given activity,
 * of judgments) against the target share, with the gap; a value is under- or
 * over-represented when the gap is at least `tolerance` (absolute). Expertise and
 * region also get a chi-square goodness-of-fit test. Linear in the raters.
 *
 * @example
 * measureCoverage(profiles, { region: { europe: 0.3, 'south-asia': 0.3, 'north-america': 0.4 } }).gaps;
 * // [{ dimension: 'region', value: 'south-asia', actual: 0.15, target: 0.3, gap: -0.15, status: 'under', … }]
 * @throws ValidationError when a target share is not in [0, 1] or tolerance is not in (0, 1).
 */
export function measureCoverage(
  raters: readonly RaterProfile[],
  target: TargetProfile = {},
  options: { tolerance?: number; activity?: ReadonlyMap<string, number> } = {},
): CoverageReport {
  const fn = 'measureCoverage';
  const tolerance = options.tolerance ?? 0.05;
  if (!(tolerance > 0 && tolerance < 1))
    throw invalidInput(fn, 'options.tolerance', 'must lie strictly between 0 and 1');
  for (const d of DIMENSIONS) {
    for (const [value, share] of Object.entries(target[d] ?? {})) {
      if (!(share >= 0 && share <= 1)) throw invalidInput(fn, `target.${d}.${value}`, 'must be a share in [0, 1]');
    }
  }
  const n = raters.length;
  const activity = options.activity;
  let totalActivity = 0;
  const counts = new Map<string, { raters: number; judgments: number }>();
  const bump = (d: CoverageDimension, value: string, judgments: number): void => {
    const key = `${d}\u0000${value}`;
    const entry = counts.get(key) ?? { raters: 0, judgments: 0 };
    entry.raters++;
    entry.judgments += judgments;
    counts.set(key, entry);
  };
  raters.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || typeof p.raterId !== 'string')
      throw invalidInput(fn, `raters[${i}]`, 'must be a rater profile');
    const judgments = activity?.get(p.raterId) ?? 0;
    totalActivity += judgments;
    bump('expertise', p.expertise || 'unknown', judgments);
    bump('region', p.region || 'unknown', judgments);
    const languages =
      Array.isArray(p.languages) && p.languages.length > 0 ? new Set(p.languages) : new Set(['unknown']);
    for (const language of languages) bump('languages', language, judgments);
  });

  const rows: CoverageRow[] = [];
  for (const d of DIMENSIONS) {
    const targets = target[d] ?? {};
    const values = new Set<string>(Object.keys(targets));
    for (const key of counts.keys()) if (key.startsWith(`${d}\u0000`)) values.add(key.slice(d.length + 1));
    for (const value of [...values].sort()) {
      const entry = counts.get(`${d}\u0000${value}`) ?? { raters: 0, judgments: 0 };
      const actual = n > 0 ? entry.raters / n : 0;
      const t = Object.prototype.hasOwnProperty.call(targets, value) ? targets[value] : null;
      const gap = t === null ? null : actual - t;
      rows.push({
        dimension: d,
        value,
        raters: entry.raters,
        actual,
        actualByJudgments: activity && totalActivity > 0 ? entry.judgments / totalActivity : null,
        target: t,
        gap,
        status: gap === null ? 'untargeted' : gap <= -tolerance ? 'under' : gap >= tolerance ? 'over' : 'ok',
      });
    }
  }

  const fitOf = (d: 'expertise' | 'region'): ChiSquareResult | null => {
    const targeted = rows.filter((r) => r.dimension === d && r.target !== null && r.target > 0);
    if (targeted.length < 2 || targeted.every((r) => r.raters === 0)) return null;
    return chiSquareGoodnessOfFit(
      targeted.map((r) => r.raters),
      targeted.map((r) => r.target as number),
    );
  };

  return {
    raters: n,
    rows,
    gaps: rows.filter((r) => r.status === 'under').sort((a, b) => (a.gap as number) - (b.gap as number)),
    fit: { expertise: fitOf('expertise'), region: fitOf('region') },
  };
}
