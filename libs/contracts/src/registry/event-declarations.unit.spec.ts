import type { z } from 'zod';
import {
  EVENT_TYPES,
  ERASABLE_SUBJECT_KINDS,
  erasureFields,
  erasureTargets,
  eventRegistry,
  exampleEventInputs,
  personalSubjectDeclarationOf,
  sendersOf,
  validateEventInput,
  ValidationError,
  type AnyEventDefinition,
  type EventType,
} from '../index';

/**
 * Types whose data holds free text yet carry no personal subject, each with
 * why its text is not personal. A new type with free text fails the test
 * below until it either declares a personal subject or is listed here: text
 * cannot reach Kafka in the clear by omission.
 */
const FREE_TEXT_IN_THE_CLEAR: Readonly<Partial<Record<EventType, string>>> = {
  'retrain.failed':
    "the trainer's own diagnostics (coded reasons with a message), written by the platform about a run, never about a person",
  'retrain.run-advanced':
    "the trainer's own record of a run (recipe, gate thresholds and report, coded failure reasons), written by the platform about a run, never about a person",
  'model.registered':
    "the trainer's own registry entry (recipe, dataset manifest of counts and hashes, training record), written by the platform about a model, never about a person",
  'subject.erasure.requested':
    "the audit trail of erasures, written by an administrator: it cannot be sealed under the key it destroys, and its reason must name no more than the request's legal ground",
  'queue.created': "an operator's name for a queue: configuration, about no person",
  'blend.weights-assigned':
    "governance's reason for weighting rater groups in a blend: a decision about models, written by an administrator, about no person",
  'routing-rule.created': "an operator's name for a routing rule: configuration, about no person",
  'routing-rule.changed': "an operator's name for a routing rule: configuration, about no person",
  'retrain-policy.created':
    "an administrator's retrain policy (cadence, time zone, recipe): configuration, about no person",
  'api-key.created':
    "a key's name and allowed browser origins, chosen by an operator: metadata of a credential (never its secret), about no person",
  'redaction-policy.configured':
    "a tenant's custom redaction patterns (regular expressions an administrator writes to find personal data): configuration, about no person",
  'queue.task-enqueued':
    'the prompt and responses an operator puts before raters, like a dataset row: they name no person, and production traffic routed into queues is to be redacted before it is enqueued (the deployment-loop issue)',
  'webhook.subscribed':
    "an administrator's webhook endpoint URL and description: configuration, about no person (the signing secret is wrapped, never in the clear)",
  'webhook.delivery-attempted':
    "the dispatcher's own record of an attempt (what it announced, the receiver's status or the transport error), about a delivery, never about a person",
};

/** A string schema without a pattern or format: anything a person may type. */
function isFreeText(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as { type: string; format?: string; checks?: { _zod: { def: { check: string } } }[] };
  return (
    def.type === 'string' &&
    def.format === undefined &&
    !(def.checks ?? []).some((c) => c._zod.def.check === 'string_format')
  );
}

/** Paths (`responses[].text`, `metadata{}`) of the free-text fields of a data schema. */
function freeTextPaths(schema: z.core.$ZodType, path = ''): string[] {
  if (isFreeText(schema)) return [path];
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, value]) =>
        freeTextPaths(value, path ? `${path}.${key}` : key),
      );
    case 'array':
      return freeTextPaths(def.element as z.core.$ZodType, `${path}[]`);
    case 'record':
      return [
        ...freeTextPaths(def.keyType as z.core.$ZodType, `${path}{key}`),
        ...freeTextPaths(def.valueType as z.core.$ZodType, `${path}{}`),
      ];
    case 'union':
      return [...new Set((def.options as z.core.$ZodType[]).flatMap((option) => freeTextPaths(option, path)))];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return freeTextPaths(def.innerType as z.core.$ZodType, path);
    case 'pipe':
      return [...freeTextPaths(def.in as z.core.$ZodType, path), ...freeTextPaths(def.out as z.core.$ZodType, path)];
    default:
      return [];
  }
}

/** The schema of `data[field]` in every variant of a data schema (several for a union), or undefined where a variant lacks it. */
function fieldSchemas(schema: z.core.$ZodType, field: string): (z.core.$ZodType | undefined)[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'union') return (def.options as z.core.$ZodType[]).flatMap((option) => fieldSchemas(option, field));
  if (def.type === 'object') return [(def.shape as Record<string, z.core.$ZodType>)[field]];
  return [undefined];
}

const unwrap = (schema: z.core.$ZodType): z.core.$ZodType => {
  const def = schema._zod.def as unknown as { type: string; innerType?: z.core.$ZodType };
  return def.type === 'optional' && def.innerType ? unwrap(def.innerType) : schema;
};

const allDefinitions: AnyEventDefinition[] = EVENT_TYPES.flatMap(
  (type) => Object.values(eventRegistry[type].schemas) as AnyEventDefinition[],
);
const named = (d: AnyEventDefinition) => `${d.type} v${d.version}`;

