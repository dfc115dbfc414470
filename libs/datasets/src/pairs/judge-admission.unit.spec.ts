import { admitJudges, labelledJudgments } from './judge-admission';
import type { SourceComparison } from './source-comparison';

/** 50 tasks, three people (2-to-1 majority) and two judges: one agreeing on 45 tasks, one on 25 (chance). */
function judgments() {
  const out = [];
  for (let t = 0; t < 50; t++) {
    const winner = t % 2 === 0 ? 'x' : 'y';
    const loser = winner === 'x' ? 'y' : 'x';
    const c = (raterId: string, choice: string) => ({
      taskId: `t${t}`,
      raterId,
      responseIds: ['x', 'y'] as const,
      choice,
    });
    out.push(c('p1', winner), c('p2', winner), c('p3', loser));
    out.push(c('judge-good', t < 45 ? winner : loser));
    out.push(c('judge-coin', t % 4 < 2 ? 'x' : 'y'));
  }
  return out;
}

describe('admitJudges', () => {
  it('admits nobody by default, and a judge only when named (or qualified) and at or above minKappa', () => {
    const j = judgments();
    expect(admitJudges(j, ['judge-good', 'judge-coin'], { include: [], minKappa: 0.6 }).map((a) => a.reason)).toEqual([
      'not-included',
      'not-included',
    ]);
    const qualified = admitJudges(j, ['judge-good', 'judge-coin'], { include: 'qualified', minKappa: 0.6 });
    expect(qualified.map((a) => [a.rater, a.admitted, a.reason])).toEqual([
      ['judge-coin', false, 'below-min-kappa'],
      ['judge-good', true, null],
    ]);
    // 45 of 50 agree with a balanced table: p_o 0.9, p_e 0.5, κ 0.8
    expect(qualified[1].kappa).toBeCloseTo(0.8, 10);
    expect(qualified[0].kappa).toBeCloseTo(0, 10);
    const both = ['judge-good', 'judge-coin'];
    expect(admitJudges(j, both, { include: ['judge-good'], minKappa: 0.8 }).map((a) => a.reason)).toEqual([
      'not-included',
      null,
    ]);
    expect(admitJudges(j, both, { include: ['judge-good'], minKappa: 0.81 })[1].reason).toBe('below-min-kappa');
  });

  it('reads a task as the report does: corrections applied, retractions and non-pairwise comparisons left out', () => {
    const base: SourceComparison = {
      annotationId: 'c1',
      taskId: 't1',
      taskType: 'qa',
      objective: 'helpfulness',
      raterId: 'p1',
      prompt: 'Q?',
      responses: [
        { id: 'x', text: 'X', modelVersion: 'm' },
        { id: 'y', text: 'Y', modelVersion: 'm' },
      ],
      shownOrder: ['x', 'y'],
      choice: { kind: 'preferred', responseId: 'x' },
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:00.000Z',
      amendments: [],
    };
    expect(
      labelledJudgments([
        { ...base, amendments: [{ kind: 'corrected', changes: { choice: { kind: 'tie' } } }] },
        { ...base, annotationId: 'c2', amendments: [{ kind: 'retracted', reason: 'misread' }] },
        {
          ...base,
          annotationId: 'c3',
          responses: [...base.responses, { id: 'z', text: 'Z', modelVersion: 'm' }],
          shownOrder: ['x', 'y', 'z'],
        },
      ]),
    ).toEqual([{ taskId: 't1', raterId: 'p1', responseIds: ['x', 'y'], choice: 'tie' }]);
  });
});
