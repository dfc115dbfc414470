import {
  LONE_SURROGATE_RULE,
  MAX_PROMPT_CHARS,
  NUL_RULE,
  TEXT_SHOWS_NO_UNSTORABLE,
  MAX_RESPONSE_CHARS,
  ValidationError,
  exampleEventInputs,
  parseEvent,
  parseEventJson,
  sealEvent,
  validateEventInput,
  type FieldIssue,
} from '../index';

const comparison = exampleEventInputs['comparison.recorded'];
const cmp = comparison.data;
const withData = (patch: Record<string, unknown>) => ({ ...comparison, data: { ...cmp, ...patch } });
const context = {
  id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  recordedAt: '2026-03-01T10:00:00.000Z',
  tenant: 'acme',
  source: 'api',
};

function issuesOf(fn: () => unknown): readonly FieldIssue[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateEventInput rejects bad input naming each field and rule', () => {
  const { prompt: _prompt, ...withoutPrompt } = cmp;
  const cases: [string, unknown, FieldIssue[]][] = [
    ['not an object', 'hello', [{ path: '', rule: 'expected object' }]],
    ['no type', { data: {} }, [{ path: 'type', rule: 'required' }]],
    ['type not a string', { type: 7 }, [{ path: 'type', rule: 'expected string' }]],
    ['unknown type', { ...comparison, type: 'comparison.deleted' }, [{ path: 'type', rule: 'unknown event type' }]],
    ['unknown version', { ...comparison, version: 9 }, [{ path: 'version', rule: 'must be one of: 1, 2' }]],
    ['version not a number', { ...comparison, version: '1' }, [{ path: 'version', rule: 'expected integer' }]],
    [
      'no idempotency key',
      { ...comparison, idempotencyKey: undefined },
      [{ path: 'idempotencyKey', rule: 'required' }],
    ],
    [
      'server fields sent by a client',
      { ...comparison, id: 'x', recordedAt: '2026-01-01T00:00:00Z' },
      [
        { path: 'id', rule: 'unknown field' },
        { path: 'recordedAt', rule: 'unknown field' },
      ],
    ],
    [
      'occurredAt with an offset',
      { ...comparison, occurredAt: '2026-03-01T10:00:00+01:00' },
      [{ path: 'occurredAt', rule: 'must be an ISO-8601 UTC date-time (e.g. 2026-01-31T12:00:00.000Z)' }],
    ],
    // PostgreSQL's timestamptz has no year 0: accepted, the event would stop the projector's partition.
    [
      'occurredAt in year 0000',
      { ...comparison, occurredAt: '0000-01-01T00:00:00Z' },
      [{ path: 'occurredAt', rule: 'must be in year 1 or later' }],
    ],
    // dwell_time_ms is a PostgreSQL integer: the same failure for anything above 2^31 - 1.
    [
      'dwell time beyond a PostgreSQL integer',
      withData({ dwellTimeMs: 3_000_000_000 }),
      [{ path: 'data.dwellTimeMs', rule: 'must be <= 2147483647' }],
    ],
    [
      'tenant not a slug',
      { ...comparison, tenant: 'Acme Corp' },
      [{ path: 'tenant', rule: 'must be a slug (lower-case letters, digits and hyphens, 1-63 chars)' }],
    ],
    ['no data', { ...comparison, data: undefined }, [{ path: 'data', rule: 'required' }]],
    ['missing prompt', { ...comparison, data: withoutPrompt }, [{ path: 'data.prompt', rule: 'required' }]],
    ['prompt of the wrong type', withData({ prompt: 42 }), [{ path: 'data.prompt', rule: 'expected string' }]],
    ['empty prompt', withData({ prompt: '' }), [{ path: 'data.prompt', rule: 'must not be empty' }]],
    [
      'oversized prompt',
      withData({ prompt: 'x'.repeat(MAX_PROMPT_CHARS + 1) }),
      [{ path: 'data.prompt', rule: `must be at most ${MAX_PROMPT_CHARS} characters` }],
    ],
    [
      'oversized response text',
      withData({
        responses: [cmp.responses[0], { ...cmp.responses[1], text: 'y'.repeat(MAX_RESPONSE_CHARS + 1) }],
      }),
      [{ path: 'data.responses[1].text', rule: `must be at most ${MAX_RESPONSE_CHARS} characters` }],
    ],
    [
      'missing response text',
      withData({ responses: [cmp.responses[0], { id: 'r2', modelVersion: 'm' }] }),
      [{ path: 'data.responses[1].text', rule: 'required' }],
    ],
    [
      'one response only',
      withData({ responses: [cmp.responses[0]], shownOrder: ['r1'], choice: { kind: 'preferred', responseId: 'r1' } }),
      [
        { path: 'data.responses', rule: 'must have at least 2 items' },
        { path: 'data.shownOrder', rule: 'must have at least 2 items' },
      ],
    ],
    [
      'duplicate response ids',
      withData({ responses: [cmp.responses[0], { ...cmp.responses[1], id: 'r1' }], shownOrder: ['r1', 'r1'] }),
      [
        { path: 'data.responses[1].id', rule: 'must be unique' },
        { path: 'data.shownOrder[1]', rule: 'must be unique' },
      ],
    ],
    [
      'shownOrder with an unknown id',
      withData({ shownOrder: ['r2', 'r9'] }),
      [{ path: 'data.shownOrder[1]', rule: 'must be one of the response ids' }],
    ],
    [
      'shownOrder repeating an id',
      withData({ shownOrder: ['r2', 'r2'] }),
      [{ path: 'data.shownOrder[1]', rule: 'must be unique' }],
    ],
    [
      'shownOrder missing an id',
      withData({
        responses: [...cmp.responses, { id: 'r3', text: 't', modelVersion: 'm' }],
        shownOrder: ['r2', 'r1'],
      }),
      [{ path: 'data.shownOrder', rule: 'must list every response id exactly once' }],
    ],
    [
      'choice of an unknown response',
      withData({ choice: { kind: 'preferred', responseId: 'r3' } }),
      [{ path: 'data.choice.responseId', rule: 'must be one of the response ids' }],
    ],
    [
      'choice of an unknown kind',
      withData({ choice: { kind: 'both' } }),
      [{ path: 'data.choice.kind', rule: 'must be one of: preferred, tie' }],
    ],
    ['choice as a bare string', withData({ choice: 'r1' }), [{ path: 'data.choice', rule: 'expected object' }]],
    [
      'strength on a tie',
      withData({ choice: { kind: 'tie' } }),
      [{ path: 'data.strength', rule: 'must be absent when choice is a tie' }],
    ],
    ['strength out of range', withData({ strength: 4 }), [{ path: 'data.strength', rule: 'must be <= 3' }]],
    ['fractional strength', withData({ strength: 1.5 }), [{ path: 'data.strength', rule: 'expected integer' }]],
    ['negative dwell time', withData({ dwellTimeMs: -1 }), [{ path: 'data.dwellTimeMs', rule: 'must be >= 0' }]],
    [
      'objective not a slug',
      withData({ objective: 'Helpfulness!' }),
      [{ path: 'data.objective', rule: 'must be a slug (lower-case letters, digits and hyphens, 1-63 chars)' }],
    ],
    [
      'bad locale',
      withData({ locale: 'english please' }),
      [{ path: 'data.locale', rule: 'must be a BCP 47 language tag' }],
    ],
    ['unknown data field', withData({ rater: 'x' }), [{ path: 'data.rater', rule: 'unknown field' }]],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(issuesOf(() => validateEventInput(input))).toEqual(expected);
  });

  const other: [string, unknown, FieldIssue[]][] = [
    [
      'rating score outside the scale',
      {
        ...exampleEventInputs['rating.recorded'],
        data: { ...exampleEventInputs['rating.recorded'].data, scores: { accuracy: 8, clarity: 0 } },
      },
      [
        { path: 'data.scores.accuracy', rule: 'must be within the scale 1..7' },
        { path: 'data.scores.clarity', rule: 'must be within the scale 1..7' },
      ],
    ],
    [
      'rating with no dimensions',
      {
        ...exampleEventInputs['rating.recorded'],
        data: { ...exampleEventInputs['rating.recorded'].data, scores: {} },
      },
      [{ path: 'data.scores', rule: 'must have at least 1 dimension' }],
    ],
    [
      'rating dimension not a slug',
      {
        ...exampleEventInputs['rating.recorded'],
        data: { ...exampleEventInputs['rating.recorded'].data, scores: { 'Not A Slug': 3 } },
      },
      [
        {
          path: 'data.scores["Not A Slug"]',
          rule: 'invalid key: must be a slug (lower-case letters, digits and hyphens, 1-63 chars)',
        },
      ],
    ],
    [
      'rating scale upside down',
      {
        ...exampleEventInputs['rating.recorded'],
        data: { ...exampleEventInputs['rating.recorded'].data, scale: { min: 5, max: 1 } },
      },
      [{ path: 'data.scale.max', rule: 'must be greater than min' }],
    ],
    [
      'feedback of an unknown kind',
      { type: 'feedback.recorded', idempotencyKey: 'k', data: { interactionId: 'i', kind: 'meh' } },
      [{ path: 'data.kind', rule: 'must be one of: thumbs-up, thumbs-down, correction, regenerate, copy, free-text' }],
    ],
    [
      'correction without the corrected response',
      { type: 'feedback.recorded', idempotencyKey: 'k', data: { interactionId: 'i', kind: 'correction' } },
      [{ path: 'data.correctedResponse', rule: 'required when kind is correction' }],
    ],
    [
      'free text without a comment',
      { type: 'feedback.recorded', idempotencyKey: 'k', data: { interactionId: 'i', kind: 'free-text' } },
      [{ path: 'data.comment', rule: 'required when kind is free-text' }],
    ],
    [
      'thumbs-up with a corrected response',
      {
        type: 'feedback.recorded',
        idempotencyKey: 'k',
        data: { interactionId: 'i', kind: 'thumbs-up', correctedResponse: 'x' },
      },
      [{ path: 'data.correctedResponse', rule: 'only allowed when kind is correction' }],
    ],
    [
      'outcome with neither success nor value',
      { type: 'outcome.recorded', idempotencyKey: 'k', data: { interactionId: 'i', outcome: 'tests-passed' } },
      [{ path: 'data.success', rule: 'required unless value is given' }],
    ],
    [
      'metadata with a nested object',
      {
        ...exampleEventInputs['interaction.logged'],
        data: { ...exampleEventInputs['interaction.logged'].data, metadata: { nested: { a: 1 } } },
      },
      [{ path: 'data.metadata.nested', rule: 'expected string or number or boolean or null' }],
    ],
    [
      'annotation retraction of a non-UUIDv7',
      {
        type: 'annotation.retracted',
        idempotencyKey: 'k',
        data: { annotationId: 'ann-1', taskId: 't', reason: 'r' },
      },
      [{ path: 'data.annotationId', rule: 'must be a lower-case UUIDv7' }],
    ],
    [
      'empty correction',
      {
        type: 'annotation.corrected',
        idempotencyKey: 'k',
        data: {
          annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
          annotationType: 'comparison.recorded',
          taskId: 't',
          corrected: {},
        },
      },
      [{ path: 'data.corrected', rule: 'must correct at least one field' }],
    ],
    [
      'correction of an unknown annotation type',
      {
        type: 'annotation.corrected',
        idempotencyKey: 'k',
        data: {
          annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
          annotationType: 'feedback.recorded',
          taskId: 't',
          corrected: {},
        },
      },
      [{ path: 'data.annotationType', rule: 'must be one of: comparison.recorded, rating.recorded' }],
    ],
    [
      'rater languages repeated',
      {
        ...exampleEventInputs['rater.profiled'],
        data: { ...exampleEventInputs['rater.profiled'].data, languages: ['en', 'en'] },
      },
      [{ path: 'data.languages[1]', rule: 'must be unique' }],
    ],
    [
      'rater region not a code',
      {
        ...exampleEventInputs['rater.profiled'],
        data: { ...exampleEventInputs['rater.profiled'].data, region: 'Germany' },
      },
      [{ path: 'data.region', rule: 'must be an ISO 3166-1 alpha-2 code or a UN M49 area code' }],
    ],
    [
      'policy retrain without a period',
      {
        ...exampleEventInputs['retrain.requested'],
        data: { ...exampleEventInputs['retrain.requested'].data, period: undefined },
      },
      [{ path: 'data.period', rule: 'required when trigger kind is policy' }],
    ],
    [
      'retrain with no objectives',
      {
        ...exampleEventInputs['retrain.requested'],
        data: { ...exampleEventInputs['retrain.requested'].data, objectives: [] },
      },
      [{ path: 'data.objectives', rule: 'must have at least 1 items' }],
    ],
    [
      'dataset hash malformed',
      {
        ...exampleEventInputs['retrain.dataset-built'],
        data: {
          ...exampleEventInputs['retrain.dataset-built'].data,
          datasets: [{ objective: 'helpfulness', sha256: 'abc', examples: 1 }],
        },
      },
      [{ path: 'data.datasets[0].sha256', rule: 'must be a lower-case hex SHA-256 digest' }],
    ],
    [
      'retrain failure without reasons',
      { type: 'retrain.failed', idempotencyKey: 'k', data: { runId: 'r', stage: 'training', reasons: [] } },
      [{ path: 'data.reasons', rule: 'must have at least 1 items' }],
    ],
    [
      'win rate above 1',
      { type: 'eval.human.reported', idempotencyKey: 'k', data: { runId: 'r', step: 0, winRate: 1.2, n: 10 } },
      [{ path: 'data.winRate', rule: 'must be <= 1' }],
    ],
    [
      'metrics with a string reward',
      { type: 'training.metrics.reported', idempotencyKey: 'k', data: { runId: 'r', step: 1, meanReward: '1', kl: 0 } },
      [{ path: 'data.meanReward', rule: 'expected number' }],
    ],
    [
      'erasure of an unknown subject kind',
      {
        type: 'subject.erasure.requested',
        idempotencyKey: 'k',
        data: { subjectKind: 'tenant', subjectId: 'x', reason: 'r' },
      },
      [{ path: 'data.subjectKind', rule: 'must be one of: rater, user, interaction' }],
    ],
  ];

  it.each(other)('%s', (_name, input, expected) => {
    expect(issuesOf(() => validateEventInput(input))).toEqual(expected);
  });

  it('restricts the accepted types when asked', () => {
    expect(issuesOf(() => validateEventInput(comparison, { types: ['feedback.recorded'] }))).toEqual([
      { path: 'type', rule: 'must be one of: feedback.recorded' },
    ]);
  });

  it('reports every issue at once and puts them in the message', () => {
    try {
      validateEventInput(withData({ prompt: '', dwellTimeMs: 'slow' }));
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('validation');
      expect((error as ValidationError).message).toBe(
        'data.prompt: must not be empty; data.dwellTimeMs: expected number',
      );
    }
  });
});

