import { randomBytes, randomUUID } from 'node:crypto';
import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';

/**
 * `input` validated (and upcast to its type's latest version) and sealed now under a fresh UUIDv7, as the api
 * seals what it accepts.
 * @throws ValidationError if `input` is not a valid event input.
 */
export function sealedTestEvent(input: unknown, tenant: string, source: string): HindsightEvent {
  return sealEvent(validateEventInput(input), {
    id: formatUuidV7(Date.now(), randomBytes(10)),
    recordedAt: new Date().toISOString(),
    tenant,
    source,
  }) as HindsightEvent;
}

/**
 * The example `comparison.recorded` outside any queue, under a fresh idempotency key, with `data` over its fields,
 * sealed now.
 * @throws ValidationError if `data` makes it invalid.
 */
export function sealedTestComparison(tenant: string, source: string, data: Record<string, unknown>): HindsightEvent {
  const example = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    data: Record<string, unknown>;
  };
  return sealedTestEvent(
    {
      ...example,
      idempotencyKey: `k-${randomUUID()}`,
      data: { ...example.data, queueId: undefined, assignmentId: undefined, ...data },
    },
    tenant,
    source,
  );
}
