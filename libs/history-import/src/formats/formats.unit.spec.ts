import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEventInput, type ComparisonRecordedInput } from '@hindsight/contracts';
import type { MappedRecord } from '../record/map-record';
import { textToConversation } from './conversation-text';
import { DATASET_FORMAT_READERS, detectDatasetFormats } from './dataset-formats';
import { FORMAT_DEFAULTS, type DatasetFormatName, type FormatOptions } from './format-options';

const options: FormatOptions = { dataset: 'demo', ...FORMAT_DEFAULTS, licence: 'MIT' };
const example = (name: string) => readFileSync(join(__dirname, '../../../../examples/formats', name), 'utf8');
const lines = (name: string) =>
  example(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const read = (
  format: DatasetFormatName,
  row: unknown,
  position = 0,
  over: Partial<FormatOptions> = {},
): MappedRecord<ComparisonRecordedInput> =>
  DATASET_FORMAT_READERS[format].read(row, position, { ...options, ...over }) as MappedRecord<ComparisonRecordedInput>;
const valid = <R extends MappedRecord>(record: R): R => {
  for (const c of record.comparisons) expect(() => validateEventInput(c.event)).not.toThrow();
  return record;
};

describe('trl-preference (TRL standard preference, explicit prompt: https://huggingface.co/docs/trl/dataset_formats#preference)', () => {
  const rows = lines('trl-preference.jsonl');
  it('makes one comparison per row, chosen preferred to rejected, with provenance and a key fixed by data set and row', () => {
    const record = valid(read('trl-preference', rows[1], 1));
    expect(record.comparisons).toHaveLength(1);
    const { event } = record.comparisons[0];
    expect(event.idempotencyKey).toBe('import:demo:1:pair');
    expect(event.data).toMatchObject({
      taskId: 'demo-1',
      prompt: 'Write a haiku about autumn.',
      responses: [
        { id: 'chosen', text: rows[1].chosen, modelVersion: 'unknown' },
        { id: 'rejected', text: 'Autumn is a season.', modelVersion: 'unknown' },
      ],
      shownOrder: ['chosen', 'rejected'],
      choice: { kind: 'preferred', responseId: 'chosen' },
      strength: 2,
      objective: 'overall',
      raterId: 'import-demo',
      taskType: 'chat',
      locale: 'en',
      provenance: { dataset: 'demo', row: '1', licence: 'MIT' },
    });
    // The same row read again gives the same event: re-importing publishes nothing new.
    expect(read('trl-preference', rows[1], 1)).toEqual(record);
  });
  it('uses the row id when the row has one, and the flags for what the layout does not carry', () => {
    const record = read('trl-preference', { ...rows[0], id: 'abc-7' }, 0, {
      objective: 'harmlessness',
      rater: 'team-a',
      locale: 'de',
      taskType: 'qa',
    });
    expect(record.comparisons[0].event.idempotencyKey).toBe('import:demo:abc-7:pair');
    expect(record.comparisons[0].event.data).toMatchObject({
      taskId: 'demo-abc-7',
      objective: 'harmlessness',
      raterId: 'team-a',
      locale: 'de',
      taskType: 'qa',
    });
  });
  it('rejects a row with a missing or empty text, naming the field', () => {
    expect(read('trl-preference', { prompt: 'Q', chosen: '', rejected: 'B' }, 4)).toEqual({
      rowId: '4',
      comparisons: [],
      rejections: [{ issues: [{ path: 'chosen', rule: 'expected non-empty response text, got an empty string' }] }],
      unlabelled: [],
    });
    expect(read('trl-preference', { prompt: 'Q', chosen: 'A' }, 5).rejections[0].issues).toEqual([
      { path: 'rejected', rule: 'expected non-empty response text, got nothing (missing)' },
    ]);
    expect(read('trl-preference', 'text', 6).rejections[0].issues).toEqual([
      { path: '(row)', rule: 'expected an object, got text' },
    ]);
  });
});

describe('hh-rlhf (Anthropic HH-RLHF, https://github.com/anthropics/hh-rlhf: {chosen, rejected} whole dialogues)', () => {
  const rows = lines('hh-rlhf.jsonl');
  it('splits the prompt off so that prompt + chosen and prompt + rejected are the original texts', () => {
    for (const [i, row] of rows.entries()) {
      const record = valid(read('hh-rlhf', row, i));
      for (const c of record.comparisons) {
        const [chosen, rejected] = c.event.data.responses;
        expect(c.event.data.prompt + chosen.text).toBe(row.chosen);
        expect(c.event.data.prompt + rejected.text).toBe(row.rejected);
      }
    }
  });
  it('rejects a row with no shared assistant turn with the reason, never guessing', () => {
    expect(read('hh-rlhf', rows[2], 2).rejections).toEqual([
      {
        issues: [
          {
            path: 'chosen+rejected',
            rule: 'chosen and rejected share no "\\n\\nAssistant:" turn, so the prompt cannot be split off',
          },
        ],
      },
    ]);
  });
});

describe('trl-conversational (TRL conversational preference: https://huggingface.co/docs/trl/dataset_formats#preference)', () => {
  const rows = lines('trl-conversational.jsonl');
  it('keeps the roles: the prompt is the messages as JSON, a single assistant reply its content', () => {
    const { event } = valid(read('trl-conversational', rows[0])).comparisons[0];
    expect(textToConversation(event.data.prompt)).toEqual(rows[0].prompt);
    expect(event.data.responses.map((r) => r.text)).toEqual(['Blue.', 'Green.']);
  });
  it('splits an implicit prompt at the messages both dialogues share', () => {
    const { event } = valid(read('trl-conversational', rows[1])).comparisons[0];
    expect(textToConversation(event.data.prompt)).toEqual([{ role: 'user', content: 'Name a prime.' }]);
    expect(event.data.responses.map((r) => r.text)).toEqual(['7', '8']);
  });
  it('keeps every role of a reply that is more than one assistant message', () => {
    const row = {
      prompt: [{ role: 'user', content: 'Q' }],
      chosen: [
        { role: 'assistant', content: 'A' },
        { role: 'tool', content: '42' },
      ],
      rejected: [{ role: 'assistant', content: 'B' }],
    };
    expect(textToConversation(read('trl-conversational', row).comparisons[0].event.data.responses[0].text)).toEqual(
      row.chosen,
    );
  });
  it('reads ultrafeedback_binarized rows (text prompt beside message lists): implicit split, prompt_id as row id, score difference as strength', () => {
    // HuggingFaceH4/ultrafeedback_binarized dataset card, "Dataset Structure".
    const row = {
      prompt: 'Name a prime.',
      prompt_id: '3e1f0a9c2b',
      chosen: [
        { role: 'user', content: 'Name a prime.' },
        { role: 'assistant', content: '7' },
      ],
      rejected: [
        { role: 'user', content: 'Name a prime.' },
        { role: 'assistant', content: '8' },
      ],
      messages: [
        { role: 'user', content: 'Name a prime.' },
        { role: 'assistant', content: '7' },
      ],
      score_chosen: 8.5,
      score_rejected: 3,
    };
    expect(detectDatasetFormats(row)).toEqual(['trl-conversational']);
    const { event } = valid(read('trl-conversational', row)).comparisons[0];
    expect(event.idempotencyKey).toBe('import:demo:3e1f0a9c2b:pair');
    expect(textToConversation(event.data.prompt)).toEqual([{ role: 'user', content: 'Name a prime.' }]);
    expect(event.data.responses.map((r) => r.text)).toEqual(['7', '8']);
    expect(event.data.strength).toBe(3);
  });
  it('rejects messages without text, naming the field', () => {
    expect(
      read('trl-conversational', { prompt: [{ role: 'user' }], chosen: [], rejected: [] }).rejections[0].issues.map(
        (i) => i.path,
      ),
    ).toEqual(['chosen', 'rejected', 'prompt']);
  });
});

describe('ultrafeedback (OpenBMB UltraFeedback, https://huggingface.co/datasets/openbmb/UltraFeedback: completions with per-aspect Rating)', () => {
  const [row] = lines('ultrafeedback.jsonl');
  const record = valid(read('ultrafeedback', row));
  it('makes one comparison per aspect per pair, the higher rating preferred, ties where equal, the difference as strength', () => {
    // 3 completions = 3 pairs × 4 aspects = 12, less the 2 truthfulness pairs with the N/A rating.
    expect(record.comparisons).toHaveLength(10);
    expect(record.unlabelled).toEqual(['truthfulness:0-2', 'truthfulness:1-2']);
    const byColumn = new Map(record.comparisons.map((c) => [c.column, c.event.data]));
    expect(byColumn.get('helpfulness:0-1')).toMatchObject({
      objective: 'helpfulness',
      choice: { kind: 'preferred', responseId: 'completion-0' },
      strength: 3,
    });
    expect(byColumn.get('helpfulness:0-2')).toMatchObject({
      choice: { kind: 'preferred', responseId: 'completion-0' },
      strength: 1,
    });
    expect(byColumn.get('honesty:0-2')).toMatchObject({ objective: 'honesty', choice: { kind: 'tie' } });
    expect(byColumn.get('honesty:0-2')?.strength).toBeUndefined();
    expect(byColumn.get('instruction-following:1-2')).toMatchObject({
      objective: 'instruction-following',
      choice: { kind: 'preferred', responseId: 'completion-2' },
      strength: 3,
    });
    expect(byColumn.get('helpfulness:1-2')?.responses.map((r) => r.modelVersion)).toEqual([
      'llama-2-7b-chat',
      'wizardlm-13b',
    ]);
    expect(new Set(record.comparisons.map((c) => c.event.data.taskId))).toEqual(new Set(['demo-0']));
    expect(new Set(record.comparisons.map((c) => c.event.idempotencyKey)).size).toBe(10);
  });
  it('rejects a row with fewer than two completions', () => {
    expect(read('ultrafeedback', { instruction: 'Q', completions: [] }).rejections[0].issues).toEqual([
      { path: 'completions', rule: 'expected at least 2 completions, got 0' },
    ]);
  });
});

describe('label-studio (JSON export of annotated tasks, https://labelstud.io/guide/task_format; Pairwise tag, https://labelstud.io/tags/pairwise)', () => {
  const [task] = JSON.parse(example('label-studio.json')) as unknown[];
  const record = valid(read('label-studio', task));
  it('makes one comparison per annotation: left = the first to_name object; rater, time and lead time from the annotation', () => {
    expect(record.rowId).toBe('101');
    expect(
      record.comparisons.map((c) => [
        c.column,
        c.event.data.raterId,
        c.event.data.choice,
        c.event.occurredAt,
        c.event.data.dwellTimeMs,
      ]),
    ).toEqual([
      [
        'annotation-1001',
        'label-studio-7',
        { kind: 'preferred', responseId: 'answer1' },
        '2024-03-09T21:52:49.513Z',
        12500,
      ],
      [
        'annotation-1002',
        'label-studio-8',
        { kind: 'preferred', responseId: 'answer2' },
        '2024-03-10T08:00:00.000Z',
        4000,
      ],
    ]);
    expect(record.comparisons[0].event.data).toMatchObject({
      prompt: 'Summarise: the cat sat on the mat.',
      shownOrder: ['answer1', 'answer2'],
      taskId: 'demo-101',
    });
  });
  it('skips cancelled annotations (counted as unlabelled) and rejects a pairwise result without left or right', () => {
    expect(record.unlabelled).toEqual(['annotation-1003']);
    const broken = {
      id: 5,
      data: { prompt: 'Q', answer1: 'A', answer2: 'B' },
      annotations: [
        {
          id: 9,
          completed_by: 1,
          result: [{ type: 'pairwise', to_name: 'answer1,answer2', value: { selected: 'middle' } }],
        },
      ],
    };
    expect(read('label-studio', broken).rejections).toEqual([
      {
        column: 'annotation-9',
        issues: [{ path: 'result', rule: 'expected value.selected "left" or "right", got text' }],
      },
    ]);
  });
  it('reads a choices result naming a response, or a tie', () => {
    const choices = (choice: string) => ({
      id: 6,
      data: { prompt: 'Q', answer1: 'A', answer2: 'B' },
      annotations: [
        { id: 1, completed_by: 2, result: [{ type: 'choices', to_name: 'prompt', value: { choices: [choice] } }] },
      ],
    });
    expect(read('label-studio', choices('answer2')).comparisons[0].event.data.choice).toEqual({
      kind: 'preferred',
      responseId: 'answer2',
    });
    expect(read('label-studio', choices('Tie')).comparisons[0].event.data.choice).toEqual({ kind: 'tie' });
  });
});

describe('argilla (Argilla 2 Record.to_dict, argilla-io/argilla argilla/src/argilla/records/_resource.py)', () => {
  const records = JSON.parse(example('argilla.json')) as unknown[];
  it('makes one comparison per user answer: a label naming a response field, or a tie; suggestions are not ratings', () => {
    const record = valid(read('argilla', records[0]));
    expect(record.comparisons.map((c) => [c.column, c.event.data.raterId, c.event.data.choice])).toEqual([
      [
        'preference:9b1f7c1e-0d7a-4c5e-9a55-1f3c2c0d8e01',
        'argilla-9b1f7c1e-0d7a-4c5e-9a55-1f3c2c0d8e01',
        { kind: 'preferred', responseId: 'response1' },
      ],
      [
        'preference:2a6e1d77-5b0c-4f9e-8d1a-7c3b9e4f6a02',
        'argilla-2a6e1d77-5b0c-4f9e-8d1a-7c3b9e4f6a02',
        { kind: 'tie' },
      ],
    ]);
    expect(record.comparisons[0].event.idempotencyKey).toBe(
      'import:demo:rec-1:preference:9b1f7c1e-0d7a-4c5e-9a55-1f3c2c0d8e01',
    );
  });
  it('reads a ranking (fields in rank order, or Argilla 1 {value, rank} with equal ranks tied)', () => {
    expect(read('argilla', records[1]).comparisons[0].event.data.choice).toEqual({
      kind: 'preferred',
      responseId: 'response2',
    });
    const v1 = {
      id: 'r',
      fields: { prompt: 'Q', response1: 'A', response2: 'B' },
      responses: {
        rank: [
          {
            value: [
              { value: 'response1', rank: 1 },
              { value: 'response2', rank: 1 },
            ],
            user_id: 'u1',
          },
        ],
      },
    };
    expect(read('argilla', v1).comparisons[0].event.data.choice).toEqual({ kind: 'tie' });
  });
  it('reads the flattened export (GenericIO.to_list(flatten=True), as in argilla-io/argilla TestGenericIO.test_to_list_flatten): metadata is not a response, drafts are skipped', () => {
    const flat = {
      id: 'rec-9',
      status: 'completed',
      _server_id: null,
      prompt: 'Name a colour.',
      response1: 'Blue.',
      response2: 'Seven.',
      source: 'web',
      'preference.responses': ['response1', 'response2', 'tie'],
      'preference.responses.users': ['u-a', 'u-b', 'u-c'],
      'preference.responses.status': ['submitted', 'draft', null],
      'preference.suggestion': 'response2',
      'preference.suggestion.score': 0.5,
      'preference.suggestion.agent': null,
    };
    expect(detectDatasetFormats(flat)).toEqual(['argilla']);
    const record = valid(read('argilla', flat));
    expect(record.rowId).toBe('rec-9');
    expect(
      record.comparisons.map((c) => [c.column, c.event.data.choice, c.event.data.responses.map((r) => r.id)]),
    ).toEqual([
      ['preference:u-a', { kind: 'preferred', responseId: 'response1' }, ['response1', 'response2']],
      ['preference:u-c', { kind: 'tie' }, ['response1', 'response2']],
    ]);
    expect(record.unlabelled).toEqual(['preference:u-b']);
  });
  it('leaves answers that are not about the responses (a rating, a text) unlabelled', () => {
    const record = read('argilla', {
      id: 'r',
      fields: { prompt: 'Q', response1: 'A', response2: 'B' },
      responses: { quality: [{ value: 4, user_id: 'u1' }] },
    });
    expect(record).toMatchObject({ comparisons: [], rejections: [], unlabelled: ['quality:u1'] });
  });
});

describe('detectDatasetFormats', () => {
  it.each([
    ['trl-preference.jsonl', 'trl-preference'],
    ['hh-rlhf.jsonl', 'hh-rlhf'],
    ['trl-conversational.jsonl', 'trl-conversational'],
    ['ultrafeedback.jsonl', 'ultrafeedback'],
  ])('knows %s as %s from its first row', (file, format) => {
    expect(detectDatasetFormats(lines(file)[0])).toEqual([format]);
  });
  it('knows the JSON exports of Label Studio and Argilla, and no format for anything else', () => {
    expect(detectDatasetFormats((JSON.parse(example('label-studio.json')) as unknown[])[0])).toEqual(['label-studio']);
    expect(detectDatasetFormats((JSON.parse(example('argilla.json')) as unknown[])[0])).toEqual(['argilla']);
    expect(detectDatasetFormats({ question: 'Q', answer: 'A' })).toEqual([]);
    // A row that has both shapes is ambiguous: the caller must name the format.
    expect(detectDatasetFormats({ instruction: 'Q', completions: [], data: {}, annotations: [] })).toEqual([
      'ultrafeedback',
      'label-studio',
    ]);
  });
});