describe('event declarations', () => {
  it('every definition declares who sends it, its personal subject and what an erasure clears', () => {
    const missing = allDefinitions.flatMap((d) => [
      ...(d.senders === undefined || ('clients' in d.senders ? d.senders.clients.length === 0 : !d.senders.platform)
        ? [`${named(d)}: senders`]
        : []),
      ...(d.personalSubject === undefined ? [`${named(d)}: personalSubject`] : []),
      ...(!Array.isArray(d.erasedBy) ? [`${named(d)}: erasedBy`] : []),
    ]);
    expect(missing).toEqual([]);
  });

  it('every field a declaration names is an id field of the data schema, in every variant', () => {
    const wrong: string[] = [];
    for (const d of allDefinitions) {
      const fields = [...(d.personalSubject ? [d.personalSubject.field] : []), ...d.erasedBy.map((e) => e.field)];
      for (const field of fields) {
        for (const schema of fieldSchemas(d.data, field)) {
          const def = schema && (unwrap(schema)._zod.def as { type: string; checks?: unknown[] });
          if (!def || def.type !== 'string' || isFreeText(unwrap(schema))) wrong.push(`${named(d)}: data.${field}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a personal subject is also what erases the event: sealed data and stored data go together', () => {
    const inconsistent = allDefinitions.filter(
      (d) =>
        d.personalSubject !== null &&
        !d.erasedBy.some((e) => e.kind === d.personalSubject?.kind && e.field === d.personalSubject.field),
    );
    expect(inconsistent.map(named)).toEqual([]);
  });

  it('every type whose data holds free text is sealed under a personal subject, or listed with the reason it is not', () => {
    const inTheClear = allDefinitions
      .filter((d) => d.personalSubject === null)
      .map((d) => ({ type: d.type as EventType, paths: freeTextPaths(d.data) }))
      .filter((t) => t.paths.length > 0);
    expect(inTheClear.filter((t) => FREE_TEXT_IN_THE_CLEAR[t.type] === undefined)).toEqual([]);
    // The list stays tight: a listed type that no longer holds free text (or became personal) is removed from it.
    expect(Object.keys(FREE_TEXT_IN_THE_CLEAR).sort()).toEqual([...new Set(inTheClear.map((t) => t.type))].sort());
  });

  it('finds the free text a person types and nothing else', () => {
    expect(freeTextPaths(eventRegistry['feedback.recorded'].schemas[1].data).sort()).toEqual([
      'comment',
      'correctedResponse',
      'metadata{}',
    ]);
    expect(freeTextPaths(eventRegistry['annotation.corrected'].schemas[1].data)).toEqual(['reason']);
    expect(freeTextPaths(eventRegistry['retrain.requested'].schemas[1].data)).toEqual([]);
  });

  it("annotation.corrected and annotation.retracted are the rater's: sealed under and erased with the rater named in them", () => {
    for (const type of ['annotation.corrected', 'annotation.retracted'] as const) {
      expect(personalSubjectDeclarationOf(type)).toEqual({ kind: 'rater', field: 'raterId' });
    }
    expect(erasureTargets('rater')).toEqual([
      {
        field: 'raterId',
        types: [
          'annotation.corrected',
          'annotation.retracted',
          'comparison.recorded',
          'rater.profiled',
          'rating.recorded',
        ],
      },
    ]);
  });

  it('derives where each erasure looks, and which data fields need an index', () => {
    expect(erasureTargets('interaction')).toEqual([
      { field: 'interactionId', types: ['feedback.recorded', 'interaction.logged', 'outcome.recorded'] },
    ]);
    expect(erasureTargets('user')).toEqual([{ field: 'userId', types: ['feedback.recorded', 'interaction.logged'] }]);
    expect(erasureFields()).toEqual(['interactionId', 'raterId', 'userId']);
    expect(ERASABLE_SUBJECT_KINDS.flatMap((k) => erasureTargets(k).flatMap((t) => t.types))).not.toContain(
      'subject.erasure.requested',
    );
  });

  it('answers the declarations by type', () => {
    expect(sendersOf('feedback.recorded')).toEqual({ clients: ['ingest', 'feedback'] });
    expect(sendersOf('retrain.completed')).toEqual({ platform: 'trainer' });
    expect(personalSubjectDeclarationOf('retrain.requested')).toBeNull();
    expect(personalSubjectDeclarationOf('no.such.type')).toBeUndefined();
  });

  it('refuses new input that does not name its personal subject, even where the schema leaves it optional', () => {
    for (const type of ['annotation.corrected', 'annotation.retracted'] as const) {
      const input = structuredClone(exampleEventInputs[type]) as { data: Record<string, unknown> };
      delete input.data.raterId;
      let error: unknown;
      try {
        validateEventInput(input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { path: 'data.raterId', rule: 'required: names whose key seals this event' },
      ]);
    }
  });
});
