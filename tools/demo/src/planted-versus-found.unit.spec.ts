import { plantedVersusFound, renderPlantedVersusFound } from './planted-versus-found';

describe('plantedVersusFound', () => {
  const planted = {
    r1: 'position-bias',
    r2: 'position-bias',
    r3: 'length-bias',
    r4: 'none',
    r5: 'none',
    r6: 'spammer',
  } as const;
  const raters = [
    { rater: 'r1', flags: ['position-bias' as const] },
    { rater: 'r2', flags: ['low-agreement' as const] },
    { rater: 'r3', flags: ['insufficient-data' as const] },
    { rater: 'r4', flags: ['spammer' as const] },
    { rater: 'r6', flags: ['spammer' as const, 'low-agreement' as const] },
  ];

  it('counts found, missed-but-flagged and false alarms per planted behaviour', () => {
    expect(plantedVersusFound(planted, raters)).toEqual([
      { planted: 'position-bias', raters: 2, found: 1, flaggedOtherwise: 1 },
      { planted: 'length-bias', raters: 1, found: 0, flaggedOtherwise: 0 },
      { planted: 'spammer', raters: 1, found: 1, flaggedOtherwise: 0 },
      { planted: 'none', raters: 2, found: 0, flaggedOtherwise: 1 },
    ]);
  });

  it('renders one line per behaviour', () => {
    const text = renderPlantedVersusFound(plantedVersusFound(planted, raters));
    expect(text.split('\n')).toHaveLength(6);
    expect(text).toMatch(/position-bias\s+2\s+1 of 2\s+1/);
  });
});
