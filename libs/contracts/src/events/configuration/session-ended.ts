import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { isoDateTime } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** A browser session's id: 16 random bytes in lower-case hex, carried (signed) in the session cookie. */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * `session.ended` v1: a browser session was signed out (`DELETE /v1/session`).
 * Every api process follows the configuration topic and refuses the session's
 * cookie from the moment it reads this event until `expiresAt`, when the cookie
 * is refused anyway (so the entry can be forgotten then). The event names the
 * session and its key, never the cookie or the key.
 */
export const sessionEndedDataV1 = z.strictObject({
  sessionId: z.string().regex(SESSION_ID_PATTERN, { error: 'must be 32 lower-case hex digits (a session id)' }),
  keyId: z.uuid(),
  endedAt: isoDateTime(),
  expiresAt: isoDateTime(),
});

export const sessionEndedV1 = defineEvent({
  type: 'session.ended',
  version: 1,
  topic: TOPICS.configuration,
  description:
    'A browser session was signed out (DELETE /v1/session): every api refuses its cookie from when it reads this until the session would have expired.',
  data: sessionEndedDataV1,
  subject: (data) => ({ kind: 'session', id: data.sessionId }),
  // With its key's own events (api-key.created, api-key.revoked): one partition, in order.
  partitionKey: (data) => data.keyId,
  // Written by the api's own route after it checked the cookie: never through /v1/events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type SessionEnded = EventOf<typeof sessionEndedV1>;
export type SessionEndedInput = EventInputOf<typeof sessionEndedV1>;
export type SessionEndedData = DataOf<typeof sessionEndedV1>;
