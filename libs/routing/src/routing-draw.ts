import { createHash } from 'node:crypto';

/**
 * The deterministic draw of one (rule, interaction): a number in [0, 1) from the first
 * 48 bits of SHA-256(rule id, NUL, interaction id). The rule routes the interaction
 * when the draw is below its rate, so a replay, a second router or a restart routes
 * exactly the same interactions, and two rules draw independently.
 *
 * @example routingDraw('0190a000-…', 'chat-1') // 0.7316… always
 */
export function routingDraw(ruleId: string, interactionId: string): number {
  return digest(ruleId, interactionId).readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The decision id of (rule, interaction): `rt-` and 40 hex digits of the same digest. It is
 * the routed event's idempotency key and the annotation task's id, so routing the same
 * interaction twice stores one decision and one task.
 */
export function routingDecisionId(ruleId: string, interactionId: string): string {
  return `rt-${digest(ruleId, interactionId).toString('hex').slice(0, 40)}`;
}

const digest = (ruleId: string, interactionId: string): Buffer =>
  createHash('sha256').update(ruleId).update('\u0000').update(interactionId).digest();
