import { ValidationError } from '@hindsight/contracts';
import { fitBradleyTerry } from '../leaderboard/fit-bradley-terry';
import { parseMatchesCsv } from './parse-matches-csv';

describe('parseMatchesCsv', () => {
  it('reads player1,player2,wins1,wins2 lines with quoted names', () => {
    expect(parseMatchesCsv('player1,player2,wins1,wins2\n"Comm Statist",JASA,68,813\n')).toEqual([
      { player1: 'Comm Statist', player2: 'JASA', wins1: 68, wins2: 813 },
    ]);
  });

  it('feeds the Stigler citation data to fitBradleyTerry (BradleyTerry2: Comm Statist −2.949, se 0.103)', () => {
    // hturner/BradleyTerry2 data/citations.R and tests/BTabilities.Rout.save; see fit-bradley-terry.unit.spec.ts
    const csv = [
      'wins2,player2,player1,wins1',
      '33,Comm Statist,Biometrika,730',
      '320,JASA,Biometrika,498',
      '284,JRSS-B,Biometrika,221',
      '813,JASA,Comm Statist,68',
      '276,JRSS-B,Comm Statist,17',
      '325,JRSS-B,JASA,142',
    ].join('\r\n');
    const comm = fitBradleyTerry(parseMatchesCsv(csv)).players.find((p) => p.name === 'Comm Statist');
    expect(comm?.strength).toBeCloseTo(-2.9490725, 5);
    expect(comm?.se).toBeCloseTo(0.10254534, 5);
  });

  it('throws a named ValidationError naming the line and column', () => {
    expect(() => parseMatchesCsv('player1,player2,wins1\n')).toThrow(ValidationError);
    expect(() => parseMatchesCsv('player1,player2,wins1\n')).toThrow(
      'parseMatchesCsv: header must have a "wins2" column',
    );
    expect(() => parseMatchesCsv('player1,player2,wins1,wins2\n')).toThrow(
      'parseMatchesCsv: csv must have at least one match line',
    );
    expect(() => parseMatchesCsv('player1,player2,wins1,wins2\na,b,-1,2\n')).toThrow(
      'parseMatchesCsv: line 2: wins1 must be a non-negative number (got "-1")',
    );
    expect(() => parseMatchesCsv('player1,player2,wins1,wins2\na,,1,2\n')).toThrow(
      'parseMatchesCsv: line 2: player2 must not be empty',
    );
  });
});
