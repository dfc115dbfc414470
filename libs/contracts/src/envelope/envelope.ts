import { z } from 'zod';
import type { TopicBase } from '../topics/topics';
import { id, idempotencyKey, isoDateTime, slug, token, uuidV7 } from './primitives';

/** What an event is about. `id` is the entity's own id (task id, interaction id, …). */
export const SUBJECT_KINDS = [
  'task',
  'annotation',
  'rater',
  'interaction',
  'user',
  'run',
  'queue',
  'policy',
  'api-key',
  'session',
  'webhook',
  'webhook-delivery',
  'objective',
  'routing-rule',
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const subjectSchema = z.strictObject({ kind: z.enum(SUBJECT_KINDS), id: id() });
export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
}

/** Recursively readonly: events are plain immutable data. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/**
 * A stored event: the envelope plus `data`. `recordedAt` is when the platform
 * accepted it (set by the server), `occurredAt` when it happened (from the
 * client, defaulting to `recordedAt`). Both are ISO-8601 UTC strings with a `Z`
 * suffix, so string order is time order.
 */
export interface EventEnvelope<TType extends string = string, TVersion extends number = number, TData = unknown> {
  /** UUIDv7, assigned by the server. */
  readonly id: string;
  /** Past-tense dotted literal, e.g. `comparison.recorded`. */
  readonly type: TType;
  /** Schema version of `data`, an integer ≥ 1; also sent as the `hindsight-version` Kafka header. */
  readonly version: TVersion;
  /** Tenant slug, from authentication. */
  readonly tenant: string;
  /** Who produced it: `annotation-tool`, `widget@1.4.0`, `scheduler`, … */
  readonly source: string;
  readonly subject: Subject;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Chosen by the client; the same key within a tenant means the same event. */
  readonly idempotencyKey: string;
  readonly data: TData;
}

/** What a client sends: no `id`, no `recordedAt`; the server fills those in (see `sealEvent`). */
export interface EventInputEnvelope<TType extends string = string, TVersion extends number = number, TData = unknown> {
  readonly type: TType;
  /** Defaults to the latest version of `type`. */
  readonly version?: TVersion;
  /** If sent, must equal the authenticated tenant. */
  readonly tenant?: string;
  /** Defaults to the source the server names (e.g. the API key's client). */
  readonly source?: string;
  /** Defaults to the subject derived from `data`; if sent, must equal it. */
  readonly subject?: Subject;
  /** Defaults to `recordedAt`. */
  readonly occurredAt?: string;
  readonly idempotencyKey: string;
  readonly data: TData;
}

export const sourceSchema = () => token();

/** Field schemas of the stored envelope, in their stored order (without `type`, `version` and `data`). */
const storedFields = () => ({
  id: uuidV7(),
  tenant: slug(),
  source: sourceSchema(),
  subject: subjectSchema,
  occurredAt: isoDateTime(),
  recordedAt: isoDateTime(),
  idempotencyKey: idempotencyKey(),
});

/** A stored envelope in its canonical field order, with the given schemas for `type`, `version` and `data`. */
function envelopeSchema<TTypeSchema extends z.ZodType, TVersionSchema extends z.ZodType, TData extends z.ZodType>(
  type: TTypeSchema,
  version: TVersionSchema,
  data: TData,
) {
  const f = storedFields();
  return z.strictObject({
    id: f.id,
    type,
    version,
    tenant: f.tenant,
    source: f.source,
    subject: f.subject,
    occurredAt: f.occurredAt,
    recordedAt: f.recordedAt,
    idempotencyKey: f.idempotencyKey,
    data,
  });
}

/** The stored envelope of one event type and version. */
export function storedEventSchema<TType extends string, TVersion extends number, TData extends z.ZodType>(
  type: TType,
  version: TVersion,
  data: TData,
) {
  return envelopeSchema(z.literal(type), z.literal(version), data);
}

/** What a client sends for one event type and version. */
export function inputEventSchema<TType extends string, TVersion extends number, TData extends z.ZodType>(
  type: TType,
  version: TVersion,
  data: TData,
) {
  return z.strictObject({
    type: z.literal(type),
    version: z.literal(version).optional(),
    tenant: slug().optional(),
    source: sourceSchema().optional(),
    subject: subjectSchema.optional(),
    occurredAt: isoDateTime().optional(),
    idempotencyKey: idempotencyKey(),
    data,
  });
}

/**
 * The envelope of any stored event, `data` unchecked: the first pass of
 * `parseEvent`, before the registry picks the schema for `type` and `version`.
 */
export const anyStoredEventSchema = z.strictObject({
  ...storedFields(),
  type: z.string().min(1),
  version: z.number().int().min(1),
  data: z.unknown(),
});

/**
 * The envelope fields the server supplies or derives (`sealEvent`'s context and
 * the subject): all that is left to check when the client's input was validated
 * moments before, without re-walking the whole envelope for every event.
 */
