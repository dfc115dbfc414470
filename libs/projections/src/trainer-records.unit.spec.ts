import {
  exampleEventInputs,
  sealEvent,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import { planProjection } from './plan-projection';
import { planTrainerRecords } from './trainer-records';

const sealed = (type: EventType, tenant = 'acme', recordedAt = '2026-04-01T00:00:00.000Z') =>
  sealEvent(validateEventInput(exampleEventInputs[type]), {
    id: '0190a000-0000-7000-8000-00000000000a',
    recordedAt,
    tenant,
    source: 'trainer',
  }) as HindsightEvent;

describe('planTrainerRecords', () => {
  it('starts a run from its request, with the request event and its record time', () => {
    const request = sealed('retrain.requested');
    expect(planTrainerRecords([request]).runsRequested).toEqual([
      {
        tenant: 'acme',
        runId: 'run-2026-q1-quarterly',
        requestEventId: request.id,
        request,
        recordedAt: '2026-04-01T00:00:00.000Z',
      },
    ]);
  });

  it("takes a run's whole record from retrain.run-advanced and a registry entry from model.registered, everything from the event", () => {
    const changes = planTrainerRecords([
      sealed('retrain.run-advanced', 'acme', '2026-04-02T00:00:00.000Z'),
      sealed('model.registered', 'acme', '2026-04-03T00:00:00.000Z'),
    ]);
    const advanced = exampleEventInputs['retrain.run-advanced'].data;
    expect(changes.runsAdvanced).toEqual([
      {
        tenant: 'acme',
        runId: advanced.runId,
        state: 'gated',
        policyId: advanced.policyId,
        recipe: advanced.recipe,
        gates: advanced.gates,
        datasets: advanced.datasets,
        gateReport: advanced.gateReport,
        failure: null,
        recordedAt: '2026-04-02T00:00:00.000Z',
      },
    ]);
    const {
      runId,
      objective,
      modelVersion,
      parentVersion,
      policyId,
      asOf,
      datasetSha256,
      datasetUri,
      artifactUri,
      codeVersion,
    } = exampleEventInputs['model.registered'].data;
    expect(changes.models).toEqual([
      expect.objectContaining({
        tenant: 'acme',
        runId,
        objective,
        modelVersion,
        parentVersion,
        policyId,
        asOf,
        datasetSha256,
        datasetUri,
        artifactUri,
        codeVersion,
        recordedAt: '2026-04-03T00:00:00.000Z',
      }),
    ]);
  });

  it('is what the projector plans for the same events, and nothing for the rest of the topic', () => {
    const events = [
      sealed('retrain.requested'),
      sealed('retrain.completed'),
      sealed('retrain.run-advanced'),
      sealed('model.registered'),
      sealed('model.outcome-audited'),
      sealed('training.metrics.reported'),
    ];
    expect(planProjection(events).trainerRecords).toEqual(planTrainerRecords(events));
    const [audit] = planTrainerRecords(events).outcomeAudits;
    expect(audit).toMatchObject({
      auditId: 'audit-helpfulness-run-2026-q1-quarterly',
      modelVersion: 'helpfulness-run-2026-q1-quarterly',
      flagged: true,
      overall: { auc: 0.41, parentAuc: 0.58, worseThanParent: true },
    });
    expect(planTrainerRecords([sealed('retrain.completed'), sealed('comparison.recorded')])).toEqual({
      runsRequested: [],
      runsAdvanced: [],
      models: [],
      outcomeAudits: [],
    });
  });
});
