import { invalidInput } from '../agreement/invalid-input';
import type { BradleyTerryMatch } from '../leaderboard/fit-bradley-terry';
import { readTable } from './read-table';

const COUNT = /^\d+(\.\d+)?$/;

/**
 * Reads pairwise results with the columns `player1`, `player2`, `wins1` and
 * `wins2` (in any order; other columns are ignored): one line per pair (or per
 * batch of games), wins as non-negative numbers.
 *
 * @example
 * parseMatchesCsv('player1,player2,wins1,wins2\na,b,3,1\n'); // [{ player1: 'a', player2: 'b', wins1: 3, wins2: 1 }]
 * @throws ValidationError when a required column is absent, a line has the wrong
 *   number of cells, a player is empty, a win count is not a non-negative
 *   number, or there is no line.
 */
export function parseMatchesCsv(text: string): BradleyTerryMatch[] {
  const fn = 'parseMatchesCsv';
  const { header, rows } = readTable(fn, text);
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw invalidInput(fn, 'header', `must have a "${name}" column (got ${header.join(', ')})`);
    return index;
  };
  const [p1, p2, w1, w2] = [column('player1'), column('player2'), column('wins1'), column('wins2')];
  if (rows.length === 0) throw invalidInput(fn, 'csv', 'must have at least one match line');
  return rows.map((row) => {
    const cell = (index: number, name: string): string => {
      const value = row.cells[index];
      if (value === '') throw invalidInput(fn, `line ${row.line}: ${name}`, 'must not be empty');
      return value;
    };
    const wins = (index: number, name: string): number => {
      const value = cell(index, name);
      if (!COUNT.test(value))
        throw invalidInput(fn, `line ${row.line}: ${name}`, `must be a non-negative number (got "${value}")`);
      return Number(value);
    };
    return {
      player1: cell(p1, 'player1'),
      player2: cell(p2, 'player2'),
      wins1: wins(w1, 'wins1'),
      wins2: wins(w2, 'wins2'),
    };
  });
}
