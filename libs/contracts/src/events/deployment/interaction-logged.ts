import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_PROMPT_CHARS, MAX_RESPONSE_CHARS } from '../../envelope/limits';
import { id, locale, metadata, objective, text, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `interaction.logged` v1: one prompt and response in a deployed product. The
 * text is not redacted: the api seals it with the interaction's key before it
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
 * `interaction.logged` v2: v1 plus three optional facts that partition the traffic: the
 * `objective` the interaction serves (a slug, as on comparisons: drift and the outcome audit
 * compare it with that objective's training data), the product `surface` it happened on (a
 * token, e.g. `help-center`) and the `locale` of the conversation (BCP 47, as raters'
 * languages). Sealed like the rest of `data`; an erasure keeps none of it readable on Kafka.
 */
export const interactionLoggedDataV2 = z.strictObject({
  ...interactionLoggedDataV1.shape,
  objective: objective().optional(),
  surface: token().optional(),
  locale: locale().optional(),
});

export const interactionLoggedV2 = defineEvent({
  type: 'interaction.logged',
  version: 2,
  topic: TOPICS.deployment,
  description: `${interactionLoggedV1.description} v2: optional objective (slug), surface (token) and locale (BCP 47 tag), which drift, routing and the outcome audit partition by.`,
  data: interactionLoggedDataV2,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  erasedBy: [
    { kind: 'interaction', field: 'interactionId' },
    { kind: 'user', field: 'userId' },
  ],
});

export type InteractionLogged = EventOf<typeof interactionLoggedV2>;
export type InteractionLoggedInput = EventInputOf<typeof interactionLoggedV2>;
export type InteractionLoggedData = DataOf<typeof interactionLoggedV2>;
