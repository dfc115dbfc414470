import { z } from 'zod';
import { instantSchema, parseRequestBody, ValidationError } from '../index';

const issuesOf = (schema: z.ZodType, body: unknown, wholeRule?: string) => {
  try {
    parseRequestBody(schema, body, wholeRule);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('parseRequestBody', () => {
  const schema = z.strictObject({
    asOf: instantSchema,
    budget: z.number().positive({ error: 'must be a positive number (nats)' }).optional(),
  });

  it('answers the parsed body', () => {
    expect(parseRequestBody(schema, { asOf: '2026-09-30T23:59:59Z', budget: 6 })).toEqual({
      asOf: '2026-09-30T23:59:59Z',
      budget: 6,
    });
  });

  it('refuses a body that is not a JSON object with the given rule on the empty path', () => {
    expect(issuesOf(schema, [1], 'must be an object such as {"budget": 6}')).toEqual([
      { path: '', rule: 'must be an object such as {"budget": 6}' },
    ]);
    expect(issuesOf(schema, null)).toEqual([{ path: '', rule: 'must be a JSON object' }]);
  });

  it("names every broken field with its rule: the schema's own, an instant as instantRule says it, unknown fields", () => {
    expect(issuesOf(schema, { budget: -1, extra: true })).toEqual([
      { path: 'asOf', rule: 'required: an ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z' },
      { path: 'budget', rule: 'must be a positive number (nats)' },
      { path: 'extra', rule: 'unknown field' },
    ]);
    expect(issuesOf(schema, { asOf: '2026-12-06' })).toEqual([
      {
        path: 'asOf',
        rule: 'must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)',
      },
    ]);
    expect(issuesOf(schema, { asOf: 20261206 })).toEqual([
      { path: 'asOf', rule: 'expected string: an ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z' },
    ]);
    expect(issuesOf(schema, { asOf: '0000-01-01T00:00:00Z' })).toEqual([
      {
        path: 'asOf',
        rule: 'must be an ISO-8601 instant with Z or an offset on a real calendar day, e.g. 2026-09-30T23:59:59Z',
      },
    ]);
  });
});
