import { invalidInput } from '../agreement/invalid-input';
import { invertMatrix } from './invert-matrix';
import { checkMatches } from './check-matches';
import { stronglyConnectedComponents } from './strongly-connected-components';

export interface BradleyTerryMatch {
  readonly player1: string;
  readonly player2: string;
  readonly wins1: number;
  readonly wins2: number;
}

export interface BradleyTerryPlayer {
  readonly name: string;
  /** log-ability λ, with logit P(i beats j) = λi − λj; the reference player has 0. */
  readonly strength: number;
  /** standard error from the inverse observed Fisher information; 0 for the reference. */
  readonly se: number;
}

export interface BradleyTerryFit {
  readonly reference: string;
  /** sorted by name (code-unit order) */
  readonly players: BradleyTerryPlayer[];
}

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plain Bradley–Terry maximum-likelihood fit, logit P(i beats j) = λi − λj, by
 * Newton–Raphson with step halving. Strengths are on the log scale with the
 * reference player fixed at 0 (default: the first player in code-unit order);
 * standard errors come from the inverse observed Fisher information of the
 * other players' strengths. Deterministic: no randomness, fixed start at 0.
 *
 * @example
 * fitBradleyTerry([{ player1: 'a', player2: 'b', wins1: 3, wins2: 1 }]);
 * // { reference: 'a', players: [{ name: 'a', strength: 0, se: 0 },
 * //                             { name: 'b', strength: -1.0986, se: 1.1547 }] }
 * @throws ValidationError when there are no matches, a name is empty, a player
 *   meets itself, a win count is negative or not finite, the reference is not a
 *   player, or the maximum-likelihood estimate does not exist because the
 *   "beat at least once" graph is not strongly connected (some player or group
 *   never lost, or never won, against the rest).
 */
export function fitBradleyTerry(
  matches: readonly { player1: string; player2: string; wins1: number; wins2: number }[],
  options: { reference?: string } = {},
): { reference: string; players: { name: string; strength: number; se: number }[] } {
  const fn = 'fitBradleyTerry';
  checkMatches(fn, matches);

  const names = [...new Set(matches.flatMap((m) => [m.player1, m.player2]))].sort(compareNames);
  const reference = options.reference ?? names[0];
  const refIndex = names.indexOf(reference);
  if (refIndex < 0) throw invalidInput(fn, 'options.reference', `must be one of the players (got "${reference}")`);
  const index = new Map(names.map((name, i) => [name, i]));
  const games = matches.map((m) => ({
    i: index.get(m.player1) as number,
    j: index.get(m.player2) as number,
    wi: m.wins1,
    wj: m.wins2,
  }));

  const beatEdges: [number, number][] = [];
  for (const g of games) {
    if (g.wi > 0) beatEdges.push([g.i, g.j]);
    if (g.wj > 0) beatEdges.push([g.j, g.i]);
  }
  const components = stronglyConnectedComponents(names.length, beatEdges);
  if (components.length > 1) {
    const listed = components
      .slice(0, 10)
      .map((c) => `{${c.map((p) => names[p]).join(', ')}}`)
      .join(', ');
    throw invalidInput(
      fn,
      'matches',
      `must let every player both beat and lose to the others (win graph strongly connected); otherwise the maximum-likelihood strengths are infinite. ` +
        `These ${components.length} groups are not comparable with each other: ${listed}${components.length > 10 ? ', …' : ''}`,
    );
  }

  const k = names.length;
  // free parameters: every player but the reference, in name order
  const free = names.map((_, i) => i).filter((i) => i !== refIndex);
  const position = new Map(free.map((p, f) => [p, f]));
  const theta = new Array<number>(k).fill(0);

  const logLikelihood = (t: readonly number[]): number =>
    games.reduce((sum, g) => {
      const d = t[g.i] - t[g.j];
      // log σ(d) = −log(1 + e^−d), computed stably
      const logSigma = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
      return sum + (g.wi > 0 ? g.wi * logSigma(d) : 0) + (g.wj > 0 ? g.wj * logSigma(-d) : 0);
    }, 0);

  const information = (t: readonly number[]): { gradient: number[]; info: number[][] } => {
    const gradient = new Array<number>(free.length).fill(0);
    const info = free.map(() => new Array<number>(free.length).fill(0));
    for (const g of games) {
      const n = g.wi + g.wj;
      if (n === 0) continue;
      const p = 1 / (1 + Math.exp(-(t[g.i] - t[g.j])));
      const w = n * p * (1 - p);
      const fi = position.get(g.i);
      const fj = position.get(g.j);
      if (fi !== undefined) {
        gradient[fi] += g.wi - n * p;
        info[fi][fi] += w;
      }
      if (fj !== undefined) {
        gradient[fj] += g.wj - n * (1 - p);
        info[fj][fj] += w;
      }
      if (fi !== undefined && fj !== undefined) {
        info[fi][fj] -= w;
        info[fj][fi] -= w;
      }
    }
    return { gradient, info };
  };

  let current = logLikelihood(theta);
  for (let iteration = 0; iteration < 200 && free.length > 0; iteration++) {
    const { gradient, info } = information(theta);
    const inverse = invertMatrix(info);
    const step = inverse.map((row) => row.reduce((s, v, c) => s + v * gradient[c], 0));
    let factor = 1;
    let next = theta;
    let nextValue = -Infinity;
    for (let halving = 0; halving < 60; halving++) {
      next = theta.slice();
      free.forEach((p, f) => (next[p] += factor * step[f]));
      nextValue = logLikelihood(next);
      if (nextValue >= current - 1e-12 * Math.abs(current)) break;
      factor /= 2;
    }
    free.forEach((p) => (theta[p] = next[p]));
    current = nextValue;
    if (Math.max(...step.map((s) => Math.abs(s * factor))) < 1e-12) break;
  }

  const covariance = free.length > 0 ? invertMatrix(information(theta).info) : [];
  return {
    reference,
    players: names.map((name, p) => {
      const f = position.get(p);
      return { name, strength: theta[p], se: f === undefined ? 0 : Math.sqrt(covariance[f][f]) };
    }),
  };
}
