import fc from 'fast-check';
import type { z } from 'zod';
import { serverEnvelopeFieldsSchema } from '../envelope/envelope';
import { ValidationError, type FieldIssue } from '../errors/hindsight-error';
import { exampleEventInputs } from '../events/examples';
import { findUnstorableStrings } from '../storable/unstorable-strings';
import { eventRegistry, sealEvent, serialisedInput, validateEventInput } from './event-registry';
import { compiledSchema } from './compiled-schema';
import { formatZodIssues } from './format-zod-issues';

/**
 * The compiled validator must be the zod schema, only faster: for every input, both accept or both
 * refuse, with the same output and the same issues. Inputs are the example of each event type
 * mutated at random paths (values swapped for other JSON values, edge-case strings and numbers,
 * keys removed or added), so most are near misses of a valid event, plus arbitrary JSON values.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const edgeStrings = [
  '',
  ' ',
  'a',
  'A',
  '-',
  'a-',
  'x'.repeat(64),
  'x'.repeat(201),
  'y'.repeat(20_001),
  'with space',
  'é',
  '\u0000',
  '\ud800',
  'a\u0000b',
  'x\udc00',
  '\\u0000',
  'back\\ud800slash',
  '\ud83d\ude00',
  '2026-03-01T10:00:00Z',
  '2026-03-01T10:00:00.123456Z',
  '2026-03-01T10:00:00+01:00',
  '0000-01-01T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-01',
  '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  '017F22E2-79B0-7CC3-98C4-DC0C0C07398F',
  '017f22e2-79b0-4cc3-98c4-dc0c0c07398f',
  'en',
  'en-GB',
  'e',
  'preferred',
  'tie',
  'helpfulness',
  'r1',
  'r2',
  'r3',
  'task',
  'rater',
  'comparison.recorded',
  '1',
  'true',
  'null',
];
const edgeNumbers = [
  0,
  -0,
  1,
  2,
  3,
  4,
  -1,
  0.5,
  1.5,
  1000,
  1001,
  -1001,
  2 ** 31 - 1,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  2 ** 53,
  1e308,
  -1e-9,
];

const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<Json>(...edgeStrings) },
  { weight: 3, arbitrary: fc.constantFrom<Json>(...edgeNumbers) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(
      null,
      true,
      false,
      [],
      {},
      ['r1'],
      ['r1', 'r2'],
      { kind: 'tie' },
      { kind: 'preferred', responseId: 'r1' },
    ),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
);

type Mutation =
  | { readonly at: number; readonly op: 'set'; readonly value: Json }
  | { readonly at: number; readonly op: 'delete' }
  | { readonly at: number; readonly op: 'add'; readonly key: string; readonly value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ at: fc.nat(), op: fc.constant('set' as const), value: jsonValue }) },
  { weight: 2, arbitrary: fc.record({ at: fc.nat(), op: fc.constant('delete' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      at: fc.nat(),
      op: fc.constant('add' as const),
      key: fc.constantFrom('extra', 'id', 'recordedAt', 'kind', 'strength', 'responseId', '__proto__', 'constructor'),
      value: jsonValue,
    }),
  },
);

/** Every container and position in `root`, depth first: `[parent, key]` pairs (the root itself has no parent). */
function slots(root: Json): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push([node, i]);
        walk(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        out.push([node, key]);
        walk(node[key]);
      }
    }
  };
  walk(root);
  return out;
}

function mutate(example: unknown, mutations: readonly Mutation[]): unknown {
  const root = structuredClone(example) as Json;
  for (const m of mutations) {
    const all = slots(root);
    if (all.length === 0) break;
    const [parent, key] = all[m.at % all.length];
    if (m.op === 'set') (parent as Record<string | number, Json>)[key] = structuredClone(m.value);
    else if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else {
      const target = (parent as Record<string | number, Json>)[key];
      if (target !== null && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, m.key, {
          value: structuredClone(m.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return root;
}

const REPORT_INPUT = { reportInput: true } as const;

/** What a parse says, comparable with `toEqual`: success and output, or the issues (code, path, message). */
function outcome(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, REPORT_INPUT);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })),
  };
}

function expectSame(schema: z.ZodType, input: unknown): void {
  expect(outcome(compiledSchema(schema), input)).toEqual(outcome(schema, input));
}

const RUNS = 300;

