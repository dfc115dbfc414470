import { normaliseRecipe } from '../recipe/dataset-recipe';
import { buildTaskPairs, type PairContext } from './build-task-pairs';
import { serialiseRow } from './dataset-row';
import { tallyRaterAgreement, type AgreementTally } from './rater-agreement';
import type { SourceComparison } from './source-comparison';
import { splitOfTask } from './split-of-task';

const responses = [
  { id: 'a', text: 'Answer A', modelVersion: 'm1' },
  { id: 'b', text: 'Answer B', modelVersion: 'm2' },
];

function comparison(overrides: Partial<SourceComparison> & { annotationId: string }): SourceComparison {
  return {
    taskId: 'task-1',
    taskType: 'qa',
    objective: 'helpfulness',
    raterId: 'r1',
    prompt: 'Q?',
    responses,
    shownOrder: ['a', 'b'],
    choice: { kind: 'preferred', responseId: 'a' },
    occurredAt: '2026-09-01T00:00:00.000Z',
    recordedAt: '2026-09-01T00:00:01.000Z',
    amendments: [],
    ...overrides,
  };
}

const context = (recipe: object = {}, extra: Partial<PairContext> = {}): PairContext => ({
  recipe: normaliseRecipe(recipe),
  asOfMs: Date.parse('2026-09-30T00:00:00Z'),
  raterGroup: () => 'unprofiled',
  raterBelowAgreement: () => false,
  ...extra,
});

describe('buildTaskPairs', () => {
  it('turns a preference into a TRL row and excludes ties and retractions with their reason', () => {
    const { rows, exclusions } = buildTaskPairs(
      [
        comparison({ annotationId: 'c1', strength: 2 }),
        comparison({ annotationId: 'c2', raterId: 'r2', choice: { kind: 'tie' } }),
        comparison({ annotationId: 'c3', raterId: 'r3', amendments: [{ kind: 'retracted', reason: 'misread' }] }),
      ],
      context({ orderDisagreement: 'keep', deduplicate: false }),
    );
    expect(rows.map((r) => serialiseRow(r.row))).toEqual([
      '{"id":"c1:a>b","prompt":"Q?","chosen":"Answer A","rejected":"Answer B","margin":2,"weight":1}',
    ]);
    expect(exclusions.map((e) => [e.annotationId, e.reason])).toEqual([
      ['c2', 'tie'],
      ['c3', 'retracted'],
    ]);
  });

  it('applies corrections in order; strength null removes the margin', () => {
    const { rows } = buildTaskPairs(
      [
        comparison({
          annotationId: 'c1',
          strength: 3,
          amendments: [
            { kind: 'corrected', changes: { choice: { kind: 'preferred', responseId: 'b' } } },
            { kind: 'corrected', changes: { strength: null } },
          ],
        }),
      ],
      context(),
    );
    expect(rows.map((r) => r.row)).toEqual([
      { id: 'c1:b>a', prompt: 'Q?', chosen: 'Answer B', rejected: 'Answer A', weight: 1 },
    ]);
  });

  it('weights or drops a pair whose two shown orders disagree, as the recipe says', () => {
    const both = [
      comparison({ annotationId: 'c1', shownOrder: ['a', 'b'], choice: { kind: 'preferred', responseId: 'a' } }),
      comparison({
        annotationId: 'c2',
        raterId: 'r2',
        shownOrder: ['b', 'a'],
        choice: { kind: 'preferred', responseId: 'b' },
      }),
    ];
    expect(buildTaskPairs(both, context({ orderDisagreement: 'weight' })).rows.map((r) => r.row.weight)).toEqual([
      0.5, 0.5,
    ]);
    expect(buildTaskPairs(both, context({ orderDisagreement: 'drop' })).exclusions.map((e) => e.reason)).toEqual([
      'order-disagreement',
      'order-disagreement',
    ]);
    const agreeing = [
      both[0],
      comparison({
        annotationId: 'c2',
        raterId: 'r2',
        shownOrder: ['b', 'a'],
        choice: { kind: 'preferred', responseId: 'a' },
      }),
    ];
    expect(buildTaskPairs(agreeing, context({ orderDisagreement: 'drop', deduplicate: false })).rows).toHaveLength(2);
  });

  it('de-duplicates identical pairs within a task', () => {
    const { rows, exclusions } = buildTaskPairs(
      [comparison({ annotationId: 'c1' }), comparison({ annotationId: 'c2', raterId: 'r2' })],
      context(),
    );
    expect(rows).toHaveLength(1);
    expect(exclusions).toEqual([{ annotationId: 'c2', taskId: 'task-1', reason: 'duplicate' }]);
  });

  it('weights by recency half-life and rater group, and drops a zero-weight group', () => {
    const c = comparison({ annotationId: 'c1', occurredAt: '2026-08-31T00:00:00.000Z' });
    const recency = buildTaskPairs([c], context({ recencyHalfLifeDays: 30 }));
    expect(recency.rows[0].row.weight).toBe(0.5);
    const grouped = buildTaskPairs([c], context({ groupWeights: { experts: 2 } }, { raterGroup: () => 'experts' }));
    expect(grouped.rows[0].row.weight).toBe(2);
    const dropped = buildTaskPairs([c], context({ groupWeights: { experts: 0 } }, { raterGroup: () => 'experts' }));
    expect(dropped.exclusions.map((e) => e.reason)).toEqual(['group-weight-zero']);
  });

  it('filters by objective and occurredAt window, and places pairs by the split of their task', () => {
    const cs = [
      comparison({ annotationId: 'c1', objective: 'honesty' }),
      comparison({ annotationId: 'c2', raterId: 'r2', occurredAt: '2025-01-01T00:00:00.000Z', prompt: 'other' }),
    ];
    const { rows, exclusions } = buildTaskPairs(
      cs,
      context({ objectives: ['helpfulness'], window: { from: '2026-01-01T00:00:00Z' } }),
    );
    expect(rows).toEqual([]);
    expect(exclusions.map((e) => e.reason)).toEqual(['objective-not-in-recipe', 'outside-window']);
    const kept = buildTaskPairs([comparison({ annotationId: 'c1' })], context());
    expect(kept.rows[0].split).toBe(splitOfTask('task-1', { validation: 0.1, test: 0.1 }));
  });
});