describe('sealEvent', () => {
  it('rejects a tenant other than the authenticated one', () => {
    expect(issuesOf(() => sealEvent(validateEventInput({ ...comparison, tenant: 'other' }), context))).toEqual([
      { path: 'tenant', rule: 'must match the authenticated tenant' },
    ]);
  });

  it('rejects a subject that disagrees with the data', () => {
    const input = validateEventInput({ ...comparison, subject: { kind: 'task', id: 'task-1' } });
    expect(issuesOf(() => sealEvent(input, context))).toEqual([
      { path: 'subject', rule: 'must match the subject derived from data (task task-42)' },
    ]);
  });

  it('rejects occurredAt more than five minutes after recordedAt, accepts it within', () => {
    const late = validateEventInput({ ...comparison, occurredAt: '2026-03-01T10:05:00.001Z' });
    expect(issuesOf(() => sealEvent(late, context))).toEqual([
      { path: 'occurredAt', rule: 'must not be more than 5 minutes after recordedAt' },
    ]);
    const skewed = validateEventInput({ ...comparison, occurredAt: '2026-03-01T10:05:00.000Z' });
    expect(sealEvent(skewed, context).occurredAt).toBe('2026-03-01T10:05:00.000Z');
  });

  it('seals what validateEventInput returned exactly as it seals a copy checked in full, for every event type', () => {
    for (const [type, example] of Object.entries(exampleEventInputs)) {
      const validated = validateEventInput(example);
      expect({ type, event: sealEvent(validated, context) }).toEqual({
        type,
        event: sealEvent(structuredClone(validated), context),
      });
    }
  });

  it('checks the data of an input it did not validate itself', () => {
    const copy = structuredClone(validateEventInput(comparison));
    (copy.data as { prompt: string }).prompt = '';
    expect(issuesOf(() => sealEvent(copy, context))).toEqual([{ path: 'data.prompt', rule: 'must not be empty' }]);
    // A spread copy carries no mark of validation either.
    const validated = validateEventInput(comparison);
    const shallow = { ...validated };
    (shallow as { data: unknown }).data = { ...(validated.data as object), prompt: '' };
    expect(issuesOf(() => sealEvent(shallow, context))).toEqual([{ path: 'data.prompt', rule: 'must not be empty' }]);
  });

  it('rejects server values that break the envelope (id must be a UUIDv7)', () => {
    const input = validateEventInput(comparison);
    expect(issuesOf(() => sealEvent(input, { ...context, id: 'not-a-uuid' }))).toEqual([
      { path: 'id', rule: 'must be a lower-case UUIDv7' },
    ]);
  });
});

