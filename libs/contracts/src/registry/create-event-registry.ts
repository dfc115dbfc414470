import { z } from 'zod';
import {
  serverEnvelopeFieldsSchema,
  anyStoredEventSchema,
  type AnyEventDefinition,
  type EventEnvelope,
  type EventInputEnvelope,
  type Subject,
} from '../envelope/envelope';
import { IllegalStateError, ValidationError, type FieldIssue } from '../errors/hindsight-error';
import type { TopicBase } from '../topics/topics';
import { upcastEvent, type Upcaster, type VersionedEvent } from '../versioning/upcaster';
import { findUnstorableStrings, mayHoldUnstorableStrings } from '../storable/unstorable-strings';
import { formatZodIssues } from './format-zod-issues';
import { compiledSchema } from './compiled-schema';
import { schemaReturnsItsInput } from './returns-its-input';

/** One event type in the registry: every known version, the topic, how to key it. */
export interface RegistryEntry<TType extends string = string, TEvent extends EventEnvelope = EventEnvelope> {
  readonly type: TType;
  readonly topic: TopicBase;
  readonly latestVersion: number;
  /** Definitions by version: `.event` (stored schema), `.input` (client schema), `.data`. */
  readonly schemas: Readonly<Record<number, AnyEventDefinition>>;
  /** The Kafka key of a latest-version event of this type. */
  readonly partitionKey: (event: Pick<TEvent, 'data'>) => string;
  /** The subject of a latest-version event of this type, derived from its data. */
  readonly subject: (data: TEvent['data']) => Subject;
}

/** The server-side facts `sealEvent` adds to a client's input. */
export interface SealContext {
  /** A UUIDv7, e.g. from `formatUuidV7(nowMs, randomBytes)`. */
  readonly id: string;
  /** ISO-8601 UTC time the platform accepted the event. */
  readonly recordedAt: string;
  /** The authenticated tenant. */
  readonly tenant: string;
  /** The producing client, used when the input names none. */
  readonly source: string;
}

export interface ValidateEventInputOptions {
  /** Accept only these types (e.g. an endpoint for `feedback.recorded` alone). */
  readonly types?: readonly string[];
}

/** How far `occurredAt` may lie after `recordedAt` (client clocks run fast). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface EventRegistry {
  readonly entries: Readonly<Record<string, RegistryEntry>>;
  /** Known types, in definition order. */
  readonly types: readonly string[];
  /** Validates a stored event of any known version and upcasts it to the latest. */
  parseEvent(input: unknown, options?: ParseEventOptions): VersionedEvent;
  /** Validates a client's input of any known version and upcasts it; `version` is set to the latest. */
  validateEventInput(input: unknown, options?: ValidateEventInputOptions): EventInputEnvelope;
  /**
   * Whether `parseEvent` returns a valid stored event of this type and version as it came (equal as JSON): it is
   * at the latest version (nothing upcast) and that version's schema rewrites nothing (`schemaReturnsItsInput`).
   * A consumer may then store the event's own JSON text instead of serialising the parsed event again.
   */
  returnsItsInput(type: string, version: unknown): boolean;
  /** Brings an already-validated stored event to the latest version. */
  upcast(event: VersionedEvent): VersionedEvent;
  /** Turns validated input into a stored event; `id` and time come in as arguments. */
  sealEvent(input: EventInputEnvelope, context: SealContext): VersionedEvent;
  /** `JSON.stringify` of a validated input and of its `data`, serialised once (see `serialisedInput`). */
  serialisedInput(input: EventInputEnvelope): SerialisedInput;
}

export interface ParseEventOptions {
  /**
   * `false` only when `input` was made by JSON.parse of text (every text it was made of: a consumed message,
   * and the opened text of its sealed data) in which `mayHoldUnstorableStrings` found nothing: none of its
   * strings can then hold a NUL or a lone surrogate, and the walk over all of them is skipped. A consumer
   * validates every event it reads, and that walk was ~2 µs of each. Absent: walked.
   */
  readonly mayHoldUnstorable?: boolean;
}

/** `parseEvent`'s options for an event parsed from text that showed no unstorable escape: one object, not one per event. */
export const TEXT_SHOWS_NO_UNSTORABLE: ParseEventOptions = Object.freeze({ mayHoldUnstorable: false });

