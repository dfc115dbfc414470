import { rater } from './fixtures';
import { lengthEffectView } from './length-effect-rows';

describe('lengthEffectView', () => {
  it('keeps the objectives with a rate and orders raters by effect, flagged ones marked', () => {
    const view = lengthEffectView({
      lengthBias: {
        baselineLongerWinRate: 0.52,
        byObjective: [
          {
            name: 'helpfulness',
            n: 300,
            wins: 183,
            rate: 0.61,
            ci: [0.554, 0.663],
            pValue: 0.001,
            qValue: 0.002,
            flagged: false,
            favours: null,
          },
          {
            name: 'honesty',
            n: 0,
            wins: 0,
            rate: null,
            ci: null,
            pValue: 1,
            qValue: null,
            flagged: false,
            favours: null,
          },
        ],
      },
      raters: [
        rater({ rater: 'a', lengthEffect: 0.05 }),
        rater({ rater: 'b', lengthEffect: 0.3, flags: ['length-bias'] }),
        rater({ rater: 'c', lengthEffect: null }),
      ],
    });
    expect(view.baseline).toBe(0.52);
    expect(view.byObjective).toEqual([
      { objective: 'helpfulness', n: 300, rate: 0.61, lower: 0.554, upper: 0.663, qValue: 0.002, flagged: false },
    ]);
    expect(view.byRater).toEqual([
      { rater: 'b', effect: 0.3, flagged: true },
      { rater: 'a', effect: 0.05, flagged: false },
    ]);
  });
});
