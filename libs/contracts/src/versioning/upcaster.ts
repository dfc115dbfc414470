import type { z } from 'zod';
import type { EventDefinition, EventEnvelope } from '../envelope/envelope';
import { IllegalStateError } from '../errors/hindsight-error';

/**
 * Brings `data` of one event type from `fromVersion` to `fromVersion + 1`.
 * Pure: no I/O, no clock, no randomness; the rest of the envelope is there
 * for upcasters that need it (e.g. `occurredAt` to fill a field that did not
 * exist yet). An upcaster receives data already valid for `fromVersion`; its
 * output is checked against the latest schema.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: unknown, envelope: UpcastEnvelope) => unknown;
}

/**
 * The envelope around the data being upcast. Stored events have every field;
 * client input (upcast by `validateEventInput`) lacks `id` and `recordedAt`
 * and may lack the other optional fields.
 */
export type UpcastEnvelope = Pick<EventEnvelope, 'type' | 'version'> &
  Partial<Omit<EventEnvelope, 'type' | 'version' | 'data'>>;

/**
 * Declares an upcaster between two consecutive versions with typed data.
 *
 * @example
 * defineUpcaster(comparisonRecordedV1, comparisonRecordedV2, (data) => ({ ...data, rubric: 'default' }))
 */
export function defineUpcaster<TType extends string, TFrom extends z.ZodType, TTo extends z.ZodType>(
  from: EventDefinition<TType, number, TFrom>,
  to: EventDefinition<TType, number, TTo>,
  upcast: (data: z.output<TFrom>, envelope: UpcastEnvelope) => z.input<TTo>,
): Upcaster {
  if (to.version !== from.version + 1) {
    throw new IllegalStateError(
      `defineUpcaster: ${from.type} v${from.version} → v${to.version} must go up by exactly one version`,
    );
  }
  return {
    type: from.type,
    fromVersion: from.version,
    upcast: (data, envelope) => upcast(data as z.output<TFrom>, envelope),
  };
}

/** An event with any version, before upcasting. */
export type VersionedEvent = EventEnvelope<string, number, unknown>;

/**
 * Applies upcasters one version at a time until `event.version` is
 * `latestVersion`. Returns the same object when it is already latest. Throws
 * `IllegalStateError` if a step is missing (a registry bug, caught at build
 * time by `createEventRegistry`) or if the event is newer than `latestVersion`.
 */
export function upcastEvent(
  event: VersionedEvent,
  latestVersion: number,
  upcasters: ReadonlyMap<number, Upcaster>,
): VersionedEvent {
  if (event.version > latestVersion) {
    throw new IllegalStateError(
      `upcastEvent: ${event.type} v${event.version} is newer than the latest known v${latestVersion}`,
    );
  }
  let current = event;
  while (current.version < latestVersion) {
    const step = upcasters.get(current.version);
    if (!step)
      throw new IllegalStateError(
        `upcastEvent: no upcaster for ${event.type} v${current.version} → v${current.version + 1}`,
      );
    const { data, ...envelope } = current;
    current = { ...envelope, version: current.version + 1, data: step.upcast(data, envelope) };
  }
  return current;
}