describe('parseEvent', () => {
  const stored = () => JSON.parse(JSON.stringify(sealEvent(validateEventInput(comparison), context)));

  it('rejects an unknown type on path type and reports other envelope problems too', () => {
    expect(issuesOf(() => parseEvent({ ...stored(), type: 'comparison.deleted', recordedAt: 'yesterday' }))).toEqual([
      { path: 'type', rule: 'unknown event type' },
      { path: 'recordedAt', rule: 'must be an ISO-8601 UTC date-time (e.g. 2026-01-31T12:00:00.000Z)' },
    ]);
  });

  it('requires the server fields and the version', () => {
    const { id: _id, recordedAt: _recordedAt, version: _version, ...rest } = stored();
    expect(issuesOf(() => parseEvent(rest))).toEqual([
      { path: 'version', rule: 'required' },
      { path: 'id', rule: 'required' },
      { path: 'recordedAt', rule: 'required' },
    ]);
    expect(issuesOf(() => parseEvent({ ...rest, version: 1 }))).toEqual([
      { path: 'id', rule: 'required' },
      { path: 'recordedAt', rule: 'required' },
    ]);
  });

  it('rejects bad data with full paths', () => {
    const event = stored();
    event.data.responses[1].text = 7;
    expect(issuesOf(() => parseEvent(event))).toEqual([{ path: 'data.responses[1].text', rule: 'expected string' }]);
  });

  it('refuses a NUL or a lone surrogate in the consumed text: the escape in the text makes it walk the strings', () => {
    const withPrompt = (prompt: string) => {
      const event = stored();
      event.data.prompt = prompt;
      return JSON.stringify(event);
    };
    expect(parseEventJson(withPrompt('tab\t 🙂 \\u0000 written out')).type).toBe('comparison.recorded');
    expect(issuesOf(() => parseEventJson(withPrompt('a\u0000b')))).toEqual([{ path: 'data.prompt', rule: NUL_RULE }]);
    expect(issuesOf(() => parseEventJson(withPrompt('x\uD83Dy')))).toEqual([
      { path: 'data.prompt', rule: LONE_SURROGATE_RULE },
    ]);
    // A key too, and the escape written in upper case by another producer.
    const key = JSON.stringify(stored()).replace('"prompt":', '"\\uD800x":"y","prompt":');
    // (the strict schema refuses the unknown field too; the key's rule comes from the walk alone)
    expect(issuesOf(() => parseEventJson(key))).toContainEqual({
      path: 'data["\\ud800x"]',
      rule: `key ${LONE_SURROGATE_RULE}`,
    });
  });

  it('skips the walk only when told the text showed no unstorable escape', () => {
    const event = stored();
    event.data.prompt = 'a\u0000b';
    expect(issuesOf(() => parseEvent(event))).toEqual([{ path: 'data.prompt', rule: NUL_RULE }]);
    expect(issuesOf(() => parseEvent(event, { mayHoldUnstorable: true }))).toEqual([
      { path: 'data.prompt', rule: NUL_RULE },
    ]);
    // A false claim is the caller's: the text it screened was not this value's.
    expect(parseEvent(event, TEXT_SHOWS_NO_UNSTORABLE).type).toBe('comparison.recorded');
  });

  it('parses JSON text, and malformed JSON is a validation error', () => {
    expect(parseEventJson(JSON.stringify(stored())).type).toBe('comparison.recorded');
    expect(issuesOf(() => parseEventJson('{"type":'))).toEqual([{ path: '', rule: 'must be valid JSON' }]);
  });
});
