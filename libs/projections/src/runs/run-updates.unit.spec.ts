import { planProjection } from '../plan-projection';
import { exampleRecordedAt, sealedExampleEvent } from '../testing/sealed-example-event';
import { runUpdateOf, type RunStatusEvent } from './run-updates';

const sealed = (type: RunStatusEvent['type']): RunStatusEvent =>
  sealedExampleEvent(type, '0190a000-0000-7000-8000-0000000000d1');

describe('runUpdateOf', () => {
  it("keeps the request's data on the retrain.requested, with no details", () => {
    const requested = sealed('retrain.requested');
    expect(runUpdateOf(requested)).toEqual({
      tenant: 'acme',
      recordedAt: exampleRecordedAt,
      runId: 'run-2026-q1-quarterly',
      status: 'requested',
      requested: requested.data,
      details: {},
    });
  });

  it.each([
    ['retrain.dataset-built', 'dataset-built', 'datasetBuilt'],
    ['retrain.completed', 'completed', 'completed'],
    ['retrain.failed', 'failed', 'failed'],
  ] as const)('%s moves the run to %s, its data under details.%s', (type, status, key) => {
    const event = sealed(type);
    expect(runUpdateOf(event)).toEqual({
      tenant: 'acme',
      recordedAt: exampleRecordedAt,
      runId: 'run-2026-q1-quarterly',
      status,
      requested: null,
      details: { [key]: event.data },
    });
  });

  it('is what planProjection writes for every run status event, in the order consumed', () => {
    const events = (['retrain.requested', 'retrain.dataset-built', 'retrain.failed'] as const).map(sealed);
    expect(planProjection(events).runUpdates.map((row) => row.status)).toEqual([
      'requested',
      'dataset-built',
      'failed',
    ]);
  });
});
