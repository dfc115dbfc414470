import { createHmac } from 'node:crypto';

/** Headers of every delivery: the receiver verifies the first and de-duplicates by the second. */
export const SIGNATURE_HEADER = 'Hindsight-Signature';
export const DELIVERY_ID_HEADER = 'Hindsight-Delivery-Id';
export const EVENT_KIND_HEADER = 'Hindsight-Event';

/**
 * The signature header of a delivery: HMAC-SHA256 with the webhook's secret over
 * `${timestamp}.${body}`, in hex: `t=1767225600,v1=5f0c…`. The timestamp (Unix
 * seconds, the attempt's time) is signed so a captured request cannot be replayed
 * later than the receiver's tolerance.
 *
 * @example signatureHeader('whsec_…', 1767225600, '{"id":"…"}') // 't=1767225600,v1=<64 hex digits>'
 */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}
