import { rater } from './fixtures';
import { forestPlotRows } from './forest-plot-rows';

describe('forestPlotRows', () => {
  it("takes each rater's rate and interval from the report unchanged, highest rate first", () => {
    // 31 first wins of 40 decided: the Wilson 95 % interval is [0.6250, 0.8768] (Wilson 1927; Newcombe 1998, method 3)
    const ci: [number, number] = [0.624969, 0.876839];
    const rows = forestPlotRows([
      rater({ rater: 'r-2', firstWinRate: 0.5, firstWinCi: [0.35, 0.65] }),
      rater({ rater: 'r-1', firstWinRate: 31 / 40, firstWinCi: ci, flags: ['position-bias'], positionQValue: 0.001 }),
    ]);
    expect(rows.map((r) => r.rater)).toEqual(['r-1', 'r-2']);
    expect(rows[0]).toEqual({
      rater: 'r-1',
      rate: 31 / 40,
      lower: ci[0],
      upper: ci[1],
      decided: 40,
      flagged: true,
      insufficient: false,
      qValue: 0.001,
    });
  });

  it('leaves out raters with nothing decided and marks those with too few judgments', () => {
    const rows = forestPlotRows([
      rater({ rater: 'tie-only', firstWinRate: null, firstWinCi: null, firstWinDecided: 0 }),
      rater({ rater: 'new', comparisons: 5, firstWinDecided: 5, flags: ['insufficient-data'] }),
    ]);
    expect(rows.map((r) => [r.rater, r.insufficient, r.flagged])).toEqual([['new', true, false]]);
  });
});
