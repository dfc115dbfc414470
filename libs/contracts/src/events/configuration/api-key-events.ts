import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { isoDateTime, sha256, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

export const API_KEY_SCOPES = ['ingest', 'read', 'admin', 'feedback', 'rater'] as const;

/**
 * `api-key.created` v1: a key's lookup id, the SHA-256 of its secret and its
 * metadata: what the api needs to authenticate it after a replay. The secret
 * itself is never on the log (it is shown once, by `hindsight keys create`).
 */
export const apiKeyCreatedDataV1 = z.strictObject({
  keyId: z.uuid(),
  lookupId: token(64),
  secretSha256: sha256(),
  name: z.string().max(200),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
  allowedOrigins: z.array(z.string().min(1).max(2048)),
  rateLimitPerMinute: z.number().int().min(1).max(2_147_483_647).nullable(),
  createdAt: isoDateTime(),
});

/** `api-key.revoked` v1: the key stops authenticating from `revokedAt`. */
export const apiKeyRevokedDataV1 = z.strictObject({ keyId: z.uuid(), revokedAt: isoDateTime() });

const declarations = {
  topic: TOPICS.configuration,
  subject: (data: { keyId: string }) => ({ kind: 'api-key' as const, id: data.keyId }),
  partitionKey: (data: { keyId: string }) => data.keyId,
  // Keys are made by an operator at the CLI: a client that could send these could mint itself keys.
  senders: { platform: 'cli' as const },
  personalSubject: null,
  erasedBy: [] as const,
};

export const apiKeyCreatedV1 = defineEvent({
  type: 'api-key.created',
  version: 1,
  description:
    'An API key was created by hindsight keys create: its lookup id, the SHA-256 of its secret (never the secret), tenant, scopes and limits.',
  data: apiKeyCreatedDataV1,
  ...declarations,
});

export const apiKeyRevokedV1 = defineEvent({
  type: 'api-key.revoked',
  version: 1,
  description: 'An API key was revoked by hindsight keys revoke.',
  data: apiKeyRevokedDataV1,
  ...declarations,
});

export type ApiKeyCreated = EventOf<typeof apiKeyCreatedV1>;
export type ApiKeyCreatedInput = EventInputOf<typeof apiKeyCreatedV1>;
export type ApiKeyCreatedData = DataOf<typeof apiKeyCreatedV1>;
export type ApiKeyRevoked = EventOf<typeof apiKeyRevokedV1>;
export type ApiKeyRevokedInput = EventInputOf<typeof apiKeyRevokedV1>;
export type ApiKeyRevokedData = DataOf<typeof apiKeyRevokedV1>;
