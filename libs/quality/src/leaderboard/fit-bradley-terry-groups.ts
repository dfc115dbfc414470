import { checkMatches } from './check-matches';
import { fitBradleyTerry, type BradleyTerryPlayer } from './fit-bradley-terry';
import { stronglyConnectedComponents } from './strongly-connected-components';

/** Players whose strengths are on one scale: each beat and lost to the others, directly or through others. */
export interface BradleyTerryGroup {
  /** code-unit order */
  readonly players: string[];
  /** the player fixed at 0 (the first name); null for a group of one, which has no finite strength */
  readonly reference: string | null;
  /** the group's own fit, sorted by name; empty for a group of one */
  readonly strengths: BradleyTerryPlayer[];
  /** groups (indexes into the list) whose players lost every comparison they had with this group's */
  readonly beat: number[];
  /** groups whose players won every comparison they had with this group's */
  readonly lostTo: number[];
}

/**
 * Bradley–Terry fitted on each strongly connected component of the "beat at
 * least once" graph. The maximum-likelihood strengths exist only within such a
 * component (Ford 1957); across components they are not comparable, and the
 * comparisons between two components, if any, all went one way. So instead of
 * failing for all players when one pair of players met only each other, each
 * group gets its own fit (reference: its first name) and says which groups it
 * beat or lost to outright. A strongly connected set of matches gives one group
 * with exactly `fitBradleyTerry`'s result.
 *
 * Groups are ordered winners first where the outright results order them
 * (a topological order of the condensation), otherwise larger groups first,
 * then by first name.
 *
 * @example
 * fitBradleyTerryGroups([
 *   { player1: 'a', player2: 'b', wins1: 3, wins2: 1 },
 *   { player1: 'x', player2: 'y', wins1: 1, wins2: 0 },
 * ]);
 * // [{ players: ['a', 'b'], reference: 'a', strengths: [a 0, b −1.0986], beat: [], lostTo: [] },
 * //  { players: ['x'], reference: null, strengths: [], beat: [2], lostTo: [] },
 * //  { players: ['y'], reference: null, strengths: [], beat: [], lostTo: [1] }]
 * @throws ValidationError when there are no matches, a name is empty, a player
 *   meets itself, or a win count is negative or not finite.
 */
export function fitBradleyTerryGroups(
  matches: readonly { player1: string; player2: string; wins1: number; wins2: number }[],
): BradleyTerryGroup[] {
  checkMatches('fitBradleyTerryGroups', matches);
  const names = [...new Set(matches.flatMap((m) => [m.player1, m.player2]))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const index = new Map(names.map((name, i) => [name, i]));
  const beatEdges: [number, number][] = [];
  for (const m of matches) {
    const i = index.get(m.player1) as number;
    const j = index.get(m.player2) as number;
    if (m.wins1 > 0) beatEdges.push([i, j]);
    if (m.wins2 > 0) beatEdges.push([j, i]);
  }
  const components = stronglyConnectedComponents(names.length, beatEdges);
  const componentOf = new Int32Array(names.length);
  components.forEach((c, k) => c.forEach((p) => (componentOf[p] = k)));

  const beats = components.map(() => new Set<number>());
  for (const [winner, loser] of beatEdges) {
    if (componentOf[winner] !== componentOf[loser]) beats[componentOf[winner]].add(componentOf[loser]);
  }
  const order = orderComponents(components, beats);
  const position = new Int32Array(components.length);
  order.forEach((k, at) => (position[k] = at));

  return order.map((k) => {
    const players = components[k].map((p) => names[p]);
    const own = new Set(players);
    const fit =
      players.length > 1 ? fitBradleyTerry(matches.filter((m) => own.has(m.player1) && own.has(m.player2))) : null;
    const byPosition = (set: Iterable<number>) => [...set].map((c) => position[c]).sort((a, b) => a - b);
    return {
      players,
      reference: fit?.reference ?? null,
      strengths: fit?.players ?? [],
      beat: byPosition(beats[k]),
      lostTo: byPosition(components.map((_, c) => c).filter((c) => beats[c].has(k))),
    };
  });
}

/** Kahn's topological order of the condensation, taking the largest available group (then the first name) each time. */
function orderComponents(components: readonly number[][], beats: readonly Set<number>[]): number[] {
  const waiting = components.map(() => 0);
  beats.forEach((losers) => losers.forEach((l) => waiting[l]++));
  const before = (a: number, b: number) =>
    components[b].length - components[a].length || components[a][0] - components[b][0];
  const ready = components.map((_, k) => k).filter((k) => waiting[k] === 0);
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort(before);
    const next = ready.shift() as number;
    order.push(next);
    for (const loser of beats[next]) if (--waiting[loser] === 0) ready.push(loser);
  }
  return order;
}
