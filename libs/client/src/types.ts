import type { EventInputOfType, EventType, FieldIssue, HindsightEventInput } from '@hindsight/contracts';

/** What the api answers for an accepted event; `replayed` when the idempotency key had been seen (nothing new was written). */
export interface AcceptedEvent {
  readonly id: string;
  readonly type: EventType;
  readonly subject: { readonly kind: string; readonly id: string };
  readonly idempotencyKey: string;
  readonly recordedAt: string;
  readonly replayed: boolean;
}

/** Per-call envelope choices. Without `idempotencyKey` the client makes one up, and keeps it across retries. */
export interface CallOptions {
  readonly idempotencyKey?: string;
  /** When it happened (client clock); the server defaults it to recordedAt. */
  readonly occurredAt?: string | Date;
}

/** An event input whose idempotency key may be left to the client. */
export type EventToSend = HindsightEventInput extends infer E
  ? E extends HindsightEventInput
    ? Omit<E, 'idempotencyKey'> & { readonly idempotencyKey?: string }
    : never
  : never;

/** The `data` a typed method takes for one event type. */
export type DataOf<T extends EventType> = EventInputOfType<T>['data'];

export type BatchItemResult =
  | (AcceptedEvent & { readonly index: number; readonly status: 'accepted' })
  | {
      readonly index: number;
      readonly status: 'rejected';
      readonly idempotencyKey: string;
      readonly issues: readonly FieldIssue[];
    };

/** One answer for a whole `sendBatch`, however many requests it took; `index` is the position in the caller's array. */
export interface BatchResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly BatchItemResult[];
}
