import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { isoDateTime, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** What the api does with personal data it finds in an event's declared free-text fields (`redactedFields`). */
export const REDACTION_MODES = ['off', 'redact', 'refuse'] as const;
export type RedactionMode = (typeof REDACTION_MODES)[number];

/** A tenant without a `redaction-policy.configured` redacts: a feedback platform should not store an e-mail verbatim by default. */
export const DEFAULT_REDACTION_MODE: RedactionMode = 'redact';

/**
 * `redaction-policy.configured` v1: a tenant's whole redaction policy, replacing the previous one. The custom
 * patterns were checked by `customPatternIssues` of @hindsight/redaction (compiles, ≤ 200 characters,
 * safe from catastrophic backtracking, no empty match) before the event was written. `phoneRegion`
 * (ISO 3166-1 alpha-2) is the country whose national phone format is recognised; international
 * numbers (`+…`) are found whatever it is. `setBy` names who set it (the API key's name, or the CLI).
 */
export const redactionPolicyConfiguredDataV1 = z.strictObject({
  mode: z.enum(REDACTION_MODES),
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as US')
    .nullable(),
  custom: z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(
            /^[a-z][a-z0-9-]{0,39}$/,
            'lower-case letters, digits and hyphens, starting with a letter, at most 40',
          ),
        pattern: z.string().min(1).max(200),
        caseInsensitive: z.boolean().optional(),
      }),
    )
    .max(20),
  setBy: token(),
  setAt: isoDateTime(),
});

export const redactionPolicyConfiguredV1 = defineEvent({
  type: 'redaction-policy.configured',
  version: 1,
  topic: TOPICS.configuration,
  description:
    "The tenant's redaction policy was set (PUT /v1/redaction-policy, hindsight redaction set): off, redact or refuse, the phone region and custom patterns; the latest setAt wins.",
  data: redactionPolicyConfiguredDataV1,
  subject: () => ({ kind: 'policy', id: 'redaction' }),
  partitionKey: () => 'redaction-policy',
  // Written by the api's own route and the CLI after their checks: never through /v1/events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type RedactionPolicyConfigured = EventOf<typeof redactionPolicyConfiguredV1>;
export type RedactionPolicyConfiguredInput = EventInputOf<typeof redactionPolicyConfiguredV1>;
export type RedactionPolicyConfiguredData = DataOf<typeof redactionPolicyConfiguredV1>;
