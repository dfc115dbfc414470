import { invalidInput } from '../agreement/invalid-input';

/**
 * The guards every Bradley–Terry fit applies to its matches.
 * @throws ValidationError, its message starting with `fn`, when there are no
 *   matches, a name is empty, a player meets itself, or a win count is negative
 *   or not finite.
 */
export function checkMatches(
  fn: string,
  matches: readonly { player1: string; player2: string; wins1: number; wins2: number }[],
): void {
  if (!Array.isArray(matches) || matches.length === 0)
    throw invalidInput(fn, 'matches', 'must hold at least one match');
  matches.forEach((m, i) => {
    if (typeof m.player1 !== 'string' || m.player1 === '')
      throw invalidInput(fn, `matches[${i}].player1`, 'must be a non-empty string');
    if (typeof m.player2 !== 'string' || m.player2 === '')
      throw invalidInput(fn, `matches[${i}].player2`, 'must be a non-empty string');
    if (m.player1 === m.player2) throw invalidInput(fn, `matches[${i}].player2`, 'must differ from player1');
    if (!Number.isFinite(m.wins1) || m.wins1 < 0)
      throw invalidInput(fn, `matches[${i}].wins1`, 'must be a non-negative finite number');
    if (!Number.isFinite(m.wins2) || m.wins2 < 0)
      throw invalidInput(fn, `matches[${i}].wins2`, 'must be a non-negative finite number');
  });
}
