import type { ChangeSet } from '@hindsight/projections';
import { copyTextRows } from '../copy/copy-text';
import { comparisonCopyRow } from './read-models';

type ComparisonRow = ChangeSet['comparisons'][number];

const row: ComparisonRow = {
  annotationId: '01a24f67-d07d-744f-ba48-4f8e6b7505d3',
  tenant: 'acme',
  taskId: 'task-1',
  taskType: 'coding-help',
  objective: 'helpfulness',
  raterId: 'rater-1',
  prompt: 'Write a function\tthat reverses a string.\n',
  responses: [{ id: 'r1', text: 'def rev(s):\n  return s[::-1]  # \\ "q"' }],
  shownOrder: ['r1'],
  choice: { kind: 'preferred', responseId: 'r1' },
  strength: 2,
  guidelineVersion: 'v3.1',
  interfaceVersion: null,
  dwellTimeMs: 41250,
  locale: 'en-GB',
  rubric: {},
  comment: null,
  occurredAt: '2026-12-07T07:28:53.373Z',
  recordedAt: '2026-12-07T07:28:53.373Z',
};

/** The row as comparisonCopyRow wrote it before its jsonb columns were handed over as objects. */
const stringifiedRow = (r: ComparisonRow) => [
  r.annotationId,
  r.tenant,
  r.taskId,
  r.taskType,
  r.objective,
  r.raterId,
  r.prompt,
  JSON.stringify(r.responses),
  JSON.stringify(r.shownOrder),
  JSON.stringify(r.choice),
  r.strength,
  r.guidelineVersion,
  r.interfaceVersion,
  r.dwellTimeMs,
  r.locale,
  r.occurredAt,
  r.recordedAt,
  JSON.stringify(r.rubric),
  r.comment,
];

describe('comparisonCopyRow', () => {
  it.each([
    ['objects and arrays', row],
    // `unknown` in the row type: a JSON string, number or null must stay JSON text, not become the column's text or SQL NULL.
    ['a string, a number and null in the jsonb columns', { ...row, responses: 'just text\n', choice: null }],
    ['a number as the choice', { ...row, choice: 2 }],
  ])('writes the jsonb columns as their JSON text (%s)', (_, r) => {
    expect(copyTextRows([comparisonCopyRow(r)]).toString('utf8')).toBe(
      copyTextRows([stringifiedRow(r)]).toString('utf8'),
    );
  });
});
