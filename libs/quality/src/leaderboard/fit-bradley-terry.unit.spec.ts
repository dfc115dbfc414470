import { ValidationError } from '@hindsight/contracts';
import { fitBradleyTerry } from './fit-bradley-terry';

/**
 * Stigler (1994) journal citation counts, as used on p. 448 of Agresti (2002),
 * shipped as the `citations` data set of the BradleyTerry2 R package
 * (hturner/BradleyTerry2, data/citations.R): citations[cited, citing], the cited
 * journal "wins". Published fit: hturner/BradleyTerry2 tests/BTabilities.Rout.save,
 * `BTabilities(citeModel)` (reference Biometrika) and `update(citeModel, refcat = "JASA")`.
 */
const citations = [
  { player1: 'Biometrika', player2: 'Comm Statist', wins1: 730, wins2: 33 },
  { player1: 'Biometrika', player2: 'JASA', wins1: 498, wins2: 320 },
  { player1: 'Biometrika', player2: 'JRSS-B', wins1: 221, wins2: 284 },
  { player1: 'Comm Statist', player2: 'JASA', wins1: 68, wins2: 813 },
  { player1: 'Comm Statist', player2: 'JRSS-B', wins1: 17, wins2: 276 },
  { player1: 'JASA', player2: 'JRSS-B', wins1: 142, wins2: 325 },
];

/**
 * Agresti (2002) Sec. 10.6 baseball data (1987 American League East), shipped as
 * hturner/BradleyTerry2 data/baseball.csv; published fit of the model without home
 * advantage, reference Baltimore: hturner/BradleyTerry2 tests/baseball.Rout.save,
 * `summary(baseballModel1)`.
 */
const baseball: [string, string, number, number][] = [
  ['Milwaukee', 'Detroit', 4, 3],
  ['Milwaukee', 'Toronto', 4, 2],
  ['Milwaukee', 'New York', 4, 3],
  ['Milwaukee', 'Boston', 6, 1],
  ['Milwaukee', 'Cleveland', 4, 2],
  ['Milwaukee', 'Baltimore', 6, 0],
  ['Detroit', 'Milwaukee', 3, 3],
  ['Detroit', 'Toronto', 4, 2],
  ['Detroit', 'New York', 4, 3],
  ['Detroit', 'Boston', 6, 0],
  ['Detroit', 'Cleveland', 6, 1],
  ['Detroit', 'Baltimore', 4, 3],
  ['Toronto', 'Milwaukee', 2, 5],
  ['Toronto', 'Detroit', 4, 3],
  ['Toronto', 'New York', 2, 4],
  ['Toronto', 'Boston', 4, 3],
  ['Toronto', 'Cleveland', 4, 2],
  ['Toronto', 'Baltimore', 6, 0],
  ['New York', 'Milwaukee', 3, 3],
  ['New York', 'Detroit', 5, 1],
  ['New York', 'Toronto', 2, 5],
  ['New York', 'Boston', 4, 3],
  ['New York', 'Cleveland', 4, 2],
  ['New York', 'Baltimore', 6, 1],
  ['Boston', 'Milwaukee', 5, 1],
  ['Boston', 'Detroit', 2, 5],
  ['Boston', 'Toronto', 3, 3],
  ['Boston', 'New York', 4, 2],
  ['Boston', 'Cleveland', 5, 2],
  ['Boston', 'Baltimore', 6, 0],
  ['Cleveland', 'Milwaukee', 2, 5],
  ['Cleveland', 'Detroit', 3, 3],
  ['Cleveland', 'Toronto', 3, 4],
  ['Cleveland', 'New York', 4, 3],
  ['Cleveland', 'Boston', 4, 2],
  ['Cleveland', 'Baltimore', 2, 4],
  ['Baltimore', 'Milwaukee', 2, 5],
  ['Baltimore', 'Detroit', 1, 5],
  ['Baltimore', 'Toronto', 1, 6],
  ['Baltimore', 'New York', 2, 4],
  ['Baltimore', 'Boston', 1, 6],
  ['Baltimore', 'Cleveland', 3, 4],
];

const byName = (fit: ReturnType<typeof fitBradleyTerry>) => new Map(fit.players.map((p) => [p.name, p]));