describe('splitOfTask', () => {
  it('is stable and close to the requested shares', () => {
    const counts = { train: 0, validation: 0, test: 0 };
    for (let i = 0; i < 20000; i++) counts[splitOfTask(`task-${i}`, { validation: 0.1, test: 0.2 })]++;
    expect(counts.test / 20000).toBeGreaterThan(0.18);
    expect(counts.test / 20000).toBeLessThan(0.22);
    expect(counts.validation / 20000).toBeGreaterThan(0.08);
    expect(counts.validation / 20000).toBeLessThan(0.12);
    expect(splitOfTask('task-7', { validation: 0.1, test: 0.2 })).toBe(
      splitOfTask('task-7', { validation: 0.1, test: 0.2 }),
    );
  });
});

describe('tallyRaterAgreement', () => {
  it('counts agreement with the other raters of a task', () => {
    const tallies = new Map<string, AgreementTally>();
    tallyRaterAgreement(
      [
        comparison({ annotationId: 'c1', raterId: 'r1' }),
        comparison({ annotationId: 'c2', raterId: 'r2' }),
        comparison({ annotationId: 'c3', raterId: 'r3', choice: { kind: 'preferred', responseId: 'b' } }),
      ],
      tallies,
    );
    // r1 and r2 each face a 1–1 split among the others (no evidence); r3 faces two votes for a and chose b.
    expect(Object.fromEntries(tallies)).toEqual({ r3: { agree: 0, total: 1 } });
    tallyRaterAgreement(
      [
        comparison({ annotationId: 'c4', raterId: 'r1', taskId: 't2' }),
        comparison({ annotationId: 'c5', raterId: 'r3', taskId: 't2' }),
      ],
      tallies,
    );
    expect(Object.fromEntries(tallies)).toEqual({ r1: { agree: 1, total: 1 }, r3: { agree: 1, total: 2 } });
  });

  describe('AI judges', () => {
    const judges = (admitted: boolean) => ({
      isJudge: (r: string) => r.startsWith('judge'),
      judgeAdmitted: () => admitted,
    });
    const task = [
      comparison({ annotationId: 'c1', raterId: 'judge-1' }),
      comparison({ annotationId: 'c2', raterId: 'r1' }),
      // the judge saw the pair the other way round and chose differently: its own order disagreement, not the people's
      comparison({
        annotationId: 'c3',
        raterId: 'judge-1',
        shownOrder: ['b', 'a'],
        choice: { kind: 'preferred', responseId: 'b' },
      }),
    ];

    it('leaves a judge out unless admitted, with the reason', () => {
      const { rows, exclusions } = buildTaskPairs(task, context({}, judges(false)));
      expect(rows.map((r) => [r.row.id, r.labelSource])).toEqual([['c2:a>b', 'human']]);
      expect(exclusions.map((e) => [e.annotationId, e.reason])).toEqual([
        ['c1', 'judge-not-admitted'],
        ['c3', 'judge-not-admitted'],
      ]);
    });

    it("adds an admitted judge's rows and changes no person's: people keep the duplicate, order disagreement is per source", () => {
      const without = buildTaskPairs(task, context({}, judges(false)));
      const admitted = buildTaskPairs(task, context({}, judges(true)));
      expect(admitted.rows.map((r) => [r.row.id, r.labelSource, r.row.weight])).toEqual([
        ['c2:a>b', 'human', 1],
        ['c3:b>a', 'judge', 0.5],
      ]);
      expect(admitted.rows[0]).toEqual(without.rows[0]);
      expect(admitted.exclusions.map((e) => [e.annotationId, e.reason])).toEqual([['c1', 'duplicate']]);
      const plain = buildTaskPairs(task, context({ deduplicate: false }, judges(true)));
      expect(plain.rows.map((r) => r.row.id)).toEqual(['c2:a>b', 'c1:a>b', 'c3:b>a']);
    });

    it('does not hold a judge to the people’s agreement threshold (its gate is its kappa)', () => {
      const { rows } = buildTaskPairs(
        task.slice(0, 1),
        context({}, { ...judges(true), raterBelowAgreement: () => true }),
      );
      expect(rows.map((r) => r.row.id)).toEqual(['c1:a>b']);
    });
  });
});
