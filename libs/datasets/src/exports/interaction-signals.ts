import { outcomeKtoLabel } from './kto-label';

/** A signal about a logged interaction, recorded by the as-of time, in recorded order. */
export type SourceSignal =
  | {
      readonly eventId: string;
      readonly type: 'feedback.recorded';
      readonly occurredAt: string;
      readonly data: { readonly kind: string; readonly correctedResponse?: string; readonly userId?: string };
    }
  | {
      readonly eventId: string;
      readonly type: 'outcome.recorded';
      readonly occurredAt: string;
      readonly data: { readonly outcome: string; readonly success?: boolean; readonly value?: number };
    };

/** A logged interaction as of T with its feedback and outcomes (none of them erased). */
export interface SourceInteraction {
  readonly interactionId: string;
  readonly prompt: string;
  readonly response: string;
  readonly userId?: string;
  readonly signals: readonly SourceSignal[];
}

export interface InteractionKtoRow {
  readonly source: 'thumbs' | 'outcome';
  readonly prompt: string;
  readonly completion: string;
  readonly label: boolean;
  readonly userId?: string;
}

export interface CorrectionPair {
  /** `correction:<feedback event id>`: the first correction that gave this corrected text. */
  readonly id: string;
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
  readonly userId?: string;
}

export interface InteractionSignalContext {
  readonly window: { readonly from?: string; readonly to?: string };
  readonly outcomeValueThresholds: Readonly<Record<string, number>>;
}

/**
 * What one interaction gives the exports. Thumbs: the latest thumbs-up or
 * thumbs-down recorded by T (a user who changed their mind counts once) becomes
 * a KTO row labelled true or false. Outcomes: the latest of each outcome, in
 * outcome-name order, labelled by `outcomeKtoLabel`. Corrections: each distinct
 * corrected text becomes exactly one pair, the corrected response chosen over
 * the logged one (a correction equal to the response says nothing and is
 * skipped). Signals whose `occurredAt` is outside the recipe window are ignored.
 * Pure and deterministic.
 */
export function buildInteractionSignals(
  interaction: SourceInteraction,
  context: InteractionSignalContext,
): { kto: InteractionKtoRow[]; corrections: CorrectionPair[] } {
  const { from, to } = context.window;
  const inWindow = (s: SourceSignal) => !((from && s.occurredAt < from) || (to && s.occurredAt >= to));
  const base = {
    prompt: interaction.prompt,
    ...(interaction.userId !== undefined ? { userId: interaction.userId } : {}),
  };
  let thumbs: boolean | undefined;
  const outcomes = new Map<string, { outcome: string; success?: boolean; value?: number }>();
  const corrections: CorrectionPair[] = [];
  const corrected = new Set<string>();
  for (const signal of interaction.signals) {
    if (!inWindow(signal)) continue;
    if (signal.type === 'outcome.recorded') {
      outcomes.set(signal.data.outcome, signal.data);
      continue;
    }
    const { kind, correctedResponse } = signal.data;
    if (kind === 'thumbs-up' || kind === 'thumbs-down') thumbs = kind === 'thumbs-up';
    else if (
      kind === 'correction' &&
      correctedResponse !== undefined &&
      correctedResponse !== interaction.response &&
      !corrected.has(correctedResponse)
    ) {
      corrected.add(correctedResponse);
      corrections.push({
        id: `correction:${signal.eventId}`,
        ...base,
        chosen: correctedResponse,
        rejected: interaction.response,
      });
    }
  }
  const kto: InteractionKtoRow[] = [];
  if (thumbs !== undefined) kto.push({ source: 'thumbs', ...base, completion: interaction.response, label: thumbs });
  for (const name of [...outcomes.keys()].sort()) {
    const label = outcomeKtoLabel(outcomes.get(name)!, context.outcomeValueThresholds);
    if (label !== null) kto.push({ source: 'outcome', ...base, completion: interaction.response, label });
  }
  return { kto, corrections };
}
