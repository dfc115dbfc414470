import { randomBytes } from 'node:crypto';
import type { EventToSend } from '@hindsight/client';
import type { ModelOutcomeAuditedData } from '@hindsight/contracts';
import { mulberry32 } from '@hindsight/reward-model';
import { ModelOutcomeSourceRepository, type TrainerRunRow } from '@hindsight/store';
import { uniqueTenant, waitFor } from '@hindsight/test-support';
import { LocalArtifactStore, ModelRegistryViews, OutcomeAuditor, runEventMessage } from '@hindsight/training';
import { newId, trainerIntFixture } from './testing/trainer-int-fixture';

/*
 * The outcome audit through the platform (api → Kafka → projector → PostgreSQL →
 * trainer). Planted truth: users' outcomes favour short answers (success 0.8
 * for a short one, 0.2 for a long one), while raters first preferred short
 * answers (the parent's data) and then, three times as often, long ones (the
 * child's data). The parent's scores rank the outcomes well and the child's
 * badly, so the child must be flagged against its parent: by the gate
 * (`outcomeNotWorseThanParent`) when its policy asks, else in the registry.
 */
const platform = trainerIntFixture({
  name: 'audit',
  // Every rater here is consistent within a phase; the flagged-rater gate is not what this spec is about.
  env: { TRAINER_GATE_MAX_FLAGGED_SHARE: '1' },
});
const { artifacts, prefix } = platform;
const random = mulberry32(20261206);
const WORDS =
  'the a answer settings account page open click then button select menu option save change your new data file help list item value check'.split(
    ' ',
  );
const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
const shortAnswer = () => `${words(3 + Math.floor(random() * 4))}.`;
const longAnswer = () => `${words(40 + Math.floor(random() * 30))}.`;
const prompt = () => `How do I ${words(4)}?`;

/** `count` comparisons of a short and a long answer, the raters choosing `preferred`. */
function comparisons(count: number, preferred: 'short' | 'long', tag: string): EventToSend[] {
  return Array.from({ length: count }, (_, i) => {
    const responses = [
      { id: 's', text: shortAnswer(), modelVersion: 'assistant@1' },
      { id: 'l', text: longAnswer(), modelVersion: 'assistant@1' },
    ];
    return {
      type: 'comparison.recorded',
      idempotencyKey: `audit-${tag}-${i}`,
      data: {
        taskId: `task-${tag}-${i}`,
        taskType: 'help',
        prompt: prompt(),
        responses,
        shownOrder: random() < 0.5 ? ['s', 'l'] : ['l', 's'],
        choice: { kind: 'preferred', responseId: preferred === 'short' ? 's' : 'l' },
        objective: 'helpfulness',
        raterId: `rater-${i % 20}`,
        guidelineVersion: 'v1',
        dwellTimeMs: 20_000 + Math.floor(random() * 20_000),
        locale: 'en-GB',
      },
    } as EventToSend;
  });
}

/** Interactions of `objective` with outcomes: short answers succeed 80 % of the time, long ones 20 %. */
function interactionsWithOutcomes(count: number, objective: string): EventToSend[] {
  const events: EventToSend[] = [];
  for (let i = 0; i < count; i++) {
    const interactionId = `int-${objective}-${i}-${randomBytes(3).toString('hex')}`;
    const short = i % 2 === 0;
    events.push({
      type: 'interaction.logged',
      idempotencyKey: interactionId,
      data: {
        interactionId,
        prompt: prompt(),
        response: short ? shortAnswer() : longAnswer(),
        modelVersion: 'assistant@1',
        objective,
        surface: i % 4 < 2 ? 'chat' : 'search',
      },
    } as EventToSend);
    events.push({
      type: 'outcome.recorded',
      idempotencyKey: `outcome-${interactionId}`,
      data: { interactionId, outcome: 'resolved', success: random() < (short ? 0.8 : 0.2) },
    } as EventToSend);
  }
  return events;
}

async function retrain(tenant: string, asOf: Date, policy?: { id: string }): Promise<TrainerRunRow> {
  const runId = newId();
  await platform.requestRetrain({
    runId,
    tenant,
    source: 'outcome-audit-test',
    recordedAt: new Date(),
    trigger: policy
      ? { kind: 'policy', policyId: policy.id, reason: 'cadence' }
      : { kind: 'manual', requestedBy: 'outcome-audit-test' },
    asOf,
    objectives: ['helpfulness'],
    recipe: policy ? { id: 'audited', version: 1 } : { id: 'default', version: 1 },
    ...(policy ? { period: asOf.toISOString() } : {}),
    idempotencyKey: `retrain:audit:${runId}`,
  });
  return platform.finished(tenant, runId);
}

