import type { PlantedBehaviour, RaterReport } from '@hindsight/quality';
import { formatTable } from '@hindsight/quality-report';

export interface PlantedVersusFoundRow {
  readonly planted: PlantedBehaviour;
  readonly raters: number;
  /** Raters the report flags with the behaviour that was planted in them. */
  readonly found: number;
  /** Raters the report flags with something else only (for `none`: any flag at all, i.e. false alarms). */
  readonly flaggedOtherwise: number;
}

/** The report's flag for each planted behaviour. */
const FLAG_OF: Readonly<Record<Exclude<PlantedBehaviour, 'none'>, string>> = {
  'position-bias': 'position-bias',
  'length-bias': 'length-bias',
  spammer: 'spammer',
  'group-conflict': 'group-conflict',
};
const ORDER: readonly PlantedBehaviour[] = ['position-bias', 'length-bias', 'spammer', 'group-conflict', 'none'];

/**
 * What the simulator planted against what the quality report found, per planted
 * behaviour. `insufficient-data` is not a finding and is ignored. Pure.
 *
 * @example plantedVersusFound({ 'rater-1': 'spammer' }, [{ rater: 'rater-1', flags: ['spammer'] }])
 * // [{ planted: 'spammer', raters: 1, found: 1, flaggedOtherwise: 0 }]
 * @throws never.
 */
export function plantedVersusFound(
  planted: Readonly<Record<string, PlantedBehaviour>>,
  raters: readonly Pick<RaterReport, 'rater' | 'flags'>[],
): PlantedVersusFoundRow[] {
  const flagsOf = new Map(raters.map((r) => [r.rater, r.flags.filter((f) => f !== 'insufficient-data') as string[]]));
  const rows = new Map<PlantedBehaviour, { raters: number; found: number; flaggedOtherwise: number }>();
  for (const [rater, behaviour] of Object.entries(planted)) {
    const row = rows.get(behaviour) ?? { raters: 0, found: 0, flaggedOtherwise: 0 };
    const flags = flagsOf.get(rater) ?? [];
    row.raters++;
    if (behaviour !== 'none' && flags.includes(FLAG_OF[behaviour])) row.found++;
    else if (flags.length > 0) row.flaggedOtherwise++;
    rows.set(behaviour, row);
  }
  return ORDER.filter((b) => rows.has(b)).map((b) => ({ planted: b, ...rows.get(b)! }));
}

/** The rows as a table for the terminal. */
export function renderPlantedVersusFound(rows: readonly PlantedVersusFoundRow[]): string {
  return formatTable(
    ['planted', 'raters', 'found by the report', 'flagged otherwise'],
    rows.map((r) => [
      r.planted,
      r.raters,
      r.planted === 'none' ? '–' : `${r.found} of ${r.raters}`,
      r.flaggedOtherwise,
    ]),
  );
}
