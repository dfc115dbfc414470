import { fitBradleyTerryGroups } from '../leaderboard/fit-bradley-terry-groups';
import { CHOSE_FIRST, CHOSE_TIE, type ComparisonIndex } from './comparison-index';

export interface ModelStrength {
  readonly name: string;
  /** the model group (1-based) whose scale `strength` is on: strengths compare only within a group */
  readonly group: number;
  /** Bradley–Terry log-strength relative to the group's reference model (0); null alone in its group */
  readonly strength: number | null;
  readonly se: number | null;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
}

/**
 * Model versions whose strengths are on one scale. Versions in different groups
 * are not comparable: every comparison between two groups, if any, went one way.
 */
export interface ModelGroup {
  /** 1-based, the `group` of its models */
  readonly group: number;
  /** code-unit order */
  readonly models: string[];
  /** the version fixed at strength 0; null for a group of one version, which has no strength */
  readonly reference: string | null;
  /** groups whose versions lost every comparison they had with this group's */
  readonly beat: number[];
  /** groups whose versions won every comparison they had with this group's */
  readonly lostTo: number[];
}

/**
 * Bradley–Terry strengths of the model versions from their head-to-head win counts
 * (a tie counts half a win each way), leaving out the comparisons `exclude` marks
 * (spammers, low-confidence) and pairs of responses from the same version.
 * The fit exists only where every version both beat and lost to the others,
 * directly or through others; so it is made for each such group on its own
 * (one comparison between two versions that met nothing else no longer fails the
 * whole leaderboard), and `reason` says which groups are not comparable.
 * Sorted by group, strongest first within a group.
 *
 * @example
 * fitModelStrengths(index, excluded).models[0]; // { name: 'policy-2025.12', group: 1, strength: 0, se: 0, … }
 * @throws never; when nothing can be fitted, `models` is empty and `reason` says why.
 */
export function fitModelStrengths(
  index: ComparisonIndex,
  exclude?: Uint8Array,
): { models: ModelStrength[]; groups: ModelGroup[]; reason: string | null } {
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
      if (wins[a * m + b] + wins[b * m + a] > 0)
        matches.push({
          player1: index.models[a],
          player2: index.models[b],
          wins1: wins[a * m + b],
          wins2: wins[b * m + a],
        });
    }
  }
  if (matches.length === 0)
    return { models: [], groups: [], reason: 'no comparisons between different model versions' };
  const fitted = fitBradleyTerryGroups(matches);
  const code = new Map(index.models.map((name, k) => [name, k]));
  const models: ModelStrength[] = fitted.flatMap((g, k) => {
    const strengths = new Map(g.strengths.map((p) => [p.name, p]));
    return g.players
      .map((name) => {
        const c = code.get(name) as number;
        const p = strengths.get(name);
        return {
          name,
          group: k + 1,
          strength: p?.strength ?? null,
          se: p?.se ?? null,
          wins: record[3 * c],
          losses: record[3 * c + 1],
          ties: record[3 * c + 2],
        };
      })
      .sort((x, y) => (y.strength ?? 0) - (x.strength ?? 0) || (x.name < y.name ? -1 : 1));
  });
  const groups: ModelGroup[] = fitted.map((g, k) => ({
    group: k + 1,
    models: g.players,
    reference: g.reference,
    beat: g.beat.map((b) => b + 1),
    lostTo: g.lostTo.map((l) => l + 1),
  }));
  return { models, groups, reason: groups.length > 1 ? notComparable(groups) : null };
}

/** One line for the JSON's `modelsNote`; the text report lists the groups in full. */
function notComparable(groups: readonly ModelGroup[]): string {
  const alone = groups.filter((g) => g.reference === null).length;
  return (
    `the model versions fall into ${groups.length} groups that are not comparable with each other (strengths compare only within a group: ` +
    `between two groups every comparison, if any, went one way, so the win graph is not strongly connected)` +
    (alone > 0
      ? `; ${alone} ${alone === 1 ? 'version is' : 'versions are'} alone in a group and ${alone === 1 ? 'has' : 'have'} no strength`
      : '') +
    '; see modelGroups'
  );
}