describe('fitBradleyTerry', () => {
  it('reproduces BradleyTerry2 BTabilities(citeModel) for the Stigler citation data (reference Biometrika, the first name)', () => {
    const fit = fitBradleyTerry(citations);
    expect(fit.reference).toBe('Biometrika');
    expect(fit.players.map((p) => p.name)).toEqual(['Biometrika', 'Comm Statist', 'JASA', 'JRSS-B']);
    const p = byName(fit);
    expect(p.get('Biometrika')).toEqual({ name: 'Biometrika', strength: 0, se: 0 });
    // published: ability / s.e.
    expect(p.get('Comm Statist')?.strength).toBeCloseTo(-2.9490725, 5);
    expect(p.get('Comm Statist')?.se).toBeCloseTo(0.10254534, 5);
    expect(p.get('JASA')?.strength).toBeCloseTo(-0.4795698, 5);
    expect(p.get('JASA')?.se).toBeCloseTo(0.06058873, 5);
    expect(p.get('JRSS-B')?.strength).toBeCloseTo(0.2689541, 5);
    expect(p.get('JRSS-B')?.se).toBeCloseTo(0.07082997, 5);
  });

  it('reproduces BTabilities(update(citeModel, refcat = "JASA")) with the reference option', () => {
    const p = byName(fitBradleyTerry(citations, { reference: 'JASA' }));
    expect(p.get('JASA')).toEqual({ name: 'JASA', strength: 0, se: 0 });
    expect(p.get('Biometrika')?.strength).toBeCloseTo(0.4795698, 5);
    expect(p.get('Biometrika')?.se).toBeCloseTo(0.06058873, 5);
    expect(p.get('Comm Statist')?.strength).toBeCloseTo(-2.4695027, 5);
    expect(p.get('Comm Statist')?.se).toBeCloseTo(0.09817049, 5);
    expect(p.get('JRSS-B')?.strength).toBeCloseTo(0.7485238, 5);
    expect(p.get('JRSS-B')?.se).toBeCloseTo(0.07294356, 5);
  });

  it('reproduces the Agresti (2002) baseball fit in BradleyTerry2 baseball.Rout.save to three decimals', () => {
    const fit = fitBradleyTerry(
      baseball.map(([player1, player2, wins1, wins2]) => ({ player1, player2, wins1, wins2 })),
    );
    expect(fit.reference).toBe('Baltimore');
    const p = byName(fit);
    const published: [string, number, number][] = [
      ['Boston', 1.1077, 0.3339],
      ['Cleveland', 0.6839, 0.3319],
      ['Detroit', 1.4364, 0.3396],
      ['Milwaukee', 1.5814, 0.3433],
      ['New York', 1.2476, 0.3359],
      ['Toronto', 1.2945, 0.3367],
    ];
    for (const [name, strength, se] of published) {
      expect(p.get(name)?.strength).toBeCloseTo(strength, 3);
      expect(p.get(name)?.se).toBeCloseTo(se, 3);
    }
  });

  it('matches the closed form for two players: λ = log(wins ratio), se = 1/sqrt(n p (1-p))', () => {
    const fit = fitBradleyTerry([{ player1: 'b', player2: 'a', wins1: 1, wins2: 3 }]);
    expect(fit.reference).toBe('a');
    expect(fit.players[1].strength).toBeCloseTo(Math.log(1 / 3), 10);
    expect(fit.players[1].se).toBeCloseTo(1 / Math.sqrt(4 * 0.25 * 0.75), 10);
  });

  it('throws a named ValidationError for bad input and when the MLE does not exist', () => {
    expect(() => fitBradleyTerry([])).toThrow(ValidationError);
    expect(() => fitBradleyTerry([])).toThrow('fitBradleyTerry: matches must hold at least one match');
    expect(() => fitBradleyTerry([{ player1: 'a', player2: 'a', wins1: 1, wins2: 1 }])).toThrow(
      'matches[0].player2 must differ',
    );
    expect(() => fitBradleyTerry([{ player1: 'a', player2: '', wins1: 1, wins2: 1 }])).toThrow('matches[0].player2');
    expect(() => fitBradleyTerry([{ player1: 'a', player2: 'b', wins1: -1, wins2: 1 }])).toThrow('matches[0].wins1');
    expect(() => fitBradleyTerry([{ player1: 'a', player2: 'b', wins1: 1, wins2: Number.NaN }])).toThrow(
      'matches[0].wins2',
    );
    expect(() => fitBradleyTerry(citations, { reference: 'Nature' })).toThrow('fitBradleyTerry: options.reference');
    // b never wins: its strength would be −∞
    expect(() => fitBradleyTerry([{ player1: 'a', player2: 'b', wins1: 3, wins2: 0 }])).toThrow('strongly connected');
    expect(() => fitBradleyTerry([{ player1: 'a', player2: 'b', wins1: 3, wins2: 0 }])).toThrow(
      'These 2 groups are not comparable with each other: {a}, {b}',
    );
  });
});
