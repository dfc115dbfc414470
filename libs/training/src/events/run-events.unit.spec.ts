import { parseEvent, uuidV7Millis } from '@hindsight/contracts';
import { runEvent, runEventId, runEventMessage } from './run-events';

const requestEventId = '0190a000-0000-7000-8000-00000000000a';

describe('run events', () => {
  it('have an id fixed by (run, stage), timed like the request', () => {
    const id = runEventId('run-1', 'completed', requestEventId);
    expect(runEventId('run-1', 'completed', requestEventId)).toBe(id);
    expect(runEventId('run-1', 'failed', requestEventId)).not.toBe(id);
    expect(runEventId('run-2', 'completed', requestEventId)).not.toBe(id);
    expect(uuidV7Millis(id)).toBe(uuidV7Millis(requestEventId));
  });

  it('are valid sealed events with a stable idempotency key, keyed by run on the retraining topic', () => {
    const event = runEvent('failed', {
      runId: 'run-1',
      requestEventId,
      tenant: 'acme',
      recordedAt: new Date('2026-07-01T00:00:00Z'),
      data: { runId: 'run-1', stage: 'quality-gate', reasons: [{ code: 'too-few-examples', message: 'objective x: 3 pairs' }] },
    });
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(event).toMatchObject({ id: runEventId('run-1', 'failed', requestEventId), idempotencyKey: 'retrain:run-1:failed', source: 'trainer', subject: { kind: 'run', id: 'run-1' } });
    expect(runEventMessage(JSON.stringify(event), 'hindsight.')).toMatchObject({ topic: 'hindsight.retraining', key: 'run-1', headers: { 'hindsight-type': 'retrain.failed' } });
    expect(() => runEvent('completed', { runId: 'run-1', requestEventId, tenant: 'acme', recordedAt: new Date(0), data: { runId: 'run-1', models: [] } })).toThrow('data.models');
  });
});