export const serverEnvelopeFieldsSchema = (() => {
  const f = storedFields();
  return z.strictObject({ id: f.id, tenant: f.tenant, source: f.source, subject: f.subject, recordedAt: f.recordedAt });
})();

/**
 * Who may send an event type. `clients` lists the API-key scopes that may send it
 * through the api (any of them); `platform` names the platform component that
 * alone writes it (the api refuses it from every client).
 */
export type EventSenders =
  | { readonly clients: readonly ('ingest' | 'feedback' | 'admin')[] }
  | { readonly platform: 'trainer' | 'api' | 'scheduler' | 'cli' };

/**
 * The person (or interaction) whose data key seals an event's `data` on Kafka:
 * `field` names the property of `data` that holds the subject's id. `null`
 * declares, deliberately, that the event carries no personal content.
 */
export type PersonalSubjectDeclaration = { readonly kind: 'rater' | 'interaction'; readonly field: string } | null;

/**
 * The erasures that clear an event's stored data: an erasure of `kind` with
 * subject id X tombstones every event of this type whose `data[field]` is X.
 * An empty list declares that no erasure touches it.
 */
export type ErasedByDeclaration = readonly {
  readonly kind: 'rater' | 'user' | 'interaction';
  readonly field: string;
}[];

/** Everything the registry needs to know about one version of one event type. */
export interface EventDefinition<
  TType extends string = string,
  TVersion extends number = number,
  TData extends z.ZodType = z.ZodType,
> {
  readonly type: TType;
  readonly version: TVersion;
  readonly topic: TopicBase;
  /** What the event means and its cross-field rules, for people and the OpenAPI document. */
  readonly description: string;
  /** Schema of `data` alone. */
  readonly data: TData;
  /** Schema of the stored event (full envelope). */
  readonly event: ReturnType<typeof storedEventSchema<TType, TVersion, TData>>;
  /** Schema of what a client sends. */
  readonly input: ReturnType<typeof inputEventSchema<TType, TVersion, TData>>;
  /** The entity the event is about, derived from `data`. */
  readonly subjectOf: (data: z.output<TData>) => Subject;
  /** The Kafka message key, derived from `data`: events with the same key stay ordered. */
  readonly partitionKeyOf: (data: z.output<TData>) => string;
  /** Who may send it: the api's scope check is derived from it. */
  readonly senders: EventSenders;
  /** Whose key seals its data on Kafka, or `null` for none: sealing is derived from it. */
  readonly personalSubject: PersonalSubjectDeclaration;
  /** Which erasures clear it: the projector's erasure (and the indexes it needs) is derived from it. */
  readonly erasedBy: ErasedByDeclaration;
  /**
   * The top-level string fields of `data` that carry users' free text: the api applies the tenant's
   * redaction policy to them before the event is sealed (the one home of that rule). Empty: none.
   */
  readonly redactedFields: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventDefinition = EventDefinition<string, number, any>;

/** The stored event type of a definition, deeply readonly. */
export type EventOf<D> =
  D extends EventDefinition<infer TType, infer TVersion, infer TData>
    ? EventEnvelope<TType, TVersion, DeepReadonly<z.output<TData>>>
    : never;

/** The client input type of a definition, deeply readonly. */
export type EventInputOf<D> =
  D extends EventDefinition<infer TType, infer TVersion, infer TData>
    ? EventInputEnvelope<TType, TVersion, DeepReadonly<z.input<TData>>>
    : never;

/** The `data` type of a definition, deeply readonly. */
export type DataOf<D> = D extends EventDefinition<string, number, infer TData> ? DeepReadonly<z.output<TData>> : never;

/** Declares one version of one event type. */
export function defineEvent<TType extends string, TVersion extends number, TData extends z.ZodType>(spec: {
  readonly type: TType;
  readonly version: TVersion;
  readonly topic: TopicBase;
  readonly description: string;
  readonly data: TData;
  readonly subject: (data: z.output<TData>) => Subject;
  readonly partitionKey: (data: z.output<TData>) => string;
  readonly senders: EventSenders;
  readonly personalSubject: PersonalSubjectDeclaration;
  readonly erasedBy: ErasedByDeclaration;
  readonly redactedFields?: readonly (keyof z.output<TData> & string)[];
}): EventDefinition<TType, TVersion, TData> {
  return {
    type: spec.type,
    version: spec.version,
    topic: spec.topic,
    description: spec.description,
    data: spec.data,
    event: storedEventSchema(spec.type, spec.version, spec.data),
    input: inputEventSchema(spec.type, spec.version, spec.data),
    subjectOf: spec.subject,
    partitionKeyOf: spec.partitionKey,
    senders: spec.senders,
    personalSubject: spec.personalSubject,
    erasedBy: spec.erasedBy,
    redactedFields: spec.redactedFields ?? [],
  };
}
