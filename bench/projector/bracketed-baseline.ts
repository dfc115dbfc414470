/**
 * Issue #17's ratio against a raw COPY baseline measured twice, once before and once after the subject
 * in the same run (bench/projector and bench/replay). Not a benchmark itself.
 */
import { fmt } from './bench-support';
import type { CopyMeasured } from './copy-baseline';

export interface BracketedRatio {
  /** Both loads together: their rows over their seconds (the harmonic mean of the two rates). */
  readonly baselineRate: number;
  readonly beforeRate: number;
  readonly afterRate: number;
  /** The two rates' difference as a share of their mean: what the machine's noise did to one load of the same bytes. */
  readonly spread: number;
  /** The subject's rate ÷ `baselineRate`: the ratio judged against the target. */
  readonly ratio: number;
  /** The subject's rate ÷ the faster of the two loads: the ratio if every slowdown of the baseline were noise. */
  readonly ratioToFaster: number;
}

/**
 * The subject ran between the two loads, so both together bracket the machine's state while it ran:
 * a load that drifts up or down over the run cancels out, and one disturbed load counts half. The faster
 * load alone would count every disturbance of the baseline and none of the subject's.
 */
export function bracketedRatio(subjectRate: number, before: CopyMeasured, after: CopyMeasured): BracketedRatio {
  const beforeRate = before.rows / before.seconds;
  const afterRate = after.rows / after.seconds;
  const baselineRate = (before.rows + after.rows) / (before.seconds + after.seconds);
  return {
    baselineRate,
    beforeRate,
    afterRate,
    spread: Math.abs(beforeRate - afterRate) / ((beforeRate + afterRate) / 2),
    ratio: subjectRate / baselineRate,
    ratioToFaster: subjectRate / Math.max(beforeRate, afterRate),
  };
}

/** The lines a benchmark prints about the baseline and the ratio (the PASS/MISS line is the benchmark's own). */
export function bracketedLines(subject: string, subjectRate: number, r: BracketedRatio, written: string): string[] {
  return [
    `baseline: raw COPY of every row ${subject} wrote (${written}), the same bytes loaded before and after it: ` +
      `${fmt(r.beforeRate)} and ${fmt(r.afterRate)} events/s, spread ${fmt(r.spread * 100, 1)} % of their mean; ` +
      `both loads together ${fmt(r.baselineRate)} events/s`,
    `ratio: ${subject} ${fmt(subjectRate)} events/s ÷ ${fmt(r.baselineRate)} = ${fmt(r.ratio, 2)} ` +
      `(÷ the load before: ${fmt(subjectRate / r.beforeRate, 2)}, after: ${fmt(subjectRate / r.afterRate, 2)}; ` +
      `÷ the faster: ${fmt(r.ratioToFaster, 2)})`,
  ];
}
