import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEventInput } from '@hindsight/contracts';
import { normaliseHistoryMapping, parseHistoryMappingYaml } from '../mapping/history-mapping';
import { importIdempotencyKey, mapRecord } from './map-record';

const pandalm = parseHistoryMappingYaml(
  readFileSync(join(__dirname, '../../../../examples/pandalm/mapping.yaml'), 'utf8'),
);

/** PandaLM test set, WeOpenML/PandaLM data/testset-v1.json (Apache-2.0), copied to /work/shared/data (see its README). */
const pandaRows = JSON.parse(readFileSync('/work/shared/data/pandalm-testset-v1.json', 'utf8')) as Record<
  string,
  unknown
>[];

const row = (over: Record<string, unknown> = {}) => ({
  idx: 7,
  motivation_app: 'Grammarly',
  cmp_key: 'bloom-7b_llama-7b',
  instruction: 'Rewrite the sentence.',
  input: 'A long sentence.',
  response1: 'Short.',
  response2: 'Shorter.',
  annotator1: 1,
  annotator2: 2,
  annotator3: 0,
  ...over,
});

describe('mapRecord with the PandaLM mapping', () => {
  it('builds one comparison per annotator with the label mapping 0 → tie, 1 → response1, 2 → response2', () => {
    const mapped = mapRecord(pandalm, row(), 7);
    expect(mapped.rejections).toEqual([]);
    expect(mapped.comparisons.map((c) => [c.column, c.event.data.raterId, c.event.data.choice])).toEqual([
      ['annotator1', 'pandalm-annotator1', { kind: 'preferred', responseId: 'response1' }],
      ['annotator2', 'pandalm-annotator2', { kind: 'preferred', responseId: 'response2' }],
      ['annotator3', 'pandalm-annotator3', { kind: 'tie' }],
    ]);
    const { data, idempotencyKey, occurredAt } = mapped.comparisons[0].event;
    expect(idempotencyKey).toBe('import:pandalm-testset-v1:7:annotator1');
    expect(occurredAt).toBeUndefined();
    expect(data).toMatchObject({
      taskId: 'pandalm-7',
      taskType: 'instruction-following',
      prompt: 'Rewrite the sentence.\n\nA long sentence.',
      responses: [
        { id: 'response1', text: 'Short.', modelVersion: 'bloom-7b' },
        { id: 'response2', text: 'Shorter.', modelVersion: 'llama-7b' },
      ],
      shownOrder: ['response1', 'response2'],
      objective: 'helpfulness',
      guidelineVersion: 'pandalm-testset-v1',
      dwellTimeMs: 0,
      locale: 'en',
    });
    // What the mapping builds is what the api accepts.
    for (const c of mapped.comparisons) expect(() => validateEventInput(c.event)).not.toThrow();
  });

  it('leaves the input out of the prompt when it is empty, and uses --occurred-at when given', () => {
    const mapped = mapRecord(pandalm, row({ input: '' }), 7, { defaultOccurredAt: '2023-06-01T00:00:00.000Z' });
    expect(mapped.comparisons[0].event.data.prompt).toBe('Rewrite the sentence.');
    expect(mapped.comparisons[0].event.occurredAt).toBe('2023-06-01T00:00:00.000Z');
  });

  it('is deterministic: the same row gives the same events, so a re-import repeats the same keys', () => {
    expect(mapRecord(pandalm, row(), 7)).toEqual(mapRecord(pandalm, row(), 7));
    expect(importIdempotencyKey('s', '3', 'c')).toBe('import:s:3:c');
  });

  it.each([
    ['response1', true, 'response1', 'expected response text, got the boolean true (responses[0].text)'],
    ['response2', true, 'response2', 'expected response text, got the boolean true (responses[1].text)'],
    ['response2', undefined, 'response2', 'expected response text, got nothing (missing) (responses[1].text)'],
    ['cmp_key', 'bloom-7b', 'cmp_key', '"bloom-7b" split on "_" has no part 1 (responses[1].modelVersion)'],
    ['instruction', 42, 'instruction', 'expected prompt text, got the number 42'],
    ['idx', { nested: true }, 'idx', 'expected text or a number for {idx}, got an object'],
  ])('rejects the whole row when %s is %p, naming the field', (field, value, path, rule) => {
    const mapped = mapRecord(pandalm, row({ [field]: value }), 7);
    expect(mapped.comparisons).toEqual([]);
    expect(mapped.rejections).toHaveLength(1);
    expect(mapped.rejections[0].column).toBeUndefined();
    expect(mapped.rejections[0].issues).toContainEqual({ path, rule });
  });

  it('rejects one annotator with an unknown label and keeps the others; a missing label is unlabelled, not an error', () => {
    const mapped = mapRecord(pandalm, row({ annotator2: 7, annotator3: null }), 7);
    expect(mapped.comparisons.map((c) => c.column)).toEqual(['annotator1']);
    expect(mapped.rejections).toEqual([
      {
        column: 'annotator2',
        issues: [{ path: 'annotator2', rule: "label 7 is not one of the mapping's labels (0, 1, 2)" }],
      },
    ]);
    expect(mapped.unlabelled).toEqual(['annotator3']);
  });

  it('rejects a record that is not an object', () => {
    expect(mapRecord(pandalm, [1, 2], 3).rejections).toEqual([
      { issues: [{ path: '(record)', rule: 'expected an object, got an array' }] },
    ]);
    expect(mapRecord(pandalm, [1, 2], 3).rowId).toBe('3');
  });

  it('rejects exactly the six PandaLM rows whose response is the JSON value true, with the reason', () => {
    const rejected = pandaRows
      .map((r, i) => ({ idx: r.idx, mapped: mapRecord(pandalm, r, i) }))
      .filter((m) => m.mapped.rejections.length > 0);
    const booleanRows = pandaRows
      .filter((r) => typeof r.response1 === 'boolean' || typeof r.response2 === 'boolean')
      .map((r) => r.idx);
    expect(booleanRows).toHaveLength(6);
    expect(rejected.map((r) => r.idx)).toEqual(booleanRows);
    for (const r of rejected) {
      expect(r.mapped.rejections[0].issues[0].rule).toMatch(
        /^expected response text, got the boolean true \(responses\[[01]\]\.text\)$/,
      );
    }
    const mappedCount = pandaRows.reduce((sum, r, i) => sum + mapRecord(pandalm, r, i).comparisons.length, 0);
    expect(mappedCount).toBe(3 * (999 - 6));
  });
});

