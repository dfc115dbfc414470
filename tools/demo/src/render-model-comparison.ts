import { formatTable } from '@hindsight/quality-report';
import type { ModelComparison } from '@hindsight/training';

/** Registry metric names in reading order, with a label and which way is better. */
const METRICS: readonly { readonly name: string; readonly label: string; readonly better?: 'higher' | 'lower' }[] = [
  { name: 'pairwiseAccuracy', label: 'held-out pairwise accuracy', better: 'higher' },
  { name: 'logLoss', label: 'held-out log loss', better: 'lower' },
  { name: 'expectedCalibrationError', label: 'expected calibration error', better: 'lower' },
  { name: 'outcomeAuc', label: 'outcome AUC (product)', better: 'higher' },
  { name: 'heldOutPairs', label: 'held-out pairs' },
  { name: 'trainingPairs', label: 'training pairs' },
  { name: 'outcomeInteractions', label: 'interactions with outcomes' },
];

const value = (v: number | null): string => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(4));
const delta = (v: number | null): string =>
  v === null ? '–' : `${v > 0 ? '+' : ''}${Number.isInteger(v) ? v : v.toFixed(4)}`;

function verdict(better: 'higher' | 'lower' | undefined, d: number | null): string {
  if (better === undefined || d === null || d === 0) return '';
  return d > 0 === (better === 'higher') ? 'better' : 'worse';
}

/**
 * The new models' metrics next to the previous ones, per objective, with the
 * change and whether it is an improvement, then how the training sets differ. Pure.
 * @throws never.
 */
export function renderModelComparison(
  comparison: ModelComparison,
  labels: { readonly a: string; readonly b: string },
): string {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const o of comparison.objectives) {
    const known = new Set(METRICS.map((m) => m.name));
    const ordered = [
      ...METRICS.filter((m) => o.metrics.some((x) => x.name === m.name)),
      ...o.metrics.filter((x) => !known.has(x.name)).map((x) => ({ name: x.name, label: x.name, better: undefined })),
    ];
    ordered.forEach((m, k) => {
      const metric = o.metrics.find((x) => x.name === m.name)!;
      rows.push([
        k === 0 ? o.objective : '',
        m.label,
        value(metric.a),
        value(metric.b),
        delta(metric.delta),
        verdict(m.better, metric.delta),
      ]);
    });
    const d = o.datasetDiff;
    notes.push(
      o.sameDataset
        ? `${o.objective}: the same training set (same SHA-256)`
        : d
          ? `${o.objective}: training set +${d.added.count} pairs, -${d.removed.count}, ${d.relabelled.count} relabelled, ${d.unchanged} unchanged`
          : `${o.objective}: training sets differ (${o.datasetDiffNote ?? 'no diff available'})`,
    );
  }
  return [formatTable(['objective', 'metric', labels.a, labels.b, 'change', ''], rows), '', ...notes].join('\n');
}
