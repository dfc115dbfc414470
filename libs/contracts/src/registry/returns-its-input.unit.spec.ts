import { z } from 'zod';
import { exampleEventInputs } from '../events/examples';
import { schemaReturnsItsInput } from './returns-its-input';
import { eventRegistry, parseEvent, parseReturnsItsInput, sealEvent, validateEventInput } from './event-registry';

describe('schemaReturnsItsInput', () => {
  it('accepts strict and loose objects, arrays, records, unions, nullables and refinements', () => {
    const schema = z.strictObject({
      a: z.string().regex(/^x/),
      b: z.array(z.number().int()).optional(),
      c: z.record(z.string(), z.unknown()).nullable(),
      d: z.union([z.literal('x'), z.strictObject({ e: z.boolean() })]),
      f: z.looseObject({ g: z.enum(['h']) }),
      i: z.tuple([z.string()], z.number()),
      j: z.number().refine((n) => n > 0),
    });
    expect(schemaReturnsItsInput(schema)).toBe(true);
  });

  it.each([
    ['a stripping object (drops unknown keys)', z.strictObject({ a: z.object({ b: z.string() }) })],
    ['a default', z.strictObject({ a: z.string().default('x') })],
    ['a prefault', z.strictObject({ a: z.string().prefault('x') })],
    ['a catch', z.strictObject({ a: z.string().catch('x') })],
    ['a transform', z.strictObject({ a: z.string().transform((s) => s.length) })],
    ['trim (an overwrite)', z.strictObject({ a: z.string().trim() })],
    ['toLowerCase (an overwrite)', z.array(z.string().toLowerCase())],
    ['a coercion', z.strictObject({ a: z.coerce.number() })],
    ['a date', z.strictObject({ a: z.date() })],
    ['a transform deep in a union', z.union([z.string(), z.strictObject({ a: z.number().transform(String) })])],
  ])('refuses %s', (_, schema) => {
    expect(schemaReturnsItsInput(schema as z.ZodType)).toBe(false);
  });
});

describe('parseReturnsItsInput', () => {
  it('holds only for the latest version of a type', () => {
    expect(parseReturnsItsInput('comparison.recorded', eventRegistry['comparison.recorded'].latestVersion)).toBe(true);
    expect(parseReturnsItsInput('comparison.recorded', eventRegistry['comparison.recorded'].latestVersion - 1)).toBe(
      false,
    );
    expect(parseReturnsItsInput('comparison.recorded', undefined)).toBe(false);
    expect(parseReturnsItsInput('no.such-type', 1)).toBe(false);
  });

  it("is borne out by every type's example: what parseEvent returns serialises as the event it was given", () => {
    for (const type of Object.keys(exampleEventInputs) as (keyof typeof exampleEventInputs)[]) {
      const event = sealEvent(validateEventInput(exampleEventInputs[type]), {
        id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
        recordedAt: '2026-03-01T10:00:00.000Z',
        tenant: 'acme',
        source: 'api',
      });
      const input = JSON.parse(JSON.stringify(event));
      if (!parseReturnsItsInput(type, input.version)) continue;
      expect({ type, parsed: JSON.parse(JSON.stringify(parseEvent(input))) }).toEqual({ type, parsed: input });
    }
  });
});
