import {
  DEFAULT_TOPIC_PREFIX,
  EVENT_TYPES,
  TOPICS,
  ValidationError,
  eventRegistry,
  topicName,
  topicSpecs,
} from '../index';

describe('topics', () => {
  it('names topics from a prefix and a base', () => {
    expect(DEFAULT_TOPIC_PREFIX).toBe('hindsight.');
    expect(topicName(DEFAULT_TOPIC_PREFIX, TOPICS.annotations)).toBe('hindsight.annotations');
    expect(topicName(DEFAULT_TOPIC_PREFIX, TOPICS.deployment)).toBe('hindsight.deployment');
    expect(topicName(DEFAULT_TOPIC_PREFIX, TOPICS.retraining)).toBe('hindsight.retraining');
    expect(topicName(DEFAULT_TOPIC_PREFIX, TOPICS.governance)).toBe('hindsight.governance');
    expect(topicName(DEFAULT_TOPIC_PREFIX, TOPICS.deadLetter)).toBe('hindsight.dead-letter');
    expect(topicName('it-7f3a.hindsight.', TOPICS.annotations)).toBe('it-7f3a.hindsight.annotations');
  });

  it('rejects a prefix that makes an illegal Kafka topic name', () => {
    expect(() => topicName('hind sight/', TOPICS.annotations)).toThrow(ValidationError);
    expect(() => topicName('x'.repeat(240), TOPICS.annotations)).toThrow(ValidationError);
  });

  it('specifies every topic once: event topics keep everything, subject keys are compacted, the dead-letter topic 90 days', () => {
    expect(topicSpecs.map((s) => s.base).sort()).toEqual(Object.values(TOPICS).sort());
    for (const spec of topicSpecs) {
      expect(spec.partitions).toBeGreaterThan(0);
      expect(spec.config['cleanup.policy']).toBe(spec.kind === 'keys' ? 'compact' : 'delete');
      expect(spec.config['retention.ms']).toBe(spec.kind === 'dead-letter' ? String(90 * 86_400_000) : '-1');
    }
    expect(topicSpecs.filter((s) => s.kind === 'dead-letter').map((s) => s.base)).toEqual(['dead-letter']);
    expect(topicSpecs.filter((s) => s.kind === 'keys').map((s) => s.base)).toEqual(['subject-keys']);
  });

  it('routes each family to its topic, and every event topic receives some type', () => {
    const byTopic: Record<string, string[]> = {};
    for (const type of EVENT_TYPES) (byTopic[eventRegistry[type].topic] ??= []).push(type);
    expect(byTopic).toEqual({
      annotations: [
        'comparison.recorded',
        'rating.recorded',
        'annotation.retracted',
        'annotation.corrected',
        'rater.profiled',
      ],
      deployment: ['interaction.logged', 'feedback.recorded', 'outcome.recorded', 'routing.interaction-routed'],
      retraining: [
        'retrain.requested',
        'retrain.dataset-built',
        'retrain.completed',
        'retrain.failed',
        'training.metrics.reported',
        'eval.human.reported',
        'retrain.run-advanced',
        'model.registered',
        'model.outcome-audited',
        'drift.measured',
      ],
      governance: ['subject.erasure.requested'],
      queues: [
        'queue.created',
        'queue.task-enqueued',
        'queue.task-assigned',
        'queue.assignment-completed',
        'queue.assignment-expired',
      ],
      configuration: [
        'retrain-policy.created',
        'retrain-policy.paused',
        'retrain-policy.resumed',
        'retrain-policy.deleted',
        'api-key.created',
        'api-key.revoked',
        'run.kl-budget-assigned',
        'session.ended',
        'redaction-policy.configured',
        'webhook.subscribed',
        'webhook.unsubscribed',
        'blend.weights-assigned',
        'routing-rule.created',
        'routing-rule.changed',
        'routing-rule.paused',
      ],
      webhooks: ['webhook.delivery-attempted'],
    });
  });
});
