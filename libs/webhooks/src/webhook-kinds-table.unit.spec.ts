import { TOPICS, WEBHOOK_EVENT_KINDS } from '@hindsight/contracts';
import { kindsFor, WEBHOOK_KIND_SOURCES, webhookSourceTopics, type SourceMessage } from './webhook-kinds-table';

const ports = {
  gateReport: async () => ({ passed: false }),
  monitorReport: async () => ({ flags: ['reward-hacking', 'kl-over-budget'] }),
};
const message = (type: string, data: Record<string, unknown>): SourceMessage => ({
  topic: TOPICS.retraining,
  tenant: 'acme',
  type,
  id: 'evt-1',
  recordedAt: '2026-12-01T00:00:00.000Z',
  data,
});

describe('the webhook kinds table', () => {
  it('has a source for every kind, and the dispatcher reads their topics', () => {
    expect(Object.keys(WEBHOOK_KIND_SOURCES).sort()).toEqual([...WEBHOOK_EVENT_KINDS].sort());
    expect(webhookSourceTopics().sort()).toEqual([TOPICS.deadLetter, TOPICS.deployment, TOPICS.retraining].sort());
    expect(kindsFor(TOPICS.retraining, 'drift.measured')).toEqual(['drift.threshold-exceeded']);
    expect(kindsFor(TOPICS.retraining, 'model.registered')).toEqual([]);
  });

  it('announces drift at or above the threshold, or when it fired a retrain, and nothing below', async () => {
    const drift = WEBHOOK_KIND_SOURCES['drift.threshold-exceeded'];
    expect(await drift.announce(message('drift.measured', { value: 0.25, threshold: 0.25 }), ports)).toHaveLength(1);
    expect(await drift.announce(message('drift.measured', { value: 0.24, threshold: 0.25 }), ports)).toEqual([]);
    expect(await drift.announce(message('drift.measured', { value: 0.9, threshold: null }), ports)).toEqual([]);
    expect(
      await drift.announce(message('drift.measured', { value: 0.1, threshold: 0.25, runId: 'run-1' }), ports),
    ).toHaveLength(1);
  });

  it('adds the gate report to a failure, and announces each monitor flag once per run', async () => {
    const [failed] = await WEBHOOK_KIND_SOURCES['retrain.failed'].announce(
      message('retrain.failed', { runId: 'run-1', stage: 'quality-gate' }),
      ports,
    );
    expect(failed).toEqual({
      sourceId: 'evt-1',
      data: { runId: 'run-1', stage: 'quality-gate', gateReport: { passed: false } },
    });
    const flags = await WEBHOOK_KIND_SOURCES['reward-hacking.flagged'].announce(
      message('training.metrics.reported', { runId: 'run-1', step: 5 }),
      ports,
    );
    expect(flags.map((f) => f.sourceId)).toEqual(['monitor:run-1:reward-hacking', 'monitor:run-1:kl-over-budget']);
  });

  it('announces only the routing decisions of rules whose action is a webhook', async () => {
    const routed = WEBHOOK_KIND_SOURCES['routing.interaction-routed'];
    const decision = (action: string) => ({
      ...message('routing.interaction-routed', { action }),
      topic: TOPICS.deployment,
    });
    expect(await routed.announce(decision('webhook'), ports)).toEqual([
      { sourceId: 'evt-1', data: { action: 'webhook' } },
    ]);
    expect(await routed.announce(decision('annotation-task'), ports)).toEqual([]);
    expect(await routed.announce(decision('review'), ports)).toEqual([]);
  });
});
