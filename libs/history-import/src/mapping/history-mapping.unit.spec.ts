import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@hindsight/contracts';
import { normaliseHistoryMapping, parseHistoryMappingYaml } from './history-mapping';

const exampleYaml = readFileSync(join(__dirname, '../../../../examples/pandalm/mapping.yaml'), 'utf8');

const base = {
  source: 'demo',
  taskId: 'task-{id}',
  taskType: 'chat',
  objective: 'helpfulness',
  guidelineVersion: 'v1',
  locale: 'en',
  prompt: { fields: ['q'] },
  responses: [
    { id: 'a', text: 'ra', modelVersion: { value: 'm-a' } },
    { id: 'b', text: 'rb', modelVersion: { value: 'm-b' } },
  ],
  raters: { columns: ['r1'] },
  labels: { '0': 'tie', '1': 'a', '2': 'b' },
};

function issuesOf(input: unknown): { path: string; rule: string }[] {
  try {
    normaliseHistoryMapping(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('the mapping was accepted');
}

describe('history mapping', () => {
  it('reads the PandaLM example and fills in defaults', () => {
    const mapping = parseHistoryMappingYaml(exampleYaml);
    expect(mapping).toMatchObject({
      source: 'pandalm-testset-v1',
      rowId: 'idx',
      taskId: 'pandalm-{idx}',
      prompt: { fields: ['instruction', 'input'], separator: '\n\n' },
      shownOrder: ['response1', 'response2'],
      raters: { columns: ['annotator1', 'annotator2', 'annotator3'], id: 'pandalm-{column}' },
      labels: { '0': 'tie', '1': 'response1', '2': 'response2' },
      occurredAt: {},
      dwellTimeMs: { default: 0 },
    });
    expect(mapping.responses[1].modelVersion).toEqual({ field: 'cmp_key', split: '_', part: 1 });
  });

  it('defaults shownOrder to the order of responses, the rater id to the column and dwell time to 0', () => {
    const mapping = normaliseHistoryMapping(base);
    expect(mapping.shownOrder).toEqual(['a', 'b']);
    expect(mapping.raters.id).toBe('{column}');
    expect(mapping.dwellTimeMs).toEqual({ default: 0 });
    expect(mapping.prompt.separator).toBe('\n\n');
  });

  it.each([
    [
      'a label that is neither tie nor a response id',
      { labels: { '0': 'tie', '1': 'c' } },
      'labels.1',
      'must be "tie" or one of the response ids (a, b)',
    ],
    ['no labels', { labels: {} }, 'labels', 'must map at least one label'],
    [
      'a shownOrder naming an unknown response',
      { shownOrder: ['a', 'x'] },
      'shownOrder[1]',
      'must be one of the response ids (a, b)',
    ],
    [
      'a shownOrder missing a response',
      { shownOrder: ['a'] },
      'shownOrder',
      'must list every response id exactly once',
    ],
    [
      'duplicate response ids',
      { responses: [base.responses[0], base.responses[0]] },
      'responses[1].id',
      'must be unique',
    ],
    ['one response', { responses: [base.responses[0]] }, 'responses', 'must have at least 2 items'],
    [
      'a model version with both value and field',
      { responses: [{ ...base.responses[0], modelVersion: { value: 'x', field: 'y' } }, base.responses[1]] },
      'responses[0].modelVersion',
      'must have exactly one of value or field',
    ],
    [
      'split without part',
      { responses: [{ ...base.responses[0], modelVersion: { field: 'k', split: '_' } }, base.responses[1]] },
      'responses[0].modelVersion.part',
      'required when the other of split and part is set',
    ],
    [
      'a task id placeholder that is not a field path',
      { taskId: 'task-{a b}' },
      'taskId',
      'placeholder {a b} must be a field path (names and array indexes joined by dots, e.g. meta.rater or responses.0.text)',
    ],
    [
      'an unbalanced template',
      { raters: { columns: ['r1'], id: 'rater-{column' } },
      'raters.id',
      'has an unbalanced { or }',
    ],
    [
      'a source that is not a slug',
      { source: 'Pand LM' },
      'source',
      'must be a slug (lower-case letters, digits and hyphens, 1-63 chars)',
    ],
    ['a locale that is not BCP 47', { locale: 'english!' }, 'locale', 'must be a BCP 47 language tag'],
    [
      'an occurredAt default without a zone',
      { occurredAt: { default: '2023-06-01 12:00' } },
      'occurredAt.default',
      'must be an ISO-8601 UTC instant such as 2023-06-01T00:00:00Z',
    ],
    ['a negative default dwell time', { dwellTimeMs: { default: -1 } }, 'dwellTimeMs.default', 'must be >= 0'],
    ['no rater columns', { raters: { columns: [] } }, 'raters.columns', 'must have at least 1 items'],
    [
      'a prompt field that is not a path',
      { prompt: { fields: ['a..b'] } },
      'prompt.fields[0]',
      'must be a field path (names and array indexes joined by dots, e.g. meta.rater or responses.0.text)',
    ],
    ['an unknown field', { colour: 'blue' }, 'colour', 'unknown field'],
    ['a missing field', { taskType: undefined }, 'taskType', 'required'],
  ])('rejects %s, naming the mapping field', (_, change, path, rule) => {
    expect(issuesOf({ ...base, ...change })).toContainEqual({ path, rule });
  });

  it('reports every broken rule at once', () => {
    const issues = issuesOf({ ...base, labels: { '1': 'x', '2': 'y' }, shownOrder: ['b', 'b'] });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['labels.1', 'labels.2', 'shownOrder[1]']));
  });

  it('says so when the YAML itself is broken', () => {
    expect(() => parseHistoryMappingYaml('labels: [')).toThrow(/mapping: must be valid YAML/);
    expect(() => parseHistoryMappingYaml('labels: [')).toThrow(ValidationError);
  });
});
