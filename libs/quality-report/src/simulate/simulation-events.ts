import { createHash } from 'node:crypto';
import { ValidationError } from '@hindsight/contracts';
import { TIE, type ComparisonRecord, type RaterProfile, type SimulationOptions } from '@hindsight/quality';

/** The event inputs the simulator sends (what `HindsightClient.sendBatch` takes for these two types). */
export type SimulatedEvent =
  | { readonly type: 'rater.profiled'; readonly idempotencyKey: string; readonly data: RaterProfiledSimData }
  | {
      readonly type: 'comparison.recorded';
      readonly idempotencyKey: string;
      readonly occurredAt: string;
      readonly data: ComparisonSimData;
    };

interface RaterProfiledSimData {
  readonly raterId: string;
  readonly expertise: { domain: string; level: 'novice' | 'intermediate' | 'expert' }[];
  readonly languages: string[];
  readonly region: string;
  readonly optInGroup?: string;
}

interface ComparisonSimData {
  readonly taskId: string;
  readonly taskType: string;
  readonly prompt: string;
  readonly responses: { id: string; text: string; modelVersion: string }[];
  readonly shownOrder: string[];
  readonly choice: { kind: 'preferred'; responseId: string } | { kind: 'tie' };
  readonly objective: string;
  readonly raterId: string;
  readonly guidelineVersion: string;
  readonly dwellTimeMs: number;
  readonly locale: string;
  readonly interfaceVersion?: string;
}

/** The simulator's world regions as UN M49 area codes (what `rater.profiled` takes). */
export const SIMULATED_REGION_CODES: Readonly<Record<string, string>> = {
  'north-america': '021',
  europe: '150',
  'south-asia': '034',
  'east-asia': '030',
  'latin-america': '419',
  africa: '002',
};

const LEVELS = new Set(['novice', 'intermediate', 'expert']);

/**
 * The idempotency-key prefix of a simulation: a digest of the seed and every
 * option that shapes the population, so the same command yields the same keys
 * (a re-run publishes nothing new) and a different population never reuses them.
 *
 * @example
 * simulationKeyPrefix({ seed: 7, raters: 200, comparisons: 50_000 }); // 'sim-7-3f9c2a1b0d4e'
 */
export function simulationKeyPrefix(options: SimulationOptions): string {
  const canonical = JSON.stringify(
    Object.fromEntries(
      Object.entries(options)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  );
  return `sim-${options.seed ?? 7}-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** A simulated rater as a `rater.profiled` event input (expertise as one 'general' domain, region as its M49 code). */
export function raterEvent(profile: RaterProfile, index: number, keyPrefix: string): SimulatedEvent {
  const level = (LEVELS.has(profile.expertise) ? profile.expertise : 'novice') as 'novice' | 'intermediate' | 'expert';
  return {
    type: 'rater.profiled',
    idempotencyKey: `${keyPrefix}-rater-${index}`,
    data: {
      raterId: profile.raterId,
      expertise: [{ domain: 'general', level }],
      languages: [...profile.languages],
      region: SIMULATED_REGION_CODES[profile.region] ?? '001',
      optInGroup: profile.group,
    },
  };
}

/**
 * A simulated comparison as a `comparison.recorded` event input: the choice as
 * preferred/tie, a locale from the rater's languages, and a dwell time that grows
 * with the text read (deterministic, from the index).
 */
export function comparisonEvent(
  record: ComparisonRecord,
  index: number,
  keyPrefix: string,
  languages: readonly string[] = ['en'],
): SimulatedEvent {
  const chars = record.responses[0].text.length + record.responses[1].text.length;
  return {
    type: 'comparison.recorded',
    idempotencyKey: `${keyPrefix}-cmp-${index}`,
    occurredAt: record.occurredAt,
    data: {
      taskId: record.taskId,
      taskType: record.taskType,
      prompt: record.prompt,
      responses: record.responses.map((r) => ({ id: r.id, text: r.text, modelVersion: r.modelVersion })),
      shownOrder: [...record.shownOrder],
      choice: record.choice === TIE ? { kind: 'tie' } : { kind: 'preferred', responseId: record.choice },
      objective: record.objective,
      raterId: record.raterId,
      guidelineVersion: record.guidelineVersion ?? 'guidelines-1',
      dwellTimeMs: 3000 + 15 * chars + ((index * 7919) % 20_000),
      locale: languages.includes('en') ? 'en' : (languages[0] ?? 'en'),
      ...(record.interfaceVersion ? { interfaceVersion: record.interfaceVersion } : {}),
    },
  };
}

/**
 * The quarter the simulated comparisons happen in: from `start` (default the start
 * of the quarter before `now`'s) for three months, cut at `now` (the api refuses
 * events from the future).
 *
 * @example
 * simulationWindow(undefined, new Date('2026-05-10T00:00:00Z')); // { start: '2026-01-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' }
 * @throws ValidationError on `--start` when it is not an ISO-8601 instant before `now`.
 */
export function simulationWindow(start: string | undefined, now: Date): { start: string; end: string } {
  let from: Date;
  if (start === undefined) {
    const quarter = Math.floor(now.getUTCMonth() / 3);
    from = new Date(Date.UTC(now.getUTCFullYear(), 3 * quarter - 3, 1));
  } else {
    from = new Date(start);
    if (!/^\d{4}-\d{2}-\d{2}/.test(start) || Number.isNaN(from.getTime()))
      throw new ValidationError([{ path: '--start', rule: 'must be an ISO-8601 date or instant such as 2026-01-01' }]);
    if (from.getTime() >= now.getTime())
      throw new ValidationError([
        { path: '--start', rule: 'must be in the past (occurredAt cannot be in the future)' },
      ]);
  }
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + 3);
  const end = Math.min(to.getTime(), now.getTime());
  return { start: from.toISOString(), end: new Date(end).toISOString() };
}
