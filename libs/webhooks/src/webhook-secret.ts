import { randomBytes } from 'node:crypto';
import { unwrapDataKey, wrapDataKey, type KeyEncryptionKeyRing } from '@hindsight/shredding';

const PREFIX = 'whsec_';

/** The owner bound into a secret's wrapping: a wrapped secret cannot be moved to another webhook or tenant. */
const ownerOf = (tenant: string, webhookId: string) => ({ tenant, kind: 'webhook', id: webhookId });

/**
 * A new signing secret (`whsec_` + 32 random bytes, base64url) and its wrapping
 * under the current key-encryption key, as `webhook.subscribed` carries it.
 */
export function newWebhookSecret(
  ring: KeyEncryptionKeyRing,
  tenant: string,
  webhookId: string,
): { secret: string; wrapped: { kekId: string; wrapped: string } } {
  const bytes = randomBytes(32);
  const kek = ring.current();
  return {
    secret: `${PREFIX}${bytes.toString('base64url')}`,
    wrapped: { kekId: kek.id, wrapped: wrapDataKey(bytes, kek, ownerOf(tenant, webhookId)).toString('base64') },
  };
}

/**
 * The secret back from its wrapping (the dispatcher, before it signs).
 * @throws Error when the ring lacks the key-encryption key that wrapped it, or the wrapping was altered.
 */
export function openWebhookSecret(
  ring: KeyEncryptionKeyRing,
  tenant: string,
  webhookId: string,
  stored: { kekId: string; wrapped: string },
): string {
  const kek = ring.byId(stored.kekId);
  if (!kek)
    throw new Error(
      `webhook ${webhookId}: its secret is wrapped under ${stored.kekId}, which ${ring.origin} does not hold`,
    );
  const bytes = unwrapDataKey(Buffer.from(stored.wrapped, 'base64'), kek, ownerOf(tenant, webhookId));
  return `${PREFIX}${bytes.toString('base64url')}`;
}
