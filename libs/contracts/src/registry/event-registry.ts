import { ValidationError } from '../errors/hindsight-error';
import {
  eventDefinitions,
  type EventOfType,
  type EventType,
  type HindsightEvent,
  type HindsightEventInput,
} from '../events';
import type { TopicBase } from '../topics/topics';
import type { VersionedEvent } from '../versioning/upcaster';
import { upcasters } from '../versioning/upcasters';
import { mayHoldUnstorableStrings } from '../storable/unstorable-strings';
import {
  createEventRegistry,
  TEXT_SHOWS_NO_UNSTORABLE,
  type ParseEventOptions,
  type RegistryEntry,
  type SealContext,
  type SerialisedInput,
  type ValidateEventInputOptions,
} from './create-event-registry';

/** The registry of every published event type and version, with the published upcasters. */
export const hindsightRegistry = createEventRegistry(eventDefinitions, upcasters);

/**
 * `type` → `{ type, topic, latestVersion, schemas (by version), partitionKey(event), subject(data) }`
 * for every Hindsight event type.
 */
export const eventRegistry = hindsightRegistry.entries as {
  readonly [T in EventType]: RegistryEntry<T, EventOfType<T>>;
};

/** Is `type` a known event type? */
export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventRegistry, type);
}

/**
 * Validates a stored event (e.g. the JSON value of a Kafka message) of any
 * known version and returns it upcast to the latest version. Throws
 * `ValidationError` with `{ path, rule }` issues: unknown type → `type:
 * unknown event type`; unknown version → `version: must be one of: 1`;
 * anything else names the field (`data.responses[1].text: required`).
 */
export function parseEvent(input: unknown, options?: ParseEventOptions): HindsightEvent {
  return hindsightRegistry.parseEvent(input, options) as HindsightEvent;
}

/**
 * Whether `parseEvent` returns a valid stored event of `type` at `version` (the input's, before any upcast) as
 * it came, equal as JSON: the latest version, whose schema rewrites nothing. See `EventRegistry.returnsItsInput`.
 */
export function parseReturnsItsInput(type: string, version: unknown): boolean {
  return hindsightRegistry.returnsItsInput(type, version);
}

/** `JSON.parse` then `parseEvent`; malformed JSON is a `ValidationError` on path `` (the whole value). */
export function parseEventJson(json: string): HindsightEvent {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ValidationError([{ path: '', rule: 'must be valid JSON' }]);
  }
  return parseEvent(value, mayHoldUnstorableStrings(json) ? undefined : TEXT_SHOWS_NO_UNSTORABLE);
}

/**
 * Validates what a client sends (no `id`, no `recordedAt`; `occurredAt`,
 * `version`, `tenant`, `source` and `subject` optional) and upcasts it to the
 * latest version; the result has `version` set. `options.types` restricts the
 * accepted types. Throws `ValidationError` naming each field and rule.
 */
export function validateEventInput(input: unknown, options?: ValidateEventInputOptions): HindsightEventInput {
  return hindsightRegistry.validateEventInput(input, options) as HindsightEventInput;
}

/**
 * Seals validated client input into a stored event. Pure: `id` (a UUIDv7) and
 * `recordedAt` come in as arguments, with the authenticated `tenant` and the
 * default `source`. `occurredAt` defaults to `recordedAt` and may be at most
 * `MAX_CLOCK_SKEW_MS` after it; `subject` is derived from the data (if the
 * input names one it must agree); a `tenant` in the input must equal
 * `context.tenant`. Throws `ValidationError`.
 */
export function sealEvent<I extends HindsightEventInput>(input: I, context: SealContext): EventOfType<I['type']> {
  return hindsightRegistry.sealEvent(input, context) as EventOfType<I['type']>;
}

/**
 * A validated input (what `validateEventInput` returned) as JSON, serialised once: `json` is exactly
 * `JSON.stringify(input)` (what the api hashes for idempotency), `dataJson` exactly
 * `JSON.stringify(input.data)` (what sealing encrypts). Any other input is serialised on the spot.
 */
export function serialisedInput(input: HindsightEventInput): SerialisedInput {
  return hindsightRegistry.serialisedInput(input);
}

/** Brings a validated stored event of an older version to the latest version (pure). */
export function upcast(event: VersionedEvent): HindsightEvent {
  return hindsightRegistry.upcast(event) as HindsightEvent;
}

/** The Kafka message key of a latest-version event. */
export function partitionKey(event: HindsightEvent): string {
  return (eventRegistry[event.type] as RegistryEntry).partitionKey(event);
}

/** The topic base name an event type is published to. */
export function topicOf(type: EventType): TopicBase {
  return eventRegistry[type].topic;
}
