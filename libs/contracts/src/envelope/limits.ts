/**
 * Size limits for event fields. Lengths are JavaScript string lengths (UTF-16
 * code units), which is what `String.prototype.length` and zod's `.max()` count.
 * Oversized input is a validation error naming the field
 * (`data.responses[1].text: must be at most 100000 characters`), never a
 * silent truncation.
 */

/** A prompt shown to a rater or sent to a deployed model. */
export const MAX_PROMPT_CHARS = 100_000;
/** A model response (and a user's corrected response). */
export const MAX_RESPONSE_CHARS = 100_000;
/** A free-text comment on feedback. */
export const MAX_COMMENT_CHARS = 10_000;
/** A reason given for a retraction, correction, failure or erasure. */
export const MAX_REASON_CHARS = 2_000;
/**
 * The largest integer an event may carry: PostgreSQL's `integer`, the type of the
 * columns that hold them (dwell time, training step, …). A larger one, accepted,
 * would fail the projector's transaction on every retry and stop its partition.
 */
export const MAX_STORED_INT = 2_147_483_647;
/** Opaque identifiers (task, rater, interaction, response, run, …). */
export const MAX_ID_CHARS = 200;
/** Short labels: model versions, guideline versions, periods, sources. */
export const MAX_LABEL_CHARS = 200;
/** The idempotency key a client sends with each event. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 200;
/** Responses in one comparison (at least two). */
export const MAX_COMPARISON_RESPONSES = 16;
/** Keys in a free-form metadata map. */
export const MAX_METADATA_KEYS = 50;
/** Length of one string value in a metadata map. */
export const MAX_METADATA_VALUE_CHARS = 2_000;
/** Items in small lists (objectives, languages, expertise, reasons, models). */
export const MAX_LIST_ITEMS = 50;
/** Dimensions in one rubric rating. */
export const MAX_RUBRIC_DIMENSIONS = 50;

/** All limits in one object, for documentation and the API's error pages. */
export const TEXT_LIMITS = {
  prompt: MAX_PROMPT_CHARS,
  response: MAX_RESPONSE_CHARS,
  comment: MAX_COMMENT_CHARS,
  reason: MAX_REASON_CHARS,
  id: MAX_ID_CHARS,
  label: MAX_LABEL_CHARS,
  idempotencyKey: MAX_IDEMPOTENCY_KEY_CHARS,
  metadataValue: MAX_METADATA_VALUE_CHARS,
} as const;
