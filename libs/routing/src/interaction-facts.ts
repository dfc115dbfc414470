import type { RoutingFilter } from '@hindsight/contracts';

/** What a routing filter can see of one logged interaction, as projected when the router looks. */
export interface InteractionFacts {
  readonly interactionId: string;
  readonly modelVersion: string;
  readonly surface: string | null;
  readonly locale: string | null;
  readonly objective: string | null;
  readonly promptChars: number;
  /** Kinds of the feedback recorded for it so far. */
  readonly feedbackKinds: readonly string[];
  /** Outcomes recorded for it so far. */
  readonly outcomes: readonly { readonly outcome: string; readonly success: boolean | null }[];
  /** Its `recordedAt` (ISO-8601): which version of a rule applies. */
  readonly recordedAt: string;
}

/** True when every field the filter names matches (a list: any of its values). Pure. */
export function matchesRoutingFilter(filter: RoutingFilter, facts: InteractionFacts): boolean {
  const oneOf = (allowed: readonly string[] | undefined, value: string | null) =>
    allowed === undefined || (value !== null && allowed.includes(value));
  if (!oneOf(filter.surfaces, facts.surface)) return false;
  if (!oneOf(filter.modelVersions, facts.modelVersion)) return false;
  if (!oneOf(filter.locales, facts.locale)) return false;
  if (!oneOf(filter.objectives, facts.objective)) return false;
  if (filter.feedbackKinds && !facts.feedbackKinds.some((k) => filter.feedbackKinds!.includes(k as never)))
    return false;
  if (
    filter.outcomes &&
    !facts.outcomes.some((o) =>
      filter.outcomes!.some((f) => f.outcome === o.outcome && (f.success === undefined || f.success === o.success)),
    )
  )
    return false;
  const { min, max } = filter.promptLength ?? {};
  if (min !== undefined && facts.promptChars < min) return false;
  if (max !== undefined && facts.promptChars > max) return false;
  return true;
}

/** Upper bounds (exclusive) of the prompt-length buckets, in characters; the last bucket is open. */
export const PROMPT_LENGTH_BUCKETS = [100, 500, 2000] as const;

/** The prompt-length bucket of a prompt: `0-99`, `100-499`, `500-1999` or `2000+`. */
export function promptLengthBucket(chars: number): string {
  let lower = 0;
  for (const upper of PROMPT_LENGTH_BUCKETS) {
    if (chars < upper) return `${lower}-${upper - 1}`;
    lower = upper;
  }
  return `${lower}+`;
}

/** The stratification cell `objective|surface|locale|length bucket`, `-` for a value the interaction does not name. */
export function routingCellOf(
  facts: Pick<InteractionFacts, 'objective' | 'surface' | 'locale' | 'promptChars'>,
): string {
  return [
    facts.objective ?? '-',
    facts.surface ?? '-',
    facts.locale ?? '-',
    promptLengthBucket(facts.promptChars),
  ].join('|');
}
