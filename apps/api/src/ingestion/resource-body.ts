import { ValidationError, type EventType } from '@hindsight/contracts';

/** Envelope fields a resource route takes beside the data; everything else in the body is `data`. */
const envelopeFields = ['occurredAt', 'idempotencyKey', 'source', 'version'] as const;

/**
 * `POST /v1/comparisons {prompt, responses, …, occurredAt?}` becomes the event
 * `{type: 'comparison.recorded', data: {prompt, responses, …}, occurredAt?}`.
 */
export function resourceBodyToEvent(type: EventType, body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError([{ path: '', rule: 'must be a JSON object' }]);
  const data: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const event: Record<string, unknown> = { type };
  for (const field of envelopeFields) {
    if (field in data) {
      event[field] = data[field];
      delete data[field];
    }
  }
  event.data = data;
  return event;
}
