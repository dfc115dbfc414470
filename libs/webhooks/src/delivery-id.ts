import { createHash } from 'node:crypto';

/**
 * The delivery id of one webhook and one announced source: derived, never drawn,
 * so the dispatcher makes the same id however often it reads the source (after a
 * crash, a lost database, a replay), and the receiver can de-duplicate by it.
 * A UUID (RFC 9562 version 8, custom) of the SHA-256 of tenant, webhook and source.
 */
export function deliveryIdOf(tenant: string, webhookId: string, sourceId: string): string {
  const h = createHash('sha256')
    .update(`hindsight-webhook-delivery\u0000${tenant}\u0000${webhookId}\u0000${sourceId}`)
    .digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
