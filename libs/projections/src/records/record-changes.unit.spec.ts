import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type RecordEvent,
  type RetrainRequested,
} from '@hindsight/contracts';
import { planProjection } from '../plan-projection';
import { recordChangeOf, retrainRequestChangeOf } from './record-changes';

const sealed = <T>(input: unknown, n: number, tenant = 'acme'): T =>
  sealEvent(validateEventInput(input), {
    id: formatUuidV7(Date.UTC(2026, 2, 1), Buffer.alloc(10, n)),
    recordedAt: '2026-03-01T10:00:00.000Z',
    tenant,
    source: 'api',
  }) as T;

describe('record changes', () => {
  it("turns each configuration event into its change, with the record's own times", () => {
    const created = sealed<RecordEvent>(exampleEventInputs['retrain-policy.created'], 1);
    expect(recordChangeOf(created)).toEqual({
      kind: 'policy-created',
      tenant: 'acme',
      policyId: '0190a000-0000-7000-8000-0000000000a1',
      name: 'quarterly-helpfulness',
      cadence: 'quarterly',
      timezone: 'Europe/Berlin',
      objectives: ['helpfulness', 'harmlessness'],
      recipe: { id: 'default', version: 3, inline: { gates: { minPairs: 200 } } },
      catchUp: 'latest-only',
      minNewComparisons: 5000,
      driftThreshold: null,
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(recordChangeOf(sealed(exampleEventInputs['retrain-policy.resumed'], 2))).toEqual({
      kind: 'policy-resumed',
      tenant: 'acme',
      policyId: '0190a000-0000-7000-8000-0000000000a1',
      revision: 3,
      at: '2026-04-15T08:00:00.000Z',
    });
    expect(recordChangeOf(sealed(exampleEventInputs['api-key.revoked'], 3))).toEqual({
      kind: 'api-key-revoked',
      tenant: 'acme',
      keyId: '5b0e6f0a-2b1c-4d3e-9f80-1a2b3c4d5e6f',
      revokedAt: '2026-05-01T09:00:00.000Z',
    });
    expect(recordChangeOf(sealed(exampleEventInputs['run.kl-budget-assigned'], 4))).toEqual({
      kind: 'run-budget-set',
      tenant: 'acme',
      runId: 'run-ppo-17',
      klBudget: 6,
      setAt: '2026-03-02T12:00:00.000Z',
    });
  });

  it("makes the scheduler's outbox row of a retrain.requested: a clock fire has its fire time, a manual request no period", () => {
    const policyFire = sealed<RetrainRequested>(exampleEventInputs['retrain.requested'], 5);
    expect(retrainRequestChangeOf(policyFire)).toEqual({
      kind: 'retrain-requested',
      tenant: 'acme',
      runId: 'run-2026-q1-quarterly',
      eventId: policyFire.id,
      policyId: 'quarterly',
      reason: 'cadence',
      period: '2026-Q1',
      fireAt: '2026-03-31T23:59:59.999Z',
      asOf: '2026-03-31T23:59:59.999Z',
      eventJson: JSON.stringify(policyFire),
      recordedAt: '2026-03-01T10:00:00.000Z',
    });
    const base = exampleEventInputs['retrain.requested'];
    const manual = sealed<RetrainRequested>(
      { ...base, data: { ...base.data, trigger: { kind: 'manual', requestedBy: 'ops', policyId: 'quarterly' } } },
      6,
    );
    expect(retrainRequestChangeOf(manual)).toMatchObject({
      reason: 'manual',
      policyId: 'quarterly',
      period: null,
      fireAt: null,
    });
    const drift = sealed<RetrainRequested>(
      {
        ...base,
        data: { ...base.data, trigger: { kind: 'policy', policyId: 'quarterly', reason: 'drift' }, period: 'drift:1' },
      },
      7,
    );
    expect(retrainRequestChangeOf(drift)).toMatchObject({ reason: 'drift', period: 'drift:1', fireAt: null });
  });

  it('keeps the consumed order in the change set, requests among them', () => {
    const events = [
      sealed<RecordEvent>(exampleEventInputs['retrain-policy.created'], 8),
      sealed<RetrainRequested>(exampleEventInputs['retrain.requested'], 9),
      sealed<RecordEvent>(exampleEventInputs['retrain-policy.paused'], 10),
    ];
    expect(planProjection(events).records.map((r) => r.kind)).toEqual([
      'policy-created',
      'retrain-requested',
      'policy-paused',
    ]);
  });
});