/** A validated input as JSON: `json` is exactly `JSON.stringify(input)`, `dataJson` exactly `JSON.stringify(input.data)`. */
export interface SerialisedInput {
  readonly json: string;
  readonly dataJson: string;
}

/**
 * Stands for `data` while the rest of a validated input is serialised: a NUL (no valid string holds
 * one) and a random part, so it cannot be mistaken for anything a client sent.
 */
const DATA_HOLE = `\u0000data-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const DATA_HOLE_JSON = JSON.stringify(DATA_HOLE);

/**
 * `JSON.stringify(input)` with `data` serialised once and reused: the envelope is serialised around a
 * placeholder, which is then replaced by the data's JSON (the same bytes, `data` in its own place).
 */
function serialise(input: EventInputEnvelope): SerialisedInput {
  const dataJson = JSON.stringify(input.data);
  if (dataJson === undefined) return { json: JSON.stringify(input), dataJson: 'null' };
  const shell = JSON.stringify({ ...input, data: DATA_HOLE });
  const at = shell.lastIndexOf(DATA_HOLE_JSON);
  return { json: `${shell.slice(0, at)}${dataJson}${shell.slice(at + DATA_HOLE_JSON.length)}`, dataJson };
}

const NONE: readonly FieldIssue[] = Object.freeze([]);

/** Zod leaves `input` off issues unless asked; `formatZodIssues` needs it to tell `required` from a wrong type. */
const REPORT_INPUT = { reportInput: true } as const;

/** Marks an input `validateEventInput` returned, holding its JSON (null: not made yet). */
const VALIDATED = Symbol('validated event input');
type Marked = EventInputEnvelope & { [VALIDATED]: SerialisedInput | null };

const looseEnvelope = compiledSchema(z.object({ type: z.unknown().optional(), version: z.unknown().optional() }));
/** Checked for every event the api seals: compiled (see `compiledSchema`). */
const serverEnvelopeFields = compiledSchema(serverEnvelopeFieldsSchema);

/**
 * Builds a registry from event definitions (every version of every type) and
 * the upcasters between consecutive versions. Throws `IllegalStateError` if a
 * (type, version) is defined twice, versions of a type are not consecutive,
 * versions of a type disagree on the topic, or an upcaster step is missing or
 * names an unknown type.
 */
export function createEventRegistry(
  definitions: readonly AnyEventDefinition[],
  upcasters: readonly Upcaster[] = [],
): EventRegistry {
  const byType = new Map<string, Map<number, AnyEventDefinition>>();
  for (const definition of definitions) {
    const versions = byType.get(definition.type) ?? new Map<number, AnyEventDefinition>();
    if (versions.has(definition.version)) {
      throw new IllegalStateError(`createEventRegistry: ${definition.type} v${definition.version} is defined twice`);
    }
    versions.set(definition.version, definition);
    byType.set(definition.type, versions);
  }

  const stepsByType = new Map<string, Map<number, Upcaster>>();
  for (const upcaster of upcasters) {
    const versions = byType.get(upcaster.type);
    if (!versions?.has(upcaster.fromVersion) || !versions.has(upcaster.fromVersion + 1)) {
      throw new IllegalStateError(
        `createEventRegistry: upcaster ${upcaster.type} v${upcaster.fromVersion} → v${upcaster.fromVersion + 1} names an undefined version`,
      );
    }
    const steps = stepsByType.get(upcaster.type) ?? new Map<number, Upcaster>();
    if (steps.has(upcaster.fromVersion)) {
      throw new IllegalStateError(`createEventRegistry: two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
    }
    steps.set(upcaster.fromVersion, upcaster);
    stepsByType.set(upcaster.type, steps);
  }

  const entries: Record<string, RegistryEntry> = {};
  for (const [type, versions] of byType) {
    const numbers = [...versions.keys()].sort((a, b) => a - b);
    const latestVersion = numbers[numbers.length - 1];
    const latest = versions.get(latestVersion) as AnyEventDefinition;
    if (numbers.some((version, index) => index > 0 && version !== numbers[index - 1] + 1)) {
      throw new IllegalStateError(
        `createEventRegistry: ${type} versions must be consecutive, got ${numbers.join(', ')}`,
      );
    }
    numbers.forEach((version) => {
      const definition = versions.get(version) as AnyEventDefinition;
      if (definition.topic !== latest.topic) {
        throw new IllegalStateError(
          `createEventRegistry: ${type} v${version} and v${latestVersion} name different topics`,
        );
      }
      if (version < latestVersion && !stepsByType.get(type)?.has(version)) {
        throw new IllegalStateError(`createEventRegistry: no upcaster for ${type} v${version} → v${version + 1}`);
      }
    });
    entries[type] = Object.freeze({
      type,
      topic: latest.topic,
      latestVersion,
      schemas: Object.freeze(Object.fromEntries(numbers.map((v) => [v, versions.get(v) as AnyEventDefinition]))),
      partitionKey: (event: Pick<EventEnvelope, 'data'>) => latest.partitionKeyOf(event.data),
      subject: (data: unknown) => latest.subjectOf(data),
    });
  }
  Object.freeze(entries);
  const types = Object.freeze([...byType.keys()]);
  /** The latest version of each type whose latest schema returns its input; a type not here never does. */
  const verbatimLatest = new Map<string, number>();
  for (const entry of Object.values(entries))
    if (schemaReturnsItsInput(entry.schemas[entry.latestVersion].event))
      verbatimLatest.set(entry.type, entry.latestVersion);
  const returnsItsInput = (type: string, version: unknown): boolean =>
    version !== undefined && verbatimLatest.get(type) === version;

  /** Finds the entry and definition for a type and version, or the issues that say why not. */
  function lookup(
    input: unknown,
    options: { readonly defaultToLatest: boolean; readonly types?: readonly string[] },
  ): { entry: RegistryEntry; definition: AnyEventDefinition } | { issues: FieldIssue[] } {
    let type: unknown;
    let version: unknown;
    // What `looseEnvelope` accepts (any object but an array) read directly: its parse made two objects per
    // event; anything else is refused by it, with its issues.
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
      type = (input as { type?: unknown }).type;
      version = (input as { version?: unknown }).version;
    } else {
      const loose = looseEnvelope.safeParse(input, REPORT_INPUT);
      if (!loose.success) return { issues: formatZodIssues(loose.error.issues) };
      ({ type, version } = loose.data);
    }
    if (type === undefined) return { issues: [{ path: 'type', rule: 'required' }] };
    if (typeof type !== 'string') return { issues: [{ path: 'type', rule: 'expected string' }] };
    const entry = Object.prototype.hasOwnProperty.call(entries, type) ? entries[type] : undefined;
    if (!entry) return { issues: [{ path: 'type', rule: 'unknown event type' }] };
    if (options.types && !options.types.includes(type)) {
      return { issues: [{ path: 'type', rule: `must be one of: ${options.types.join(', ')}` }] };
    }
    if (version === undefined && options.defaultToLatest)
      return { entry, definition: entry.schemas[entry.latestVersion] };
    if (version === undefined) return { issues: [{ path: 'version', rule: 'required' }] };
    if (typeof version !== 'number') return { issues: [{ path: 'version', rule: 'expected integer' }] };
    const definition = Object.prototype.hasOwnProperty.call(entry.schemas, version)
      ? entry.schemas[version]
      : undefined;
    if (!definition)
      return { issues: [{ path: 'version', rule: `must be one of: ${Object.keys(entry.schemas).join(', ')}` }] };
    return { entry, definition };
  }

  function upcast(event: VersionedEvent): VersionedEvent {
    const entry = entries[event.type];
    if (!entry) throw new ValidationError([{ path: 'type', rule: 'unknown event type' }]);
    return upcastEvent(event, entry.latestVersion, stepsByType.get(event.type) ?? new Map());
  }

  function parseEvent(input: unknown, options?: ParseEventOptions): VersionedEvent {
    const found = lookup(input, { defaultToLatest: false });
    if ('issues' in found) {
      // Report what else is wrong with the envelope in the same error.
      const envelope = anyStoredEventSchema.safeParse(input, REPORT_INPUT);
      const more = envelope.success
        ? []
        : formatZodIssues(envelope.error.issues).filter((i) => i.path !== 'type' && i.path !== 'version');
      throw new ValidationError([...found.issues, ...more]);
    }
    // Every consumer checks each event it reads off Kafka again: by the compiled form of the zod schema too.
    const parsed = compiledSchema(found.definition.event).safeParse(input, REPORT_INPUT);
    const unstorable = options?.mayHoldUnstorable === false ? NONE : findUnstorableStrings(input);
    if (!parsed.success) throw new ValidationError([...formatZodIssues(parsed.error.issues), ...unstorable]);
    if (unstorable.length > 0) throw new ValidationError(unstorable);
    const event = parsed.data as VersionedEvent;
    if (event.version === found.entry.latestVersion) return event;
    const upcasted = upcast(event);
    const checked = compiledSchema(found.entry.schemas[found.entry.latestVersion].event).safeParse(
      upcasted,
      REPORT_INPUT,
    );
    if (!checked.success) {
      throw new ValidationError(
        formatZodIssues(checked.error.issues),
        `upcasting ${event.type} v${event.version} produced an invalid v${found.entry.latestVersion}`,
      );
    }
    return checked.data as VersionedEvent;
  }

  /**
   * The very objects `validateEventInput` returned: their data already passed the
   * latest schema, so `sealEvent` checks only the envelope it adds (a third parse
   * of the data cost more than the rest of sealing). A copy is checked in full.
   * The mark is a non-enumerable symbol property of the object, not a WeakMap entry:
   * no copy (spread, structuredClone, JSON) carries it, and a short-lived WeakMap key
   * costs the garbage collector an ephemeron per event.
   */
  const remember = (input: EventInputEnvelope, serialised?: SerialisedInput): EventInputEnvelope => {
    Object.defineProperty(input, VALIDATED, { value: serialised ?? null, writable: true });
    return input;
  };
  const isValidated = (input: EventInputEnvelope): boolean => Object.prototype.hasOwnProperty.call(input, VALIDATED);

  function serialisedInput(input: EventInputEnvelope): SerialisedInput {
    const marked = isValidated(input) ? (input as Marked)[VALIDATED] : null;
    if (marked !== null) return marked;
    const serialised = serialise(input);
    if (isValidated(input)) (input as Marked)[VALIDATED] = serialised;
    return serialised;
  }

  function validateEventInput(input: unknown, options: ValidateEventInputOptions = {}): EventInputEnvelope {
    const found = lookup(input, { defaultToLatest: true, types: options.types });
    if ('issues' in found) throw new ValidationError(found.issues);
    // The client's input is untrusted and checked once, by the compiled form of the zod schema.
    const parsed = compiledSchema(found.definition.input).safeParse(input, REPORT_INPUT);
    if (!parsed.success)
      throw new ValidationError([...formatZodIssues(parsed.error.issues), ...findUnstorableStrings(input)]);
    const { entry, definition } = found;
    const value = parsed.data as EventInputEnvelope;
    if (definition.version === entry.latestVersion) {
      // zod's output is its own new object (never the client's): `version` is set on it rather than on a
      // copy, with the same key order as a spread (a key it has keeps its place; a new one comes last).
      let latest = value;
      if (value === input) latest = { ...value, version: entry.latestVersion };
      else (value as { version: number }).version = entry.latestVersion;
      // Serialised once here, for the unstorable-string check and for whoever hashes, seals or sends the input.
      // The schemas are strict and transform nothing, so a valid input holds exactly the client's strings
      // (and keys): when its JSON shows no escape of a NUL or a lone surrogate, none of them holds one.
      const serialised = serialise(latest);
      if (mayHoldUnstorableStrings(serialised.json)) {
        const unstorable = findUnstorableStrings(input);
        if (unstorable.length > 0) throw new ValidationError(unstorable);
      }
      return remember(namingItsPersonalSubject(latest), serialised);
    }
    const unstorable = findUnstorableStrings(input);
    if (unstorable.length > 0) throw new ValidationError(unstorable);
    const steps = stepsByType.get(entry.type) ?? new Map<number, Upcaster>();
    let data: unknown = value.data;
    for (let version = definition.version; version < entry.latestVersion; version += 1) {
      const step = steps.get(version) as Upcaster;
      data = step.upcast(data, { ...value, type: entry.type, version });
    }
    const latest = entry.schemas[entry.latestVersion];
    const checked = latest.input.safeParse({ ...value, version: entry.latestVersion, data }, REPORT_INPUT);
    if (!checked.success) {
      throw new ValidationError(
        formatZodIssues(checked.error.issues),
        `upcasting ${entry.type} v${definition.version} input produced an invalid v${entry.latestVersion}`,
      );
    }
    return remember(namingItsPersonalSubject(checked.data as EventInputEnvelope));
  }

  /**
   * New input must name the subject whose key seals it: a schema may leave the
   * field optional for events recorded before it existed, but a new event
   * without it would reach Kafka in the clear.
   */
  function namingItsPersonalSubject(input: EventInputEnvelope): EventInputEnvelope {
    const entry = entries[input.type];
    const declared = entry.schemas[entry.latestVersion].personalSubject;
    if (declared && typeof (input.data as Record<string, unknown>)[declared.field] !== 'string') {
      throw new ValidationError([
        { path: `data.${declared.field}`, rule: 'required: names whose key seals this event' },
      ]);
    }
    return input;
  }

  function sealEvent(input: EventInputEnvelope, context: SealContext): VersionedEvent {
    const entry = Object.prototype.hasOwnProperty.call(entries, input.type) ? entries[input.type] : undefined;
    if (!entry) throw new ValidationError([{ path: 'type', rule: 'unknown event type' }]);
    const latest = entry.schemas[entry.latestVersion];
    const issues: FieldIssue[] = [];
    if (input.version !== undefined && input.version !== entry.latestVersion) {
      issues.push({ path: 'version', rule: `must be ${entry.latestVersion} (validate the input first to upcast it)` });
    }
    if (input.tenant !== undefined && input.tenant !== context.tenant) {
      issues.push({ path: 'tenant', rule: 'must match the authenticated tenant' });
    }
    const trusted = isValidated(input) && input.version === entry.latestVersion;
    let data: unknown = input.data;
    if (!trusted) {
      const dataCheck = latest.data.safeParse(input.data, REPORT_INPUT);
      if (!dataCheck.success)
        throw new ValidationError([...issues, ...formatZodIssues(dataCheck.error.issues, 'data')]);
      data = dataCheck.data;
    }
    const subject = latest.subjectOf(data as never);
    if (input.subject !== undefined && (input.subject.kind !== subject.kind || input.subject.id !== subject.id)) {
      issues.push({
        path: 'subject',
        rule: `must match the subject derived from data (${subject.kind} ${subject.id})`,
      });
    }
    const occurredAt = input.occurredAt ?? context.recordedAt;
    const skew = Date.parse(occurredAt) - Date.parse(context.recordedAt);
    if (skew > MAX_CLOCK_SKEW_MS) {
      issues.push({
        path: 'occurredAt',
        rule: `must not be more than ${MAX_CLOCK_SKEW_MS / 60000} minutes after recordedAt`,
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const candidate = {
      id: context.id,
      type: entry.type,
      version: entry.latestVersion,
      tenant: context.tenant,
      source: input.source ?? context.source,
      subject,
      occurredAt,
      recordedAt: context.recordedAt,
      idempotencyKey: input.idempotencyKey,
      data: input.data,
    };
    if (trusted) {
      const server = serverEnvelopeFields.safeParse(
        {
          id: candidate.id,
          tenant: candidate.tenant,
          source: candidate.source,
          subject: candidate.subject,
          recordedAt: candidate.recordedAt,
        },
        REPORT_INPUT,
      );
      if (!server.success) throw new ValidationError(formatZodIssues(server.error.issues));
      return candidate as VersionedEvent;
    }
    const sealed = latest.event.safeParse(candidate, REPORT_INPUT);
    if (!sealed.success) throw new ValidationError(formatZodIssues(sealed.error.issues));
    return sealed.data as VersionedEvent;
  }

  return { entries, types, parseEvent, returnsItsInput, validateEventInput, upcast, sealEvent, serialisedInput };
}
