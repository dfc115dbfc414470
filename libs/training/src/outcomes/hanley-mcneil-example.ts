/**
 * Hanley & McNeil (1982), Radiology 143(1):29–36, Table I: one radiologist's
 * five-point ratings (1 definitely normal … 5 definitely abnormal) of 109 CT
 * images, 58 truly normal and 51 truly abnormal. The paper's worked example:
 * area 0.893 (the Wilcoxon statistic), standard error 0.032. Test data.
 */
export const HANLEY_MCNEIL_1982_TABLE_I = {
  normal: [33, 6, 6, 11, 2],
  abnormal: [3, 2, 2, 11, 33],
  area: 0.893,
  standardError: 0.032,
} as const;

/** The table as one score per image and whether the image is abnormal. */
export function hanleyMcNeilCases(): { scores: number[]; abnormal: boolean[] } {
  const scores: number[] = [];
  const abnormal: boolean[] = [];
  const add = (counts: readonly number[], isAbnormal: boolean) =>
    counts.forEach((count, rating) => {
      for (let k = 0; k < count; k++) {
        scores.push(rating + 1);
        abnormal.push(isAbnormal);
      }
    });
  add(HANLEY_MCNEIL_1982_TABLE_I.normal, false);
  add(HANLEY_MCNEIL_1982_TABLE_I.abnormal, true);
  return { scores, abnormal };
}
