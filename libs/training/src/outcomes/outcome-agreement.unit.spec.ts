import { outcomeAgreement } from './outcome-agreement';

describe('outcomeAgreement', () => {
  it('is the Mann–Whitney AUC, ties counting half', () => {
    expect(outcomeAgreement([2, 1, 0.5], [true, false, false])).toEqual({ auc: 1, count: 3, successes: 1 });
    expect(outcomeAgreement([0, 1, 2, 3], [true, false, true, false])).toEqual({ auc: 0.25, count: 4, successes: 2 });
    // Hanley & McNeil (1982)'s reading: AUC = P(score of a positive > score of a negative) + ½ P(tie).
    expect(outcomeAgreement([1, 1, 1, 0], [true, false, true, false])!.auc).toBeCloseTo((1 + 0.5 + 1 + 0.5) / 4, 12);
  });

  it('is null with only one class, and refuses mismatched input', () => {
    expect(outcomeAgreement([1, 2], [true, true])).toBeNull();
    expect(() => outcomeAgreement([1], [true, false])).toThrow('outcomeAgreement: 1 scores for 2 outcomes');
  });
});
