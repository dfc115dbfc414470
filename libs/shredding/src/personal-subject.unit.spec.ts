import { EVENT_TYPES, exampleEventInputs, personalSubjectDeclarationOf } from '@hindsight/contracts';
import { personalSubjectOf } from './personal-subject';

describe('personalSubjectOf', () => {
  it('seals each example under the subject its definition declares, and nothing else', () => {
    const sealed = Object.fromEntries(
      EVENT_TYPES.map((type) => [type, personalSubjectOf(type, exampleEventInputs[type].data) ?? null]),
    );
    expect(sealed).toEqual({
      'comparison.recorded': { kind: 'rater', id: 'rater-7' },
      'rating.recorded': { kind: 'rater', id: 'rater-7' },
      'annotation.retracted': { kind: 'rater', id: 'rater-7' },
      'annotation.corrected': { kind: 'rater', id: 'rater-7' },
      'rater.profiled': { kind: 'rater', id: 'rater-7' },
      'interaction.logged': { kind: 'interaction', id: exampleEventInputs['interaction.logged'].data.interactionId },
      'feedback.recorded': { kind: 'interaction', id: exampleEventInputs['feedback.recorded'].data.interactionId },
      'outcome.recorded': { kind: 'interaction', id: exampleEventInputs['outcome.recorded'].data.interactionId },
      'retrain.requested': null,
      'retrain.dataset-built': null,
      'retrain.completed': null,
      'retrain.failed': null,
      'training.metrics.reported': null,
      'webhook.subscribed': null,
      'webhook.unsubscribed': null,
      'webhook.delivery-attempted': null,
      'eval.human.reported': null,
      'subject.erasure.requested': null,
      'retrain.run-advanced': null,
      'model.registered': null,
      'model.outcome-audited': null,
      'routing-rule.created': null,
      'routing-rule.changed': null,
      'routing-rule.paused': null,
      'routing.interaction-routed': null,
      'drift.measured': null,
      'queue.created': null,
      'queue.task-enqueued': null,
      'queue.task-assigned': null,
      'queue.assignment-completed': null,
      'queue.assignment-expired': null,
      'retrain-policy.created': null,
      'retrain-policy.paused': null,
      'retrain-policy.resumed': null,
      'retrain-policy.deleted': null,
      'api-key.created': null,
      'api-key.revoked': null,
      'session.ended': null,
      'redaction-policy.configured': null,
      'run.kl-budget-assigned': null,
      'blend.weights-assigned': null,
    });
    for (const type of EVENT_TYPES)
      expect({ type, sealed: sealed[type] !== null }).toEqual({
        type,
        sealed: personalSubjectDeclarationOf(type) !== null,
      });
  });

  it('leaves in the clear an amendment recorded before it named its rater, unknown types and malformed data', () => {
    expect(personalSubjectOf('annotation.corrected', { annotationId: 'a', taskId: 't' })).toBeUndefined();
    expect(personalSubjectOf('no.such.type', { raterId: 'r1' })).toBeUndefined();
    expect(personalSubjectOf('comparison.recorded', null)).toBeUndefined();
    expect(personalSubjectOf('comparison.recorded', { raterId: 7 })).toBeUndefined();
  });
});
