import { fitBradleyTerry } from '../leaderboard/fit-bradley-terry';
import type { ComparisonRecord } from './comparison-record';
import { fitModelStrengths } from './fit-model-strengths';
import { indexComparisons } from './index-comparisons';

let next = 0;
/** `count` judgments in which a response of `winner` was preferred to one of `loser` ('tie': neither). */
function judged(winner: string, loser: string, count: number, choice: 'first' | 'tie' = 'first'): ComparisonRecord[] {
  return Array.from({ length: count }, () => {
    const k = next++;
    return {
      id: `c${k}`,
      taskId: `t${k}`,
      taskType: 'qa',
      objective: 'helpfulness',
      raterId: `r${k % 7}`,
      prompt: 'p',
      responses: [
        { id: 'a', text: 'one', modelVersion: winner },
        { id: 'b', text: 'two', modelVersion: loser },
      ],
      shownOrder: k % 2 === 0 ? ['a', 'b'] : ['b', 'a'],
      choice: choice === 'tie' ? 'tie' : 'a',
      occurredAt: '2026-01-01T00:00:00Z',
    };
  });
}

const strengthsOf = (records: ComparisonRecord[]) => fitModelStrengths(indexComparisons(records));

describe('fitModelStrengths', () => {
  const connected = [
    ...judged('v1', 'v2', 6),
    ...judged('v2', 'v1', 2),
    ...judged('v2', 'v3', 5),
    ...judged('v3', 'v2', 3),
    ...judged('v3', 'v1', 1),
    ...judged('v1', 'v3', 4),
  ];

  it('fits a connected win graph as one group, as plain Bradley–Terry does', () => {
    const fit = strengthsOf(connected);
    expect(fit.reason).toBeNull();
    expect(fit.groups).toEqual([{ group: 1, models: ['v1', 'v2', 'v3'], reference: 'v1', beat: [], lostTo: [] }]);
    const plain = fitBradleyTerry([
      { player1: 'v1', player2: 'v2', wins1: 6, wins2: 2 },
      { player1: 'v2', player2: 'v3', wins1: 5, wins2: 3 },
      { player1: 'v1', player2: 'v3', wins1: 4, wins2: 1 },
    ]);
    for (const p of plain.players)
      expect(fit.models.find((m) => m.name === p.name)).toMatchObject({ group: 1, strength: p.strength, se: p.se });
    expect(fit.models.map((m) => m.name)).toEqual(['v1', 'v2', 'v3']);
  });

  it('keeps the leaderboard when one comparison is between two versions that share no other, and names them', () => {
    const fit = strengthsOf([...connected, ...judged('x-2026.12', 'y-2026.12', 1)]);
    expect(fit.groups).toEqual([
      { group: 1, models: ['v1', 'v2', 'v3'], reference: 'v1', beat: [], lostTo: [] },
      { group: 2, models: ['x-2026.12'], reference: null, beat: [3], lostTo: [] },
      { group: 3, models: ['y-2026.12'], reference: null, beat: [], lostTo: [2] },
    ]);
    expect(fit.models.slice(0, 3)).toEqual(strengthsOf(connected).models);
    expect(fit.models.slice(3)).toEqual([
      { name: 'x-2026.12', group: 2, strength: null, se: null, wins: 1, losses: 0, ties: 0 },
      { name: 'y-2026.12', group: 3, strength: null, se: null, wins: 0, losses: 1, ties: 0 },
    ]);
    expect(fit.reason).toMatch(
      /^the model versions fall into 3 groups that are not comparable with each other .*2 versions are alone in a group and have no strength; see modelGroups$/,
    );
  });

  it('fits two groups that never met each on its own scale', () => {
    const fit = strengthsOf([...judged('a', 'b', 3), ...judged('b', 'a', 1), ...judged('c', 'd', 2, 'tie')]);
    expect(fit.groups.map((g) => [g.models, g.reference])).toEqual([
      [['a', 'b'], 'a'],
      [['c', 'd'], 'c'],
    ]);
    expect(
      fit.models.map((m) => [m.name, m.group, m.strength === null ? null : Number(m.strength.toFixed(4))]),
    ).toEqual([
      ['a', 1, 0],
      ['b', 1, Number(Math.log(1 / 3).toFixed(4))],
      ['c', 2, 0],
      ['d', 2, 0],
    ]);
    expect(fit.models.find((m) => m.name === 'd')).toMatchObject({ ties: 2, wins: 0, losses: 0 });
  });

  it('says why there is nothing to fit when no comparison is between two versions', () => {
    expect(strengthsOf(judged('a', 'a', 2))).toEqual({
      models: [],
      groups: [],
      reason: 'no comparisons between different model versions',
    });
  });
});
