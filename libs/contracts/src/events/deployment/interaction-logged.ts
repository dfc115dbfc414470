import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_PROMPT_CHARS, MAX_RESPONSE_CHARS } from '../../envelope/limits';
import { id, metadata, text, token } from '../../envelope/primitives';
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

export type InteractionLogged = EventOf<typeof interactionLoggedV1>;
export type InteractionLoggedInput = EventInputOf<typeof interactionLoggedV1>;
export type InteractionLoggedData = DataOf<typeof interactionLoggedV1>;
