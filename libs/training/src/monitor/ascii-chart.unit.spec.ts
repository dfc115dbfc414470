import { renderChart, renderSideBySide } from './ascii-chart';

describe('renderChart', () => {
  it('places the first point bottom-left and the last top-right of a rising series, with labelled axes', () => {
    const lines = renderChart(
      {
        title: 'mean reward',
        points: [
          [0, 0],
          [50, 1],
          [100, 2],
        ],
      },
      { width: 11, height: 5 },
    );
    expect(lines.map((l) => l.trimEnd())).toEqual([
      '         mean reward',
      '       2 |         .*',
      '         |       ..',
      '         |    .*.',
      '         |  ..',
      '       0 |*.',
      '         +-----------',
      '          step 0  100',
    ]);
  });

  it('draws a reference line and an empty frame without data', () => {
    const lines = renderChart(
      {
        title: 'kl',
        points: [
          [0, 1],
          [1, 1],
        ],
        reference: 3,
      },
      { width: 8, height: 3 },
    );
    expect(lines[1]).toContain('--------');
    expect(renderChart({ title: 'none', points: [] }, { width: 8, height: 3 }).join('\n')).toContain('no data');
  });

  it('puts two charts next to each other, line by line', () => {
    const both = renderSideBySide(
      {
        title: 'left',
        points: [
          [0, 0],
          [1, 1],
        ],
      },
      {
        title: 'right',
        points: [
          [0, 1],
          [1, 0],
        ],
      },
      { width: 10, height: 4 },
    ).split('\n');
    expect(both).toHaveLength(7);
    expect(both[0]).toMatch(/left\s+right/);
    expect(both[1]).toMatch(/\*\s+1 \|\*/);
  });
});
