import { mulberry32 } from '@hindsight/reward-model';
import { auditOutcomes, type AuditedInteraction } from './audit-outcomes';

describe('auditOutcomes', () => {
  // Planted truth: success depends on a hidden quality q; the parent scores q with noise, the child scores −q.
  const random = mulberry32(11);
  const interactions: AuditedInteraction[] = [];
  const parent: number[] = [];
  const child: number[] = [];
  for (let i = 0; i < 400; i++) {
    const q = random();
    interactions.push({ success: random() < q, surface: i % 4 === 0 ? null : i % 2 === 0 ? 'search' : 'chat' });
    parent.push(q + 0.2 * random());
    child.push(-q + 0.2 * random());
  }

  it('flags a model that ranks outcomes worse than its parent, overall and per surface', () => {
    const audit = auditOutcomes(child, parent, interactions);
    expect(audit.flagged).toBe(true);
    expect(audit.overall.surface).toBeNull();
    expect(audit.overall.interactions).toBe(400);
    expect(audit.overall.auc!).toBeLessThan(0.5);
    expect(audit.overall.parentAuc!).toBeGreaterThan(0.5);
    expect(audit.overall.difference!).toBeCloseTo(audit.overall.auc! - audit.overall.parentAuc!, 12);
    expect(audit.overall.differenceCi![1]).toBeLessThan(0);
    expect(audit.overall.ci![0]).toBeLessThan(audit.overall.auc!);
    expect(audit.bySurface.map((s) => [s.surface, s.interactions])).toEqual([
      ['chat', 200],
      ['search', 100],
      [null, 100],
    ]);
    expect(audit.bySurface.every((s) => s.worseThanParent)).toBe(true);
  });

  it('does not flag the parent against the child, nor a model against itself', () => {
    expect(auditOutcomes(parent, child, interactions).flagged).toBe(false);
    const same = auditOutcomes(parent, parent, interactions);
    expect(same.flagged).toBe(false);
    expect(same.overall.difference).toBe(0);
    expect(same.overall.differenceCi).toEqual([0, 0]);
  });

  it('has no parent columns without a parent, and no AUC for a slice with one class', () => {
    const audit = auditOutcomes([1, 2, 3, 4, 5], null, [
      { success: true, surface: 'a' },
      { success: false, surface: 'a' },
      { success: true, surface: 'b' },
      { success: false, surface: 'b' },
      { success: true, surface: 'c' },
    ]);
    expect(audit.overall.parentAuc).toBeNull();
    // successes 1, 3, 5 against failures 2, 4: 3 > 2, 5 > 2, 5 > 4 of 6 pairs.
    expect(audit.overall.auc).toBeCloseTo(3 / 6, 12);
    expect(audit.flagged).toBe(false);
    expect(audit.bySurface.find((s) => s.surface === 'c')).toMatchObject({ interactions: 1, auc: null, ci: null });
  });

  it('refuses mismatched input', () => {
    expect(() => auditOutcomes([1], null, [])).toThrow(
      'auditOutcomes: 1 model scores and no parent scores for 0 interactions',
    );
    expect(() => auditOutcomes([], null, [], 1)).toThrow('level');
  });
});