describe('compiledSchema accepts and refuses exactly what the zod schema does', () => {
  for (const [type, entry] of Object.entries(eventRegistry)) {
    const definition = entry.schemas[entry.latestVersion];
    const example = exampleEventInputs[type as keyof typeof exampleEventInputs];

    it(`${type} v${entry.latestVersion} input: the example, mutated at random`, () => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (mutations) => {
          const input = mutate(example, mutations);
          expectSame(definition.input, input);
          if (definition.input.safeParse(input).success) accepted += 1;
          else refused += 1;
        }),
        { numRuns: RUNS, seed: 17 },
      );
      // Both sides of the boundary were exercised.
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });

    it(`${type} v${entry.latestVersion} input: arbitrary JSON`, () => {
      fc.assert(
        fc.property(jsonValue, (input) => expectSame(definition.input, input)),
        { numRuns: 100, seed: 17 },
      );
    });
  }

  // What parseEvent checks every consumed event with (the projector, the replay): the stored event's schema.
  for (const [type, entry] of Object.entries(eventRegistry)) {
    const latest = entry.schemas[entry.latestVersion];
    const stored = sealEvent(validateEventInput(exampleEventInputs[type as keyof typeof exampleEventInputs]), {
      id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      recordedAt: '2026-03-01T10:00:00.000Z',
      tenant: 'acme',
      source: 'api-key-abc',
    });

    it(`${type} v${entry.latestVersion} stored event: the sealed example, mutated at random`, () => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (mutations) => {
          const event = mutate(stored, mutations);
          expectSame(latest.event, event);
          if (latest.event.safeParse(event).success) accepted += 1;
          else refused += 1;
        }),
        { numRuns: RUNS, seed: 17 },
      );
      expect(accepted).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });

    for (const [version, definition] of Object.entries(entry.schemas))
      it(`${type} v${version} stored event: arbitrary JSON and the sealed example under this version`, () => {
        expectSame(definition.event, { ...stored, version: Number(version) });
        fc.assert(
          fc.property(jsonValue, (input) => expectSame(definition.event, input)),
          { numRuns: 50, seed: 17 },
        );
      });
  }

  it('the server envelope fields sealEvent checks', () => {
    const valid = {
      id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      tenant: 'acme',
      source: 'api-key-abc',
      subject: { kind: 'task', id: 't-1' },
      recordedAt: '2026-03-01T10:00:00.000Z',
    };
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (mutations) => {
        const input = mutate(valid, mutations);
        expectSame(serverEnvelopeFieldsSchema, input);
        if (!serverEnvelopeFieldsSchema.safeParse(input).success) refused += 1;
      }),
      { numRuns: RUNS, seed: 17 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('validateEventInput (compiled, JSON-checked unstorable strings) answers as zod, the full unstorable walk and the subject rule do, and serialises once', () => {
    // The reference: what validateEventInput did before, for a latest-version input.
    const reference = (
      input: unknown,
      schema: z.ZodType,
      personalField: string | undefined,
    ): FieldIssue[] | 'valid' => {
      const parsed = schema.safeParse(input, REPORT_INPUT);
      const unstorable = findUnstorableStrings(input);
      if (!parsed.success) return [...formatZodIssues(parsed.error.issues), ...unstorable];
      if (unstorable.length > 0) return unstorable;
      if (
        personalField !== undefined &&
        typeof (parsed.data as { data: Record<string, unknown> }).data[personalField] !== 'string'
      ) {
        return [{ path: `data.${personalField}`, rule: 'required: names whose key seals this event' }];
      }
      return 'valid';
    };
    let valid = 0;
    let unstorableRefusals = 0;
    for (const [type, entry] of Object.entries(eventRegistry)) {
      const definition = entry.schemas[entry.latestVersion];
      const example = { ...exampleEventInputs[type as keyof typeof exampleEventInputs], version: entry.latestVersion };
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), (mutations) => {
          const input = mutate(example, mutations) as { type?: unknown; version?: unknown };
          // Only inputs that stay this type's latest version: the lookup of type and version is unchanged code.
          if (
            input === null ||
            typeof input !== 'object' ||
            input.type !== type ||
            input.version !== entry.latestVersion
          )
            return;
          const expected = reference(input, definition.input, definition.personalSubject?.field);
          let actual: FieldIssue[] | 'valid';
          try {
            const result = validateEventInput(input);
            actual = 'valid';
            expect(serialisedInput(result)).toEqual({
              json: JSON.stringify(result),
              dataJson: JSON.stringify(result.data),
            });
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            actual = [...error.issues];
          }
          expect(actual).toEqual(expected);
          if (actual === 'valid') valid += 1;
          else if (
            actual.some(
              (i) => i.rule.startsWith('must not contain the NUL') || i.rule.startsWith('must be well-formed'),
            )
          )
            unstorableRefusals += 1;
        }),
        { numRuns: RUNS, seed: 17 },
      );
    }
    expect(valid).toBeGreaterThan(100);
    expect(unstorableRefusals).toBeGreaterThan(10);
  });

  it('is generated once per schema', () => {
    const schema = eventRegistry['comparison.recorded'].schemas[1].input;
    expect(compiledSchema(schema)).toBe(compiledSchema(schema));
    expect(compiledSchema(schema)).not.toBe(schema);
  });
});
