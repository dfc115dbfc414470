import type { EventToSend } from '@hindsight/client';
import type { FeedbackKind } from '@hindsight/contracts';
import { mulberry32 } from '@hindsight/reward-model';

export interface ProductFeedbackOptions {
  /** Interactions to log; each may get a reaction and an outcome. */
  readonly interactions: number;
  readonly seed: number;
  /** The model version deployed in the product that quarter. */
  readonly modelVersion: string;
  /** occurredAt of every event lies in [start, end). */
  readonly start: Date;
  readonly end: Date;
  /** Idempotency keys are `<keyPrefix>-<kind>-<index>`: sending the same quarter twice records nothing new. */
  readonly keyPrefix: string;
}

export interface ProductFeedback {
  readonly events: EventToSend[];
  readonly interactions: number;
  readonly reactions: Readonly<Partial<Record<FeedbackKind, number>>>;
  readonly outcomes: number;
  readonly successes: number;
}

const TOPICS = [
  'a flaky unit test',
  'a cover letter',
  'a budget for a move',
  'a proof by induction',
  'a weekend in Lisbon',
  'a slow SQL query',
];
const SENTENCES = [
  'Start with the smallest case that still shows the problem.',
  'Write down what a good result would look like before you begin.',
  'Check the assumptions one at a time and note which ones hold.',
  'A short example makes the general rule easier to follow.',
  'Keep the first version simple and improve it once it works.',
  'Ask whoever is affected before you change anything large.',
  'Measure before and after so you know the change helped.',
];

const MINUTE = 60_000;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A seeded quarter of product traffic with its reactions: `interaction.logged`
 * (prompt, response, deployed model version, pseudonymous user), then for some of
 * them `feedback.recorded` (thumbs up or down, copy, regenerate) and
 * `outcome.recorded` (`task-completed`, success or not). Every response has a
 * hidden quality: better responses run a little longer, get more thumbs up and
 * complete more tasks, so the trainer's outcome audit has a signal to find. Pure.
 *
 * @example simulateProductFeedback({ interactions: 3, seed: 1, modelVersion: 'policy-2026.06', start, end, keyPrefix: 'q2' }).events[0].type // 'interaction.logged'
 * @throws RangeError when `interactions` is not a non-negative integer or `end` is not after `start`.
 */
export function simulateProductFeedback(options: ProductFeedbackOptions): ProductFeedback {
  if (!Number.isInteger(options.interactions) || options.interactions < 0)
    throw new RangeError(
      `simulateProductFeedback: interactions must be a non-negative integer (got ${options.interactions})`,
    );
  const span = options.end.getTime() - options.start.getTime();
  if (!(span > 0)) throw new RangeError('simulateProductFeedback: end must be after start');
  const random = mulberry32(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  // Reactions and outcomes follow their interaction by minutes; keep them inside the quarter.
  const at = (base: number, laterMs: number) =>
    new Date(Math.min(base + laterMs, options.end.getTime() - 1)).toISOString();

  const events: EventToSend[] = [];
  const reactions: Partial<Record<FeedbackKind, number>> = {};
  let outcomes = 0;
  let successes = 0;
  for (let i = 0; i < options.interactions; i++) {
    const quality = normal();
    const interactionId = `${options.keyPrefix}-ix-${i}`;
    const when = options.start.getTime() + Math.floor(random() * Math.max(1, span - 30 * MINUTE));
    const sentences = Math.max(1, Math.round(Math.exp(Math.log(4) + 0.4 * normal() + 0.25 * quality)));
    const response = Array.from({ length: sentences }, () => pick(SENTENCES)).join(' ');
    events.push({
      type: 'interaction.logged',
      idempotencyKey: `${options.keyPrefix}-interaction-${i}`,
      occurredAt: new Date(when).toISOString(),
      data: {
        interactionId,
        prompt: `Help me with ${pick(TOPICS)}.`,
        response,
        modelVersion: options.modelVersion,
        userId: `user-${1 + Math.floor(random() * Math.max(1, options.interactions / 4))}`,
      },
    });
    const u = random();
    let kind: FeedbackKind | undefined;
    if (u < 0.55) kind = random() < sigmoid(1.5 * quality) ? 'thumbs-up' : 'thumbs-down';
    else if (u < 0.65) kind = quality > 0 ? 'copy' : 'regenerate';
    if (kind) {
      reactions[kind] = (reactions[kind] ?? 0) + 1;
      events.push({
        type: 'feedback.recorded',
        idempotencyKey: `${options.keyPrefix}-feedback-${i}`,
        occurredAt: at(when, (1 + random() * 9) * MINUTE),
        data: { interactionId, kind },
      });
    }
    if (random() < 0.7) {
      const success = random() < sigmoid(1.2 * quality);
      outcomes++;
      if (success) successes++;
      events.push({
        type: 'outcome.recorded',
        idempotencyKey: `${options.keyPrefix}-outcome-${i}`,
        occurredAt: at(when, (10 + random() * 20) * MINUTE),
        data: { interactionId, outcome: 'task-completed', success },
      });
    }
  }
  return { events, interactions: options.interactions, reactions, outcomes, successes };
}
