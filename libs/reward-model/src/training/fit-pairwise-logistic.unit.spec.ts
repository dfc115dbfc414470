import { ValidationError } from '@hindsight/contracts';
import { fitPairwiseLogistic, type PairwiseCountRow } from './fit-pairwise-logistic';

/**
 * Rows for a Bradley–Terry design: for each (first, second) with counts, the
 * indicator difference e_first − e_second with the reference player's column dropped.
 */
function bradleyTerryRows(
  players: readonly string[],
  reference: string,
  contests: readonly { first: string; second: string; wins: number; losses: number; extra?: number[] }[],
): PairwiseCountRow[] {
  const columns = players.filter((p) => p !== reference);
  return contests.map(({ first, second, wins, losses, extra = [] }) => ({
    difference: [...columns.map((p) => (p === first ? 1 : 0) - (p === second ? 1 : 0)), ...extra],
    wins,
    losses,
  }));
}

describe('fitPairwiseLogistic reproduces published Bradley–Terry fits', () => {
  it('journal citations (Stigler 1994; Agresti 2002 p. 448), as fitted by R BradleyTerry2', () => {
    // Data: BradleyTerry2 `citations` (hturner/BradleyTerry2, data/citations.R), a table
    // cited × citing; the cited journal "wins". Counts citations[cited][citing]:
    const journals = ['Biometrika', 'Comm Statist', 'JASA', 'JRSS-B'];
    const citations = [
      [714, 730, 498, 221], // Biometrika cited by Biometrika, Comm Statist, JASA, JRSS-B
      [33, 425, 68, 17], // Comm Statist cited by …
      [320, 813, 1072, 142], // JASA cited by …
      [284, 276, 325, 188], // JRSS-B cited by …
    ];
    const contests = [];
    for (let i = 0; i < 4; i++) {
      for (let j = i + 1; j < 4; j++) {
        contests.push({ first: journals[i], second: journals[j], wins: citations[i][j], losses: citations[j][i] });
      }
    }
    const fit = fitPairwiseLogistic(bradleyTerryRows(journals, 'Biometrika', contests));
    expect(fit.converged).toBe(true);
    // Published: BradleyTerry2 tests/BTabilities.Rout.save, BTabilities(citeModel), Biometrika = 0:
    // Comm Statist −2.9490725, JASA −0.4795698, JRSS-B 0.2689541.
    expect(fit.coefficients[0]).toBeCloseTo(-2.9490725, 3);
    expect(fit.coefficients[1]).toBeCloseTo(-0.4795698, 3);
    expect(fit.coefficients[2]).toBeCloseTo(0.2689541, 3);
  });

  it('baseball with a home advantage (Agresti 2002 §10.6, p. 438), as fitted by R BradleyTerry2', () => {
    // Data: BradleyTerry2 data/baseball.csv (1987 AL East; home team, away team, home wins, away wins).
    const games: [string, string, number, number][] = [
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
    const teams = ['Baltimore', 'Boston', 'Cleveland', 'Detroit', 'Milwaukee', 'New York', 'Toronto'];
    const rows = bradleyTerryRows(
      teams,
      'Baltimore',
      games.map(([first, second, wins, losses]) => ({ first, second, wins, losses, extra: [1] })),
    );
    const fit = fitPairwiseLogistic(rows);
    expect(fit.converged).toBe(true);
    // Published: BradleyTerry2 tests/baseball.Rout.save, summary(baseballModel2), reference Baltimore:
    // Boston 1.1438, Cleveland 0.7047, Detroit 1.4754, Milwaukee 1.6196, New York 1.2813,
    // Toronto 1.3271, at.home 0.3023 (Agresti: home odds multiplier exp(0.3023) = 1.35).
    const published = [1.1438, 0.7047, 1.4754, 1.6196, 1.2813, 1.3271, 0.3023];
    published.forEach((value, j) => expect(fit.coefficients[j]).toBeCloseTo(value, 3));

    // Residual deviance 38.643 on 35 df (same source): 2 Σ [w log(w/(n p)) + l log(l/(n (1−p)))].
    let deviance = 0;
    rows.forEach(({ difference, wins, losses }) => {
      const margin = difference.reduce((sum, x, j) => sum + x * fit.coefficients[j], 0);
      const p = 1 / (1 + Math.exp(-margin));
      const n = wins + losses;
      if (wins > 0) deviance += 2 * wins * Math.log(wins / (n * p));
      if (losses > 0) deviance += 2 * losses * Math.log(losses / (n * (1 - p)));
    });
    expect(deviance).toBeCloseTo(38.643, 3);
  });

  it('rejects an empty design and negative counts', () => {
    expect(() => fitPairwiseLogistic([])).toThrow(ValidationError);
    expect(() => fitPairwiseLogistic([{ difference: [1], wins: -1, losses: 2 }])).toThrow(/rows\[0\]\.wins/);
  });
});
