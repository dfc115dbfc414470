import { hanleyMcNeilCases, HANLEY_MCNEIL_1982_TABLE_I } from './hanley-mcneil-example';
import { hanleyMcNeilStandardError } from './hanley-mcneil-standard-error';
import { outcomeAgreement } from './outcome-agreement';

describe('hanleyMcNeilStandardError', () => {
  it("gives Hanley & McNeil (1982)'s worked example: area 0.893, SE 0.032 (Table I, 51 abnormal, 58 normal)", () => {
    const { scores, abnormal } = hanleyMcNeilCases();
    const area = outcomeAgreement(scores, abnormal)!.auc;
    expect(area).toBeCloseTo(HANLEY_MCNEIL_1982_TABLE_I.area, 3);
    expect(hanleyMcNeilStandardError(area, 51, 58)).toBeCloseTo(HANLEY_MCNEIL_1982_TABLE_I.standardError, 2);
    expect(Math.abs(hanleyMcNeilStandardError(area, 51, 58) - 0.032)).toBeLessThan(0.001);
  });

  it('is 0 for a perfect ranking and refuses impossible input', () => {
    expect(hanleyMcNeilStandardError(1, 10, 10)).toBe(0);
    expect(() => hanleyMcNeilStandardError(1.2, 10, 10)).toThrow(
      'hanleyMcNeilStandardError: the AUC must be in [0, 1]',
    );
    expect(() => hanleyMcNeilStandardError(0.7, 0, 10)).toThrow('both classes');
  });
});
