import { ValidationError } from '@hindsight/contracts';
import { simpleAnswers } from './crowd-kit-simple.fixture';
import { dawidSkene } from './dawid-skene';
import { flagRaters } from './flag-raters';

const FRAUDSTER = '0c3eb7d5fcc414db137c4180a654c06e'; // crowd-kit conftest: "fraudster - always answers parrot"
const GOOD = [
  'bde3b214b06c1efa6cb1bc6284dc72d2',
  'b17c3301ad2ccbb798716fdd405d16e8',
  'a452e450f913cfa987cad58d50393718',
];

describe('flagRaters', () => {
  const fit = dawidSkene(simpleAnswers);
  const reports = Object.fromEntries(flagRaters(simpleAnswers, fit).map((r) => [r.rater, r]));

  it('flags the crowd-kit fraudster, who always answers parrot, as near-constant and near-random', () => {
    expect(reports[FRAUDSTER].topLabel).toBe('parrot');
    expect(reports[FRAUDSTER].topLabelShare).toBe(1);
    expect(reports[FRAUDSTER].flags).toEqual(['near-constant', 'near-random']);
    // a constant rater's accuracy is exactly the prior of its label: no better than chance
    expect(reports[FRAUDSTER].accuracy).toBeCloseTo(reports[FRAUDSTER].chanceAccuracy, 9);
  });

  it('leaves the good workers unflagged', () => {
    for (const rater of GOOD) expect(reports[rater].flags).toEqual([]);
  });

  it('reports answers and skips flags below minAnswers', () => {
    expect(reports['0f65edea0a6dc7b9acba1dea313bbb3d'].answers).toBe(4);
    expect(reports['0f65edea0a6dc7b9acba1dea313bbb3d'].flags).toEqual([]);
    const strict = flagRaters(simpleAnswers, fit, { minAnswers: 7 });
    expect(strict.every((r) => r.flags.length === 0)).toBe(true);
  });

  it('throws a named ValidationError for bad options or annotations the fit does not know', () => {
    expect(() => flagRaters(simpleAnswers, fit, { constantShare: 0 })).toThrow(ValidationError);
    expect(() => flagRaters(simpleAnswers, fit, { constantShare: 0 })).toThrow('flagRaters: options.constantShare');
    expect(() => flagRaters(simpleAnswers, fit, { randomMargin: 1 })).toThrow('flagRaters: options.randomMargin');
    expect(() => flagRaters(simpleAnswers, fit, { minAnswers: 0 })).toThrow('flagRaters: options.minAnswers');
    expect(() => flagRaters([{ task: 't', rater: 'nobody', label: 'goose' }], fit)).toThrow(
      'flagRaters: annotations[0].rater is not in the fit',
    );
    expect(() => flagRaters([{ task: 't', rater: FRAUDSTER, label: 'duck' }], fit)).toThrow(
      'flagRaters: annotations[0].label',
    );
  });
});