describe('mapRecord with other mappings', () => {
  const generic = normaliseHistoryMapping({
    source: 'chat-log',
    taskId: 'conv-{meta.conversation}-{row}',
    taskType: 'chat',
    objective: 'harmlessness',
    guidelineVersion: 'g2',
    locale: 'de-DE',
    interfaceVersion: 'ui-3',
    prompt: { fields: ['question'] },
    responses: [
      { id: 'left', text: 'answers.0', modelVersion: { field: 'models.0' } },
      { id: 'right', text: 'answers.1', modelVersion: { value: 'baseline-1' } },
    ],
    shownOrder: ['right', 'left'],
    raters: { columns: ['votes.alice'], id: 'rater-{column}' },
    labels: { A: 'left', B: 'right', '=': 'tie' },
    occurredAt: { field: 'ts', default: '2024-01-01T00:00:00Z' },
    dwellTimeMs: { field: 'ms' },
    strength: 'strength',
  });
  const record = {
    meta: { conversation: 'c9' },
    question: 'Wie?',
    answers: ['So.', 'Anders.'],
    models: ['m-7'],
    votes: { alice: 'B' },
    ts: '2024-03-05T10:00:00+01:00',
    ms: 1234,
    strength: 2,
  };

  it('reads nested fields, array indexes, string labels, a zoned time, dwell time and strength', () => {
    const [c] = mapRecord(generic, record, 4).comparisons;
    expect(c.event.occurredAt).toBe('2024-03-05T09:00:00.000Z');
    expect(c.event.data).toMatchObject({
      taskId: 'conv-c9-4',
      raterId: 'rater-votes.alice',
      responses: [{ modelVersion: 'm-7' }, { modelVersion: 'baseline-1' }],
      shownOrder: ['right', 'left'],
      choice: { kind: 'preferred', responseId: 'right' },
      strength: 2,
      dwellTimeMs: 1234,
      interfaceVersion: 'ui-3',
    });
    expect(c.event.idempotencyKey).toBe('import:chat-log:4:votes.alice');
  });

  it('falls back to the default time, drops strength on a tie, and refuses a time without a zone', () => {
    expect(mapRecord(generic, { ...record, ts: undefined }, 0).comparisons[0].event.occurredAt).toBe(
      '2024-01-01T00:00:00Z',
    );
    expect(mapRecord(generic, { ...record, ts: 1_700_000_000_000 }, 0).comparisons[0].event.occurredAt).toBe(
      '2023-11-14T22:13:20.000Z',
    );
    expect(
      mapRecord(generic, { ...record, votes: { alice: '=' } }, 0).comparisons[0].event.data.strength,
    ).toBeUndefined();
    expect(mapRecord(generic, { ...record, ts: '2024-03-05 10:00' }, 0).rejections[0].issues).toEqual([
      {
        path: 'ts',
        rule: 'expected an ISO-8601 time with a zone (2023-06-01T12:00:00Z) or epoch milliseconds, got "2024-03-05 10:00"',
      },
    ]);
    expect(mapRecord(generic, { ...record, strength: 5 }, 0).rejections).toEqual([
      {
        column: 'votes.alice',
        issues: [{ path: 'strength', rule: 'expected a strength of 1, 2 or 3, got the number 5' }],
      },
    ]);
    expect(mapRecord(generic, { ...record, ms: -3 }, 0).rejections[0].issues).toEqual([
      { path: 'ms', rule: 'expected a dwell time in whole milliseconds >= 0, got the number -3' },
    ]);
  });
});

