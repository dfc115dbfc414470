import { mulberry32 } from '@hindsight/reward-model';
import { auditOutcomes } from '../outcomes/audit-outcomes';
import { evaluateOutcomeGates } from './outcome-gates';

describe('evaluateOutcomeGates', () => {
  // Planted: success follows a hidden quality q; the parent scores q, the child −q.
  const random = mulberry32(5);
  const q = Array.from({ length: 300 }, () => random());
  const interactions = q.map((x) => ({ success: random() < x, surface: null }));
  const worse = auditOutcomes(
    q.map((x) => -x),
    q,
    interactions,
  );
  const better = auditOutcomes(
    q,
    q.map((x) => -x),
    interactions,
  );

  it('refuses a model flagged against its parent, with the numbers', () => {
    const reasons = evaluateOutcomeGates('helpfulness', 'h-2', 'h-1', worse, { outcomeNotWorseThanParent: true });
    expect(reasons.map((r) => r.code)).toEqual(['outcome-worse-than-parent']);
    expect(reasons[0].message).toMatch(
      /^objective helpfulness: h-2 agrees less with outcomes than its parent h-1: AUC 0\.\d{3} against 0\.\d{3}/,
    );
    expect(evaluateOutcomeGates('helpfulness', 'h-2', 'h-1', better, { outcomeNotWorseThanParent: true })).toEqual([]);
  });

  it('refuses an AUC below the minimum, and is silent when off or not computable', () => {
    expect(evaluateOutcomeGates('o', 'm', null, worse, { minOutcomeAuc: 0.5 }).map((r) => r.code)).toEqual([
      'outcome-auc-below-minimum',
    ]);
    expect(evaluateOutcomeGates('o', 'm', 'p', worse, {})).toEqual([]);
    expect(evaluateOutcomeGates('o', 'm', null, null, { minOutcomeAuc: 0.9, outcomeNotWorseThanParent: true })).toEqual(
      [],
    );
  });
});
