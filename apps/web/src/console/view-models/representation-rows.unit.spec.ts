import { representationRows } from './representation-rows';

describe('representationRows', () => {
  it('labels each dimension and value and keeps untargeted rows', () => {
    const rows = representationRows([
      {
        dimension: 'region',
        value: '150',
        raters: 6,
        actual: 0.2,
        actualByJudgments: 0.25,
        target: 0.3,
        gap: -0.1,
        status: 'under',
      },
      {
        dimension: 'languages',
        value: 'de',
        raters: 3,
        actual: 0.1,
        actualByJudgments: 0.1,
        target: null,
        gap: null,
        status: 'untargeted',
      },
    ]);
    expect(rows).toEqual([
      { dimension: 'region', value: '150', label: 'region: 150', actual: 0.2, target: 0.3, gap: -0.1, status: 'under' },
      {
        dimension: 'languages',
        value: 'de',
        label: 'languages: de',
        actual: 0.1,
        target: null,
        gap: null,
        status: 'untargeted',
      },
    ]);
  });
});
