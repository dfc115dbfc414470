import { parseEvent, uuidV7Millis } from '@hindsight/contracts';
import { runEvent, runEventId, runEventMessage } from './run-events';

const requestEventId = '0190a000-0000-7000-8000-00000000000a';

describe('run events', () => {
  it('have an id fixed by (tenant, run, stage), timed like the request', () => {
    const run = { tenant: 'acme', runId: 'run-1' };
    const id = runEventId(run, 'completed', requestEventId);
    expect(runEventId(run, 'completed', requestEventId)).toBe(id);
    expect(runEventId(run, 'failed', requestEventId)).not.toBe(id);
    expect(runEventId({ tenant: 'acme', runId: 'run-2' }, 'completed', requestEventId)).not.toBe(id);
    expect(runEventId({ tenant: 'globex', runId: 'run-1' }, 'completed', requestEventId)).not.toBe(id);
    expect(uuidV7Millis(id)).toBe(uuidV7Millis(requestEventId));
  });

  it('tell apart the states a run moves to and the objectives of its models', () => {
    const at = new Date('2026-07-01T00:00:00Z');
    const advanced = (state: 'gated' | 'trained') =>
      runEvent('advanced', {
        runId: 'run-1',
        requestEventId,
        tenant: 'acme',
        recordedAt: at,
        data: {
          runId: 'run-1',
          state,
          policyId: null,
          recipe: null,
          gates: null,
          datasets: null,
          gateReport: null,
          failure: null,
        },
      });
    expect(advanced('gated').idempotencyKey).toBe('retrain:run-1:advanced:gated');
    expect(advanced('gated').id).not.toBe(advanced('trained').id);
    expect(advanced('gated').id).toBe(runEventId({ tenant: 'acme', runId: 'run-1' }, 'advanced:gated', requestEventId));
  });

  it('are valid sealed events with a stable idempotency key, keyed by run on the retraining topic', () => {
    const event = runEvent('failed', {
      runId: 'run-1',
      requestEventId,
      tenant: 'acme',
      recordedAt: new Date('2026-07-01T00:00:00Z'),
      data: {
        runId: 'run-1',
        stage: 'quality-gate',
        reasons: [{ code: 'too-few-examples', message: 'objective x: 3 pairs' }],
      },
    });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(event).toMatchObject({
      id: runEventId({ tenant: 'acme', runId: 'run-1' }, 'failed', requestEventId),
      idempotencyKey: 'retrain:run-1:failed',
      source: 'trainer',
      subject: { kind: 'run', id: 'run-1' },
    });
    expect(runEventMessage(JSON.stringify(event), 'hindsight.')).toMatchObject({
      topic: 'hindsight.retraining',
      key: 'run-1',
      headers: { 'hindsight-type': 'retrain.failed' },
    });
    expect(() =>
      runEvent('completed', {
        runId: 'run-1',
        requestEventId,
        tenant: 'acme',
        recordedAt: new Date(0),
        data: { runId: 'run-1', models: [] },
      }),
    ).toThrow('data.models');
  });
});