describe('mapRecord with a constant label (winner)', () => {
  // A TRL-like layout through a mapping: the `chosen` column is the winner, no annotator columns.
  const constant = normaliseHistoryMapping({
    source: 'pairs',
    taskId: 'pairs-{row}',
    taskType: 'chat',
    objective: 'helpfulness',
    guidelineVersion: 'v1',
    locale: 'en',
    licence: 'CC-BY-4.0',
    prompt: { fields: ['question'] },
    responses: [
      { id: 'chosen', text: 'good', modelVersion: { value: 'unknown' } },
      { id: 'rejected', text: 'bad', modelVersion: { value: 'unknown' } },
    ],
    raters: { id: 'pairs-rater' },
    winner: 'chosen',
  });

  it('makes one comparison per row preferring the winner, with provenance', () => {
    const mapped = mapRecord(constant, { question: 'Q', good: 'A', bad: 'B' }, 3);
    expect(mapped.rejections).toEqual([]);
    expect(mapped.comparisons).toHaveLength(1);
    expect(mapped.comparisons[0].column).toBe('winner');
    expect(mapped.comparisons[0].event.idempotencyKey).toBe('import:pairs:3:winner');
    expect(mapped.comparisons[0].event.data).toMatchObject({
      choice: { kind: 'preferred', responseId: 'chosen' },
      raterId: 'pairs-rater',
      provenance: { dataset: 'pairs', row: '3', licence: 'CC-BY-4.0' },
    });
    expect(() => validateEventInput(mapped.comparisons[0].event)).not.toThrow();
  });

  it('refuses a winner that is not a response, and winner together with annotator columns', () => {
    expect(() => normaliseHistoryMapping({ ...constant, shownOrder: undefined, winner: 'other' })).toThrow(
      'winner: must be "tie" or one of the response ids (chosen, rejected)',
    );
    expect(() => normaliseHistoryMapping({ ...constant, shownOrder: undefined, raters: { columns: ['r1'] } })).toThrow(
      'raters.columns: must be absent with winner',
    );
    expect(() => normaliseHistoryMapping({ ...constant, shownOrder: undefined, winner: undefined })).toThrow(
      'raters.columns: required unless winner names a constant label',
    );
  });
});

describe('importIdempotencyKey', () => {
  it("keeps keys within the contract's 200 characters, deterministically, and different for different rows", () => {
    const long = 'q'.repeat(180);
    const a = importIdempotencyKey('argilla-export', 'rec-1', `${long}:user-a`);
    const b = importIdempotencyKey('argilla-export', 'rec-1', `${long}:user-b`);
    expect(a).toHaveLength(200);
    expect(a).toMatch(/^import:argilla-export:rec-1:q+~[0-9a-f]{16}$/);
    expect(a).not.toBe(b);
    expect(importIdempotencyKey('argilla-export', 'rec-1', `${long}:user-a`)).toBe(a);
  });
});
