import { rater } from './fixtures';
import { reliabilityRows } from './reliability-rows';

describe('reliabilityRows', () => {
  it('lists raters with a consensus, least reliable first; spammers and low agreement flagged', () => {
    const rows = reliabilityRows([
      rater({ rater: 'good', agreement: 0.9, consensusWeight: 2.1 }),
      rater({ rater: 'spam', agreement: 0.5, consensusWeight: 0, flags: ['spammer'] }),
      rater({ rater: 'alone', agreement: null }),
      rater({ rater: 'low', agreement: 0.55, consensusWeight: 0.1, flags: ['low-agreement'] }),
    ]);
    expect(rows.map((r) => [r.rater, r.agreement, r.weight, r.flagged])).toEqual([
      ['spam', 0.5, 0, true],
      ['low', 0.55, 0.1, true],
      ['good', 0.9, 2.1, false],
    ]);
  });
});
