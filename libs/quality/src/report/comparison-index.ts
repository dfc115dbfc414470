/** Choice codes in `ComparisonIndex.choice`. */
export const CHOSE_FIRST = 0;
export const CHOSE_SECOND = 1;
export const CHOSE_TIE = 2;

/**
 * A columnar, interned view of the comparisons that every detector reads: one
 * typed-array slot per comparison, strings replaced by small integer codes. Built
 * once in a linear pass by `indexComparisons`, so detectors never touch strings.
 */
export interface ComparisonIndex {
  readonly size: number;
  readonly ids: readonly string[];
  /** code → name tables */
  readonly raters: readonly string[];
  readonly tasks: readonly string[];
  readonly taskTypes: readonly string[];
  readonly objectives: readonly string[];
  readonly interfaceVersions: readonly string[];
  readonly groups: readonly string[];
  readonly models: readonly string[];
  /** per comparison codes */
  readonly rater: Int32Array;
  readonly task: Int32Array;
  readonly taskType: Int32Array;
  readonly objective: Int32Array;
  readonly interfaceVersion: Int32Array;
  readonly group: Int32Array;
  /** model version of the response shown first / second */
  readonly firstModel: Int32Array;
  readonly secondModel: Int32Array;
  /** CHOSE_FIRST, CHOSE_SECOND or CHOSE_TIE */
  readonly choice: Int8Array;
  /** 1 when the response shown first is the task's canonical response A (the smaller id), else 0 */
  readonly firstIsA: Uint8Array;
  /** text length in characters of the response shown first / second */
  readonly firstLength: Float64Array;
  readonly secondLength: Float64Array;
  /** surface feature bit masks (see length-bias/surface-features) of the responses shown first / second */
  readonly firstSurface: Uint8Array;
  readonly secondSurface: Uint8Array;
}

/**
 * The canonical response chosen in comparison i: 0 for A, 1 for B, 2 for a tie —
 * independent of the order in which the pair was shown.
 *
 * @example
 * chosenCanonical(index, 0); // 1 when the rater picked response B
 * @throws never.
 */
export function chosenCanonical(index: ComparisonIndex, i: number): number {
  const c = index.choice[i];
  if (c === CHOSE_TIE) return 2;
  return (c === CHOSE_FIRST) === (index.firstIsA[i] === 1) ? 0 : 1;
}
