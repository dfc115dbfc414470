import { fitBradleyTerry } from '../leaderboard/fit-bradley-terry';
import { CHOSE_FIRST, CHOSE_TIE, type ComparisonIndex } from './comparison-index';

export interface ModelStrength {
  readonly name: string;
  /** Bradley–Terry log-strength relative to the reference model (0) */
  readonly strength: number;
  readonly se: number;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
}

/**
 * Bradley–Terry strengths of the model versions from their head-to-head win counts
 * (a tie counts half a win each way), leaving out the comparisons `exclude` marks
 * (spammers, low-confidence) and pairs of responses from the same version. Sorted
 * strongest first. Returns an empty list, with the reason, when the fit does not
 * exist (fewer than two versions, or one never lost or never won).
 *
 * @example
 * fitModelStrengths(index, excluded).models[0]; // { name: 'policy-2025.12', strength: 0.74, se: 0.02, … }
 * @throws never; a failed fit is reported in `reason`.
 */
export function fitModelStrengths(index: ComparisonIndex, exclude?: Uint8Array): { models: ModelStrength[]; reason: string | null } {
  const m = index.models.length;
  const wins = new Float64Array(m * m);
  const record = new Float64Array(m * 3);
  for (let i = 0; i < index.size; i++) {
    if (exclude && exclude[i]) continue;
    const f = index.firstModel[i];
    const s = index.secondModel[i];
    if (f === s) continue;
    const c = index.choice[i];
    if (c === CHOSE_TIE) {
      wins[f * m + s] += 0.5;
      wins[s * m + f] += 0.5;
      record[3 * f + 2]++;
      record[3 * s + 2]++;
    } else {
      const [w, l] = c === CHOSE_FIRST ? [f, s] : [s, f];
      wins[w * m + l]++;
      record[3 * w]++;
      record[3 * l + 1]++;
    }
  }
  const matches: { player1: string; player2: string; wins1: number; wins2: number }[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      if (wins[a * m + b] + wins[b * m + a] > 0) matches.push({ player1: index.models[a], player2: index.models[b], wins1: wins[a * m + b], wins2: wins[b * m + a] });
    }
  }
  if (matches.length === 0) return { models: [], reason: 'no comparisons between different model versions' };
  let fit: ReturnType<typeof fitBradleyTerry>;
  try {
    fit = fitBradleyTerry(matches);
  } catch (error) {
    return { models: [], reason: error instanceof Error ? error.message : String(error) };
  }
  const code = new Map(index.models.map((name, k) => [name, k]));
  return {
    models: fit.players
      .map((p) => {
        const k = code.get(p.name) as number;
        return { name: p.name, strength: p.strength, se: p.se, wins: record[3 * k], losses: record[3 * k + 1], ties: record[3 * k + 2] };
      })
      .sort((x, y) => y.strength - x.strength || (x.name < y.name ? -1 : 1)),
    reason: null,
  };
}
