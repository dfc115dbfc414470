import { ValidationError } from '@hindsight/contracts';
import { driftMeasuredEvent, driftMessage } from './drift-measured-event';

describe('driftMeasuredEvent', () => {
  const reading = {
    eventId: '0193a5b2-7c1e-7000-8000-000000000001',
    tenant: 'acme',
    policyId: 'policy-1',
    objectives: ['helpfulness'],
    since: new Date('2026-09-30T00:00:00Z'),
    value: 0.31,
    threshold: 0.25,
    measuredAt: new Date('2026-12-06T10:00:00Z'),
  };

  it('seals a reading from the scheduler, with the run it fired when it did', () => {
    const event = driftMeasuredEvent({ ...reading, runId: 'run-9' });
    expect(event).toMatchObject({
      type: 'drift.measured',
      id: reading.eventId,
      tenant: 'acme',
      source: 'scheduler',
      subject: { kind: 'policy', id: 'policy-1' },
      recordedAt: '2026-12-06T10:00:00.000Z',
      data: {
        policyId: 'policy-1',
        objectives: ['helpfulness'],
        since: '2026-09-30T00:00:00.000Z',
        value: 0.31,
        threshold: 0.25,
        measure: 'prompt-js-divergence-bits',
        runId: 'run-9',
      },
    });
    expect(driftMeasuredEvent(reading).data).not.toHaveProperty('runId');
    const message = driftMessage(event, 'hs.');
    expect([message.topic, message.key, message.headers['hindsight-type'], JSON.parse(message.value).id]).toEqual([
      'hs.retraining',
      'policy-1',
      'drift.measured',
      reading.eventId,
    ]);
  });

  it('carries what a reading of one objective and surface was measured on', () => {
    const of = {
      objective: 'helpfulness',
      surface: 'chat',
      windowFrom: new Date('2026-11-06T10:00:00Z'),
      lengthDrift: 0.05,
      localeMixDrift: null,
      samples: { trainedOn: 400, deployed: 120 },
    };
    expect(driftMeasuredEvent({ ...reading, of }).data).toMatchObject({
      objective: 'helpfulness',
      surface: 'chat',
      windowFrom: '2026-11-06T10:00:00.000Z',
      lengthDrift: 0.05,
      localeMixDrift: null,
      samples: { trainedOn: 400, deployed: 120 },
    });
    expect(driftMeasuredEvent({ ...reading, of: { ...of, surface: null } }).data).not.toHaveProperty('surface');
    expect(() => driftMeasuredEvent({ ...reading, of: { ...of, lengthDrift: 2 } })).toThrow(ValidationError);
  });

  it('refuses a negative drift', () => {
    expect(() => driftMeasuredEvent({ ...reading, value: -0.1 })).toThrow(ValidationError);
  });
});