describe('the outcome audit', () => {
  it('flags a model that prefers long answers while outcomes favour short ones, against its parent', async () => {
    const tenant = uniqueTenant('audit');
    // 400 helpfulness interactions with outcomes, and 60 of another objective that the audit must leave out.
    await platform.sendAndProject(
      tenant,
      [...interactionsWithOutcomes(400, 'helpfulness'), ...interactionsWithOutcomes(60, 'honesty')],
      'outcome.recorded',
      460,
    );
    await platform.sendAndProject(tenant, comparisons(300, 'short', 'p1'), 'comparison.recorded', 300);
    const parentAsOf = new Date();
    await platform.sendAndProject(tenant, comparisons(900, 'long', 'p2'), 'comparison.recorded', 1200);
    const childAsOf = new Date();

    // A policy whose recipe turns the gate on: its first model has no parent and is registered.
    const policy = await platform.policies.insert({
      id: newId(),
      tenant,
      name: 'audited',
      cadence: 'quarterly',
      timezone: 'UTC',
      objectives: ['helpfulness'],
      recipe: { id: 'audited', version: 1, inline: { gates: { outcomeNotWorseThanParent: true } } },
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: null,
      status: 'active',
      createdAt: new Date(),
      pausedAt: null,
      activeSince: new Date(),
    });
    const first = await retrain(tenant, parentAsOf, policy!);
    expect(first.failure).toBeNull();
    const [parent] = await platform.models.listByRun(tenant, first.runId);
    expect(parent.parentVersion).toBeNull();

    // The policy's next model (trained mostly on long-answer preferences) is refused by the gate, with the audit.
    const refused = await retrain(tenant, childAsOf, policy!);
    expect(refused.state).toBe('failed');
    expect(refused.failure).toMatchObject({ stage: 'evaluation', reasons: [{ code: 'outcome-worse-than-parent' }] });
    expect(refused.failure!.reasons[0].message).toContain(`than its parent ${parent.modelVersion}`);
    expect(refused.gateReport).toMatchObject({
      outcomeGates: { passed: false, parentVersion: parent.modelVersion, overall: { worseThanParent: true } },
    });
    expect(await platform.models.listByRun(tenant, refused.runId)).toEqual([]);

    // A manual run (no gate) registers the same kind of model: flagged in the registry against the parent.
    const manual = await retrain(tenant, childAsOf);
    expect(manual.state).toBe('completed');
    const [child] = await platform.models.listByRun(tenant, manual.runId);
    expect(child.parentVersion).toBe(parent.modelVersion);
    const views = new ModelRegistryViews(platform.models);
    const shown = await views.show(tenant, child.modelVersion);
    const audit = shown.outcomeAudit!;
    expect(audit).toMatchObject({ trigger: 'registration', method: 'delong-1988', flagged: true });
    expect(audit.overall.interactions).toBe(400);
    expect(audit.overall.auc!).toBeLessThan(0.5);
    expect(audit.overall.parentAuc!).toBeGreaterThan(0.5);
    expect(audit.overall.differenceCi![1]).toBeLessThan(0);
    expect(audit.bySurface.map((s) => [s.surface, s.interactions, s.worseThanParent])).toEqual([
      ['chat', 200, true],
      ['search', 200, true],
    ]);
    const parentShown = await views.show(tenant, parent.modelVersion);
    expect(parentShown.outcomeAudit).toMatchObject({ flagged: false, parentVersion: null });
    expect(parentShown.outcomeAudit!.overall.auc!).toBeGreaterThan(0.6);
    expect(
      (await views.list(tenant)).models.find((m) => m.modelVersion === child.modelVersion)?.outcomeAudit?.flagged,
    ).toBe(true);
    const compared = await views.compare(tenant, parent.modelVersion, child.modelVersion);
    expect(compared.objectives[0].outcomes.bFlagged).toBe(true);
    // The same through the api.
    const { key } = await platform.api.issueKey({ tenant, scopes: ['read'] });
    const get = async (path: string) =>
      (await fetch(`${platform.api.url}${path}`, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<
        Record<string, unknown>
      >;
    expect(await get(`/v1/models/${child.modelVersion}`)).toMatchObject({
      parentVersion: parent.modelVersion,
      outcomeAudit: { flagged: true, overall: { worseThanParent: true } },
    });
    expect(await get(`/v1/models/compare?a=${parent.modelVersion}&b=${child.modelVersion}`)).toMatchObject({
      objectives: [{ outcomes: { bFlagged: true, a: { flagged: false }, b: { flagged: true } } }],
    });

    // On demand: the same audit, published and projected from Kafka as the latest of the model.
    const onDemand = await new OutcomeAuditor(
      platform.models,
      new ModelOutcomeSourceRepository(platform.projector.context.dataSource),
      new LocalArtifactStore(artifacts),
    ).audit(tenant, child.modelVersion, {
      asOf: childAsOf,
      recordedAt: new Date(),
      random: randomBytes(10),
      source: 'outcome-audit-test',
    });
    const data = onDemand.data as ModelOutcomeAuditedData;
    expect(data.overall.auc).toBeCloseTo(audit.overall.auc!, 12);
    await platform.publisher.publish([runEventMessage(JSON.stringify(onDemand), prefix)]);
    const latest = await waitFor(
      () => views.show(tenant, child.modelVersion),
      (m) => m.outcomeAudit?.trigger === 'on-demand',
      60_000,
      'the on-demand audit projected',
    );
    expect(latest.outcomeAudit).toMatchObject({ auditId: data.auditId, flagged: true });

    // On demand through the api (admin): bad input is a 400 naming the field, an unknown model a 404.
    const admin = (await platform.api.issueKey({ tenant, scopes: ['admin'] })).key;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${platform.api.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await post(`/v1/models/${child.modelVersion}/outcome-audit`, { asOf: 'yesterday' })).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'asOf' }] },
    });
    expect((await post('/v1/models/nothing-here/outcome-audit', {})).status).toBe(404);
    const viaApi = await post(`/v1/models/${child.modelVersion}/outcome-audit`, { asOf: childAsOf.toISOString() });
    expect(viaApi).toMatchObject({ status: 201, body: { trigger: 'on-demand', flagged: true } });
    await waitFor(
      () => views.show(tenant, child.modelVersion),
      (m) => m.outcomeAudit?.auditId === viaApi.body.auditId,
      60_000,
      "the api's audit projected",
    );
  }, 900_000);
});
