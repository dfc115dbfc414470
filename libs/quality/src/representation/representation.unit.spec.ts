import type { ComparisonRecord, RaterProfile } from '../report/comparison-record';
import { groupByTask } from '../report/group-by-task';
import { indexComparisons } from '../report/index-comparisons';
import { detectGroupDisagreement } from './detect-group-disagreement';
import { measureCoverage } from './measure-coverage';

const profile = (raterId: string, region: string, languages: string[], group = 'g'): RaterProfile => ({
  raterId,
  expertise: 'novice',
  languages,
  region,
  group,
});

describe('measureCoverage', () => {
  const raters = [
    profile('a', 'eu', ['en']),
    profile('b', 'eu', ['en', 'fr']),
    profile('c', 'eu', ['en']),
    profile('d', 'na', ['en']),
  ];

  it('compares shares with the target and lists the gaps, largest first', () => {
    const report = measureCoverage(
      raters,
      { region: { eu: 0.4, na: 0.4, asia: 0.2 }, languages: { en: 0.8, fr: 0.5 } },
      {
        activity: new Map([
          ['a', 10],
          ['d', 30],
        ]),
      },
    );
    const row = (d: string, v: string) => report.rows.find((r) => r.dimension === d && r.value === v);
    expect(row('region', 'eu')).toEqual(
      expect.objectContaining({ raters: 3, actual: 0.75, target: 0.4, status: 'over', actualByJudgments: 0.25 }),
    );
    expect(row('region', 'asia')).toEqual(expect.objectContaining({ raters: 0, actual: 0, status: 'under' }));
    expect(row('languages', 'fr')?.actual).toBe(0.25);
    expect(row('expertise', 'novice')?.status).toBe('untargeted');
    expect(report.gaps.map((g) => `${g.dimension}:${g.value}`)).toEqual(['languages:fr', 'region:asia', 'region:na']);
    expect(report.fit.region?.df).toBe(2);
  });

  it('refuses a target share above 1', () => {
    expect(() => measureCoverage(raters, { region: { eu: 1.5 } })).toThrow(/target\.region\.eu/);
  });
});

describe('detectGroupDisagreement', () => {
  it('lists the task on which one group prefers the other response', () => {
    const records: ComparisonRecord[] = [];
    for (let t = 0; t < 2; t++) {
      const a = { id: `t${t}-a`, text: 'a', modelVersion: 'm1' };
      const b = { id: `t${t}-b`, text: 'b', modelVersion: 'm2' };
      for (let k = 0; k < 16; k++) {
        const group = k < 8 ? 'north' : 'south';
        // on t0 the south group prefers b, everyone else a
        const pick = t === 0 && group === 'south' ? b.id : a.id;
        records.push({
          id: `${t}-${k}`,
          taskId: `t${t}`,
          taskType: 'advice',
          objective: 'helpfulness',
          raterId: `${group}-${k}`,
          raterGroup: group,
          prompt: 'p',
          responses: [a, b],
          shownOrder: k % 2 ? [a.id, b.id] : [b.id, a.id],
          choice: pick,
          occurredAt: '2026-01-01T00:00:00.000Z',
        });
      }
    }
    const index = indexComparisons(records);
    const result = detectGroupDisagreement(index, groupByTask(index), { minConflictTasks: 1 });
    expect(result.testedTasks).toBe(2);
    expect(result.disagreements.map((d) => `${d.taskId}:${d.group}`).sort()).toEqual(['t0:north', 't0:south']);
    expect(result.disagreements[0].pValue).toBeLessThan(0.001);
    expect(result.flaggedRaters.size).toBe(16);
  });
});
