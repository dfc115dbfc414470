import { ValidationError } from '@hindsight/contracts';
import { fitBradleyTerry } from './fit-bradley-terry';
import { fitBradleyTerryGroups } from './fit-bradley-terry-groups';

/** The Stigler citation data of fit-bradley-terry.unit.spec.ts (BradleyTerry2 `citations`), strongly connected. */
const citations = [
  { player1: 'Biometrika', player2: 'Comm Statist', wins1: 730, wins2: 33 },
  { player1: 'Biometrika', player2: 'JASA', wins1: 498, wins2: 320 },
  { player1: 'Biometrika', player2: 'JRSS-B', wins1: 221, wins2: 284 },
  { player1: 'Comm Statist', player2: 'JASA', wins1: 68, wins2: 813 },
  { player1: 'Comm Statist', player2: 'JRSS-B', wins1: 17, wins2: 276 },
  { player1: 'JASA', player2: 'JRSS-B', wins1: 142, wins2: 325 },
];

const match = (player1: string, player2: string, wins1: number, wins2: number) => ({ player1, player2, wins1, wins2 });
const shape = (groups: ReturnType<typeof fitBradleyTerryGroups>) =>
  groups.map((g) => ({ players: g.players, reference: g.reference, beat: g.beat, lostTo: g.lostTo }));

describe('fitBradleyTerryGroups', () => {
  it("gives a strongly connected set one group with exactly fitBradleyTerry's fit (BradleyTerry2 BTabilities(citeModel))", () => {
    const groups = fitBradleyTerryGroups(citations);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toEqual({
      players: ['Biometrika', 'Comm Statist', 'JASA', 'JRSS-B'],
      reference: 'Biometrika',
      strengths: fitBradleyTerry(citations).players,
      beat: [],
      lostTo: [],
    });
    expect(groups[0].strengths[1].strength).toBeCloseTo(-2.9490725, 5);
    expect(groups[0].strengths[1].se).toBeCloseTo(0.10254534, 5);
  });

  it('keeps the fit of the connected players when one extra pair met only each other, and says who beat whom', () => {
    // The finding of issue #12: one comparison between two otherwise unseen versions failed the whole leaderboard.
    expect(() => fitBradleyTerry([...citations, match('model-x', 'model-y', 1, 0)])).toThrow('strongly connected');
    const groups = fitBradleyTerryGroups([...citations, match('model-x', 'model-y', 1, 0)]);
    expect(shape(groups)).toEqual([
      { players: ['Biometrika', 'Comm Statist', 'JASA', 'JRSS-B'], reference: 'Biometrika', beat: [], lostTo: [] },
      { players: ['model-x'], reference: null, beat: [2], lostTo: [] },
      { players: ['model-y'], reference: null, beat: [], lostTo: [1] },
    ]);
    expect(groups[0].strengths).toEqual(fitBradleyTerry(citations).players);
    expect(groups[1].strengths).toEqual([]);
  });

  it('fits two groups that never met each on its own scale, each with its own reference', () => {
    const groups = fitBradleyTerryGroups([match('a', 'b', 3, 1), match('c', 'd', 1, 1)]);
    expect(shape(groups)).toEqual([
      { players: ['a', 'b'], reference: 'a', beat: [], lostTo: [] },
      { players: ['c', 'd'], reference: 'c', beat: [], lostTo: [] },
    ]);
    expect(groups[0].strengths[1].strength).toBeCloseTo(Math.log(1 / 3), 10);
    expect(groups[1].strengths[1].strength).toBeCloseTo(0, 10);
  });

  it('leaves out a version that lost every comparison, and the others keep their fit', () => {
    const trio = [match('a', 'b', 2, 1), match('b', 'c', 2, 1), match('c', 'a', 2, 1)];
    const groups = fitBradleyTerryGroups([...trio, match('a', 'z', 5, 0), match('z', 'b', 0, 4)]);
    expect(shape(groups)).toEqual([
      { players: ['a', 'b', 'c'], reference: 'a', beat: [1], lostTo: [] },
      { players: ['z'], reference: null, beat: [], lostTo: [0] },
    ]);
    expect(groups[0].strengths).toEqual(fitBradleyTerry(trio).players);
  });

  it('orders groups winners first where the outright results order them, even before a larger group', () => {
    // p beat every one of {a, b, c}, which beat {d, e}
    const matches = [
      match('a', 'b', 1, 1),
      match('b', 'c', 1, 1),
      match('d', 'e', 2, 2),
      match('p', 'a', 3, 0),
      match('c', 'd', 4, 0),
    ];
    expect(shape(fitBradleyTerryGroups(matches))).toEqual([
      { players: ['p'], reference: null, beat: [1], lostTo: [] },
      { players: ['a', 'b', 'c'], reference: 'a', beat: [2], lostTo: [0] },
      { players: ['d', 'e'], reference: 'd', beat: [], lostTo: [1] },
    ]);
  });

  it('counts a tie both ways (half a win each), so tied versions are comparable', () => {
    expect(shape(fitBradleyTerryGroups([match('a', 'b', 0.5, 0.5)]))).toEqual([
      { players: ['a', 'b'], reference: 'a', beat: [], lostTo: [] },
    ]);
  });

  it('refuses bad input with the same named ValidationError as fitBradleyTerry', () => {
    expect(() => fitBradleyTerryGroups([])).toThrow(ValidationError);
    expect(() => fitBradleyTerryGroups([match('a', 'a', 1, 1)])).toThrow(
      'fitBradleyTerryGroups: matches[0].player2 must differ',
    );
  });
});
