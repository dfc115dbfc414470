import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_COMMENT_CHARS, MAX_RESPONSE_CHARS } from '../../envelope/limits';
import { id, metadata, text } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { redactionRecord } from './interaction-logged';

export const FEEDBACK_KINDS = ['thumbs-up', 'thumbs-down', 'correction', 'regenerate', 'copy', 'free-text'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/**
 * `feedback.recorded` v1: a user reacted to a logged interaction. Cross-field
 * rules: `correction` requires `correctedResponse` (and only `correction` may
 * carry one); `free-text` requires `comment`; any kind may carry a comment.
 */
const feedbackFieldsV1 = {
  interactionId: id(),
  kind: z.enum(FEEDBACK_KINDS),
  comment: text(MAX_COMMENT_CHARS).optional(),
  correctedResponse: text(MAX_RESPONSE_CHARS).optional(),
  userId: id().optional(),
  metadata: metadata().optional(),
};

function feedbackRules(
  data: { kind: FeedbackKind; comment?: string; correctedResponse?: string },
  ctx: z.RefinementCtx,
): void {
  if (data.kind === 'correction' && data.correctedResponse === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['correctedResponse'],
      message: 'required when kind is correction',
      input: undefined,
    });
  }
  if (data.kind !== 'correction' && data.correctedResponse !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['correctedResponse'],
      message: 'only allowed when kind is correction',
      input: data.correctedResponse,
    });
  }
  if (data.kind === 'free-text' && data.comment === undefined) {
    ctx.addIssue({ code: 'custom', path: ['comment'], message: 'required when kind is free-text', input: undefined });
  }
}

export const feedbackRecordedDataV1 = z.strictObject(feedbackFieldsV1).superRefine(feedbackRules);

export const feedbackRecordedV1 = defineEvent({
  type: 'feedback.recorded',
  version: 1,
  topic: TOPICS.deployment,
  description:
    'A user reacted to a logged interaction. kind correction requires correctedResponse (and only correction may carry one); kind free-text requires comment.',
  data: feedbackRecordedDataV1,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest', 'feedback'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  erasedBy: [
    { kind: 'interaction', field: 'interactionId' },
    { kind: 'user', field: 'userId' },
  ],
});

/**
 * `feedback.recorded` v2: v1 plus `redaction` (set by the api only, as on `interaction.logged` v3): the user's
 * `comment` and `correctedResponse` are free text, redacted by the tenant's policy like a prompt.
 */
export const feedbackRecordedDataV2 = z
  .strictObject({ ...feedbackFieldsV1, redaction: redactionRecord().optional() })
  .superRefine(feedbackRules);

export const feedbackRecordedV2 = defineEvent({
  type: 'feedback.recorded',
  version: 2,
  topic: TOPICS.deployment,
  description:
    'A user reacted to a logged interaction. kind correction requires correctedResponse (and only correction may carry one); kind free-text requires comment. v2: `redaction` (set by the api, never by a client): counts per kind of personal data replaced in `comment` and `correctedResponse`, and the original text, sealed.',
  data: feedbackRecordedDataV2,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest', 'feedback'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  erasedBy: [
    { kind: 'interaction', field: 'interactionId' },
    { kind: 'user', field: 'userId' },
  ],
  redactedFields: ['comment', 'correctedResponse'],
});

export type FeedbackRecorded = EventOf<typeof feedbackRecordedV2>;
export type FeedbackRecordedInput = EventInputOf<typeof feedbackRecordedV2>;
export type FeedbackRecordedData = DataOf<typeof feedbackRecordedV2>;
