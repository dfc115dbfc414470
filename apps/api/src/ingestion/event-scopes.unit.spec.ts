import { EVENT_TYPES, sendersOf } from '@hindsight/contracts';
import { eventScopeRefusal } from './event-scopes';

describe('eventScopeRefusal', () => {
  it('lets an ingest key send annotation, deployment and training-report events', () => {
    for (const type of [
      'comparison.recorded',
      'annotation.corrected',
      'interaction.logged',
      'outcome.recorded',
      'training.metrics.reported',
      'eval.human.reported',
    ] as const) {
      expect({ type, refusal: eventScopeRefusal(type, ['ingest']) }).toEqual({ type, refusal: undefined });
    }
  });

  it('lets a browser key send feedback only', () => {
    expect(eventScopeRefusal('feedback.recorded', ['feedback'])).toBeUndefined();
    expect(eventScopeRefusal('comparison.recorded', ['feedback'])).toBe('needs scope ingest');
    expect(eventScopeRefusal('feedback.recorded', ['read'])).toBe('needs scope ingest or feedback');
  });

  it('keeps retrain requests and erasures for admin keys', () => {
    expect(eventScopeRefusal('retrain.requested', ['ingest', 'read'])).toBe('needs scope admin');
    expect(eventScopeRefusal('subject.erasure.requested', ['ingest'])).toBe('needs scope admin');
    expect(eventScopeRefusal('subject.erasure.requested', ['admin'])).toBeUndefined();
    expect(eventScopeRefusal('comparison.recorded', ['admin'])).toBe('needs scope ingest');
  });

  it("refuses the trainer's own announcements to every key, admin included", () => {
    for (const type of ['retrain.dataset-built', 'retrain.completed', 'retrain.failed'] as const) {
      expect(eventScopeRefusal(type, ['ingest', 'read', 'admin', 'feedback'])).toBe(
        `${type} is emitted by the trainer only`,
      );
    }
  });

  it("follows each definition's declared senders: exactly the declared scopes may send it", () => {
    for (const type of EVENT_TYPES) {
      const senders = sendersOf(type);
      for (const scope of ['ingest', 'read', 'admin', 'feedback']) {
        const allowed = 'clients' in senders && (senders.clients as readonly string[]).includes(scope);
        expect({ type, scope, allowed: eventScopeRefusal(type, [scope]) === undefined }).toEqual({
          type,
          scope,
          allowed,
        });
      }
    }
  });

  it('refuses the queue records the api writes itself to every key, admin included', () => {
    for (const type of [
      'queue.created',
      'queue.task-enqueued',
      'queue.task-assigned',
      'queue.assignment-completed',
    ] as const) {
      expect(eventScopeRefusal(type, ['ingest', 'read', 'admin'])).toBe(`${type} is emitted by the api only`);
    }
  });

  it('refuses records people create to every key: their own routes write them, and API keys only the CLI', () => {
    expect(eventScopeRefusal('api-key.created', ['ingest', 'read', 'admin', 'feedback'])).toBe(
      'api-key.created is written by hindsight keys create only',
    );
    expect(eventScopeRefusal('api-key.revoked', ['admin'])).toBe(
      'api-key.revoked is written by hindsight keys revoke only',
    );
    expect(eventScopeRefusal('retrain-policy.created', ['admin'])).toBe(
      'retrain-policy.created is written by POST /v1/policies only',
    );
    expect(eventScopeRefusal('run.kl-budget-assigned', ['admin'])).toBe(
      'run.kl-budget-assigned is written by PUT /v1/runs/{id}/budget only',
    );
  });
});
