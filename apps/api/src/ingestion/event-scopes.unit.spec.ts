import { eventScopeRefusal } from './event-scopes';

describe('eventScopeRefusal', () => {
  it('lets an ingest key send annotation, deployment and training-report events', () => {
    for (const type of ['comparison.recorded', 'interaction.logged', 'outcome.recorded', 'training.metrics.reported', 'eval.human.reported'] as const) {
      expect({ type, refusal: eventScopeRefusal(type, ['ingest']) }).toEqual({ type, refusal: undefined });
    }
  });

  it('lets a browser key send feedback only', () => {
    expect(eventScopeRefusal('feedback.recorded', ['feedback'])).toBeUndefined();
    expect(eventScopeRefusal('comparison.recorded', ['feedback'])).toBe('needs scope ingest');
  });

  it('keeps retrain requests and erasures for admin keys', () => {
    expect(eventScopeRefusal('retrain.requested', ['ingest', 'read'])).toBe('needs scope admin');
    expect(eventScopeRefusal('subject.erasure.requested', ['ingest'])).toBe('needs scope admin');
    expect(eventScopeRefusal('subject.erasure.requested', ['admin'])).toBeUndefined();
  });

  it('refuses the trainer\'s own announcements to every key, admin included', () => {
    for (const type of ['retrain.dataset-built', 'retrain.completed', 'retrain.failed'] as const) {
      expect(eventScopeRefusal(type, ['ingest', 'read', 'admin'])).toBe(`${type} is emitted by the trainer only`);
    }
  });

  it('refuses records people create to every key: their own routes write them, and API keys only the CLI', () => {
    expect(eventScopeRefusal('api-key.created', ['ingest', 'read', 'admin', 'feedback'])).toBe('api-key.created is written by hindsight keys create only');
    expect(eventScopeRefusal('api-key.revoked', ['admin'])).toBe('api-key.revoked is written by hindsight keys revoke only');
    expect(eventScopeRefusal('retrain-policy.created', ['admin'])).toBe('retrain-policy.created is written by POST /v1/policies only');
    expect(eventScopeRefusal('run.kl-budget-assigned', ['admin'])).toBe('run.kl-budget-assigned is written by PUT /v1/runs/{id}/budget only');
  });
});
