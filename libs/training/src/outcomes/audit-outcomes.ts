import type { OutcomeAuditSlice } from '@hindsight/contracts';
import { delongCovariance } from './delong-covariance';

/** One interaction of an audit: its outcome and the surface it came from (null: none named). */
export interface AuditedInteraction {
  readonly success: boolean;
  readonly surface: string | null;
}

export interface OutcomeAuditResult {
  readonly overall: OutcomeAuditSlice;
  /** One slice per surface named by an interaction (null last: those naming none), by surface. */
  readonly bySurface: OutcomeAuditSlice[];
  /** The overall slice is worse than the parent's (the difference's interval lies below 0). */
  readonly flagged: boolean;
}

/** z of the two-sided normal interval at `level` (0.95 → 1.96), by bisection on Φ. */
function zOf(level: number): number {
  const p = 1 - (1 - level) / 2;
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Φ(x) by the complementary error function (Numerical Recipes' erfc, relative error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + z / 2);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function slice(
  surface: string | null,
  indices: readonly number[],
  modelScores: readonly number[],
  parentScores: readonly number[] | null,
  interactions: readonly AuditedInteraction[],
  z: number,
): OutcomeAuditSlice {
  const positive = indices.map((i) => interactions[i].success);
  const successes = positive.filter(Boolean).length;
  const empty: OutcomeAuditSlice = {
    surface,
    interactions: indices.length,
    successes,
    auc: null,
    ci: null,
    parentAuc: null,
    parentCi: null,
    difference: null,
    differenceCi: null,
    worseThanParent: false,
  };
  const scorings = [indices.map((i) => modelScores[i])];
  if (parentScores) scorings.push(indices.map((i) => parentScores[i]));
  const estimate = delongCovariance(scorings, positive);
  if (!estimate) return empty;
  const interval = (auc: number, variance: number): [number, number] => {
    const half = z * Math.sqrt(Math.max(0, variance));
    return [clamp(auc - half, 0, 1), clamp(auc + half, 0, 1)];
  };
  const [auc, parentAuc] = estimate.aucs;
  const c = estimate.covariance;
  const result = { ...empty, auc, ci: interval(auc, c[0][0]) };
  if (!parentScores) return result;
  const difference = auc - parentAuc;
  const half = z * Math.sqrt(Math.max(0, c[0][0] + c[1][1] - 2 * c[0][1]));
  const differenceCi: [number, number] = [clamp(difference - half, -1, 1), clamp(difference + half, -1, 1)];
  return {
    ...result,
    parentAuc,
    parentCi: interval(parentAuc, c[1][1]),
    difference,
    differenceCi,
    worseThanParent: differenceCi[1] < 0,
  };
}

/**
 * The outcome audit of a model: how well its scores rank the interactions
 * with good outcomes (the Mann–Whitney AUC, P(a success outscores a failure),
 * ties ½), with DeLong et al. (1988) intervals at `level`, overall and per
 * surface; with the parent's scores of the same interactions, the parent's AUC
 * and the paired difference model − parent with its interval (DeLong's
 * covariance: both AUCs come from the same interactions, so their errors are
 * correlated). A slice is worse than the parent when the difference's
 * interval lies wholly below 0; the model is flagged when the overall slice is.
 * @example auditOutcomes([2, 1, 0, 3], null, [ok, bad, bad, ok]).overall.auc // 1
 * @throws RangeError when the score lists and interactions differ in length, a score is not finite, or level is not in (0, 1).
 */
export function auditOutcomes(
  modelScores: readonly number[],
  parentScores: readonly number[] | null,
  interactions: readonly AuditedInteraction[],
  level = 0.95,
): OutcomeAuditResult {
  if (!(level > 0 && level < 1)) throw new RangeError('auditOutcomes: level must be between 0 and 1');
  if (modelScores.length !== interactions.length || (parentScores && parentScores.length !== interactions.length))
    throw new RangeError(
      `auditOutcomes: ${modelScores.length} model scores and ${parentScores?.length ?? 'no'} parent scores for ${interactions.length} interactions`,
    );
  const z = zOf(level);
  const all = interactions.map((_, i) => i);
  const bySurfaceIndices = new Map<string | null, number[]>();
  for (const i of all) {
    const key = interactions[i].surface;
    const list = bySurfaceIndices.get(key);
    if (list) list.push(i);
    else bySurfaceIndices.set(key, [i]);
  }
  const surfaces = [...bySurfaceIndices.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const overall = slice(null, all, modelScores, parentScores, interactions, z);
  return {
    overall,
    bySurface: surfaces.map((s) => slice(s, bySurfaceIndices.get(s)!, modelScores, parentScores, interactions, z)),
    flagged: overall.worseThanParent,
  };
}
