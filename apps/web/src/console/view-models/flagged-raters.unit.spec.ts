import { rater } from './fixtures';
import { flaggedRaters } from './flagged-raters';

describe('flaggedRaters', () => {
  it('lists every rater with a flag other than insufficient-data, most flags first', () => {
    const list = flaggedRaters([
      rater({ rater: 'ok' }),
      rater({ rater: 'few', flags: ['insufficient-data'] }),
      rater({ rater: 'pos', flags: ['position-bias'] }),
      rater({ rater: 'both', flags: ['position-bias', 'length-bias'] }),
      rater({ rater: 'few-but-conflict', flags: ['insufficient-data', 'group-conflict'] }),
    ]);
    expect(list.map((r) => r.rater)).toEqual(['both', 'few-but-conflict', 'pos']);
    expect(list[1].flags).toEqual(['group-conflict']);
  });

  it('is empty when nobody is flagged', () => {
    expect(flaggedRaters([rater({ rater: 'a' }), rater({ rater: 'b', flags: ['insufficient-data'] })])).toEqual([]);
  });
});
