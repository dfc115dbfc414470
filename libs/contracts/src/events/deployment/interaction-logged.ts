import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_PROMPT_CHARS, MAX_RESPONSE_CHARS } from '../../envelope/limits';
import { id, locale, metadata, objective, text, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `interaction.logged` v1: one prompt and response in a deployed product. The
 * text was not redacted before v2: the api seals it with the interaction's key before it
 * reaches Kafka, so erasing the user destroys it everywhere (crypto-shredding).
 * `userId` is the product's pseudonymous user id, if any; `metadata` holds
 * small product facts (surface, experiment arm, …) as strings, numbers,
 * booleans or null.
 */
export const interactionLoggedDataV1 = z.strictObject({
  interactionId: id(),
  prompt: text(MAX_PROMPT_CHARS),
  response: text(MAX_RESPONSE_CHARS),
  modelVersion: token(),
  userId: id().optional(),
  metadata: metadata().optional(),
});

export const interactionLoggedV1 = defineEvent({
  type: 'interaction.logged',
  version: 1,
  topic: TOPICS.deployment,
  description:
    "One prompt and response in a deployed product (sealed with the interaction's key on Kafka, so an erasure shreds it), with the model version, an optional pseudonymous user id and small metadata.",
  data: interactionLoggedDataV1,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  // A user's erasure also clears every event of the interactions logged with their userId (see ProjectionStore).
  erasedBy: [
    { kind: 'interaction', field: 'interactionId' },
    { kind: 'user', field: 'userId' },
  ],
});

/**
 * What the api's redaction did to an event's declared free-text fields (`redactedFields`), set by the
 * api only: `counts` per kind (`email`, `phone`, `card`, `iban`, `ip`, `custom:<name>`; absent kinds
 * are 0) and, for each field it changed, the `original` text. The fields themselves hold the redacted
 * text, so every reader (projections, datasets, exports, annotators) sees only that; the original lives
 * in the sealed event alone and is shredded with the subject's key.
 */
export const redactionRecord = () =>
  z.strictObject({
    counts: z.record(
      z.string().regex(/^(?:email|phone|card|iban|ip|custom:[a-z][a-z0-9-]{0,39})$/, 'a redaction kind'),
      z.number().int().positive(),
    ),
    original: z.record(z.string().max(100), z.string().max(Math.max(MAX_PROMPT_CHARS, MAX_RESPONSE_CHARS))).optional(),
  });

/**
 * `interaction.logged` v2 (merged from two branches that each added optional fields as v2): v1 plus
 * three optional facts that partition the traffic: the `objective` the interaction serves (a slug, as
 * on comparisons), the product `surface` it happened on (a token, e.g. `help-center`) and the `locale`
 * of the conversation (BCP 47); and `redaction`, which the api sets when the tenant's redaction policy
 * is `redact` and it replaced something (clients may not send it). `prompt` and `response` are the
 * redacted text then. Sealed like the rest of `data`.
 */
export const interactionLoggedDataV2 = z.strictObject({
  ...interactionLoggedDataV1.shape,
  objective: objective().optional(),
  surface: token().optional(),
  locale: locale().optional(),
  redaction: redactionRecord().optional(),
});

export const interactionLoggedV2 = defineEvent({
  type: 'interaction.logged',
  version: 2,
  topic: TOPICS.deployment,
  description: `${interactionLoggedV1.description} v2: optional objective (slug), surface (token) and locale (BCP 47 tag), which drift, routing and the outcome audit partition by; \`redaction\` (set by the api, never by a client): counts per kind of personal data replaced in \`prompt\` and \`response\` by the tenant's redaction policy, and the original text, sealed.`,
  data: interactionLoggedDataV2,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  erasedBy: [
    { kind: 'interaction', field: 'interactionId' },
    { kind: 'user', field: 'userId' },
  ],
  redactedFields: ['prompt', 'response'],
});

export type InteractionLogged = EventOf<typeof interactionLoggedV2>;
export type InteractionLoggedInput = EventInputOf<typeof interactionLoggedV2>;
export type InteractionLoggedData = DataOf<typeof interactionLoggedV2>;

/**
 * The event without the original text its redaction replaced (`data.redaction.original`): what is kept
 * outside the sealed Kafka message (the projector's event store, the live tail). The counts stay. Pure;
 * an event without originals is returned as it is.
 */
export function withoutRedactedOriginals<E extends { readonly data: unknown }>(event: E): E {
  const redaction = (event.data as { redaction?: { counts: unknown; original?: unknown } } | null)?.redaction;
  if (redaction?.original === undefined) return event;
  return { ...event, data: { ...(event.data as object), redaction: { counts: redaction.counts } } };
}
