/**
 * What a tenant can subscribe a webhook to. Each kind's source (which event or
 * dead letter makes it, and its payload) is declared once, in the dispatcher's
 * table (`libs/webhooks/src/webhook-kinds-table.ts`), which must name every kind here.
 */
export const WEBHOOK_EVENT_KINDS = [
  'retrain.completed',
  'retrain.failed',
  'drift.threshold-exceeded',
  'reward-hacking.flagged',
  'dead-letter.recorded',
  'routing.interaction-routed',
] as const;

export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

/** How a delivery attempt ended: `failed` is retried later, `dead` was the last attempt. */
export const WEBHOOK_ATTEMPT_OUTCOMES = ['delivered', 'failed', 'dead'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];
