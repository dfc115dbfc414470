import { z } from 'zod';
import { formatPath, formatZodIssues, prefixIssues } from '../index';

describe('formatPath', () => {
  it.each<[PropertyKey[], string, string]>([
    [['data', 'responses', 1, 'text'], '', 'data.responses[1].text'],
    [['data', 'scores', 'tone-appropriate'], '', 'data.scores.tone-appropriate'],
    [['data', 'metadata', 'a b'], '', 'data.metadata["a b"]'],
    [[0, 'type'], '', '[0].type'],
    [['data', 'prompt'], '[3]', '[3].data.prompt'],
    [[], '', ''],
  ])('%j with prefix %j → %s', (path, prefix, expected) => {
    expect(formatPath(path, prefix)).toBe(expected);
  });
});

describe('formatZodIssues', () => {
  const issues = (schema: z.ZodType, input: unknown) => {
    const result = schema.safeParse(input, { reportInput: true });
    if (result.success) throw new Error('expected failure');
    return formatZodIssues(result.error.issues);
  };

  it('maps each zod issue code to a readable rule', () => {
    const schema = z.strictObject({
      a: z.string(),
      b: z.number().int().min(0).max(10).multipleOf(2),
      c: z.array(z.string()).length(2),
      d: z.enum(['x', 'y']),
      e: z.union([z.string(), z.number()]),
      f: z.string().length(3),
    });
    expect(issues(schema, { b: 11, c: ['1'], d: 'z', e: true, f: 'ab', g: 1 })).toEqual([
      { path: 'a', rule: 'required' },
      { path: 'b', rule: 'must be <= 10' },
      { path: 'b', rule: 'must be a multiple of 2' },
      { path: 'c', rule: 'must have exactly 2 items' },
      { path: 'd', rule: 'must be one of: x, y' },
      { path: 'e', rule: 'expected string or number' },
      { path: 'f', rule: 'must be exactly 3 characters' },
      { path: 'g', rule: 'unknown field' },
    ]);
  });

  it("takes the schema's own message when it reads as a rule, and zod's English never", () => {
    const schema = z.strictObject({
      budget: z
        .number()
        .positive({ error: 'must be a positive number (nats)' })
        .max(10, { error: 'must be at most 10 nats' }),
      at: z.string({
        error: (issue) => (issue.input === undefined ? 'required: an instant' : 'expected string: an instant'),
      }),
      other: z.number().positive({ error: 'Too small!' }),
      when: z.iso.datetime({ error: 'must be an ISO-8601 instant' }),
    });
    expect(issues(schema, { budget: -1, other: 0 })).toEqual([
      { path: 'budget', rule: 'must be a positive number (nats)' },
      { path: 'at', rule: 'required: an instant' },
      { path: 'other', rule: 'must be > 0' },
      // A format message is not the rule for a missing value, nor for one of another type.
      { path: 'when', rule: 'required' },
    ]);
    expect(issues(schema, { budget: 11, at: 3, other: 1, when: 5 })).toEqual([
      { path: 'budget', rule: 'must be at most 10 nats' },
      { path: 'at', rule: 'expected string: an instant' },
      { path: 'when', rule: 'expected string' },
    ]);
  });

  it('falls back to the default message to recognise a missing value without reportInput', () => {
    const result = z.object({ a: z.string() }).safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(formatZodIssues(result.error.issues)).toEqual([{ path: 'a', rule: 'required' }]);
  });

  it('reports the closest alternative of a union of objects', () => {
    const schema = z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.number(), c: z.number() })]);
    expect(issues(schema, { b: 1, c: 'x' })).toEqual([{ path: 'c', rule: 'expected number' }]);
  });

  it('prefixes paths for batches', () => {
    expect(
      prefixIssues('[2]', [
        { path: 'data.prompt', rule: 'required' },
        { path: '', rule: 'expected object' },
      ]),
    ).toEqual([
      { path: '[2].data.prompt', rule: 'required' },
      { path: '[2]', rule: 'expected object' },
    ]);
    expect(prefixIssues('events', [{ path: '[0].type', rule: 'required' }])).toEqual([
      { path: 'events[0].type', rule: 'required' },
    ]);
  });
});
