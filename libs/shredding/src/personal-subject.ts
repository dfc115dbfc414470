/** The subject whose key encrypts an event's data on Kafka: the person (or interaction) erasure is about. */
export interface SubjectKeyRef {
  readonly kind: 'rater' | 'interaction';
  readonly id: string;
}

/**
 * Which events carry personal content and under whose key. A rater's judgments
 * and profile are theirs; a deployed interaction (prompt, response, feedback,
 * outcome) belongs to the interaction, and a user's erasure destroys the keys of
 * their interactions. Other events (retraining, governance, amendments) carry
 * no personal content and stay in the clear.
 */
export function personalSubjectOf(type: string, data: unknown): SubjectKeyRef | undefined {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'comparison.recorded':
    case 'rating.recorded':
    case 'rater.profiled':
      return typeof d.raterId === 'string' ? { kind: 'rater', id: d.raterId } : undefined;
    case 'interaction.logged':
    case 'feedback.recorded':
    case 'outcome.recorded':
      return typeof d.interactionId === 'string' ? { kind: 'interaction', id: d.interactionId } : undefined;
    default:
      return undefined;
  }
}
