/** One rating: a category name or a number. */
export type Label = string | number;

/**
 * Reliability data: one row per unit (item, task), one column per rater; `null`
 * marks a rating the rater did not give.
 */
export type RatingMatrix = readonly (readonly (Label | null)[])[];
