import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { simulatePopulation } from '@hindsight/quality';
import { comparisonEvent, raterEvent, simulationWindow } from '@hindsight/quality-report';
import { deserializeRewardModel, scoreResponse } from '@hindsight/reward-model';
import type { DisagreementReport } from '@hindsight/training';
import { uniqueTenant, waitFor } from '@hindsight/test-support';
import { newId, trainerIntFixture } from './testing/trainer-int-fixture';

/*
 * Per-group reward models through the whole platform: a simulated tenant whose
 * raters form two groups with opposite preferences on two contested task types
 * (the simulator's opposedGroups) goes through the api, Kafka and the projector;
 * governance sets blend weights (1, 0) through the api; two per-group retrains
 * with the same as-of time run through the real trainer.
 */
const platform = trainerIntFixture({
  name: 'groups',
  // Fewer L-BFGS steps than the default 100: three models per run, two runs, on a shared machine.
  env: { TRAINER_MAX_ITERATIONS: '60' },
});
const { artifacts } = platform;
const CONTESTED = ['advice', 'math'];
const AGREED = ['chat', 'coding', 'writing'];

/**
 * The planted tenant: 40 raters split by a fair coin into north and south, who agree on coding, writing and
 * chat and hold opposite preferences on advice and math. Every judgment is about helpfulness. Each response
 * text carries a token of its model version and task type, as a model's outputs carry its style per kind of
 * task, so a linear reward model can hold a preference per task type.
 */
function plantedTenant(): EventToSend[] {
  const population = simulatePopulation({
    ...simulationWindow(undefined, new Date()),
    raters: 40,
    comparisons: 4000,
    seed: 3,
    overlap: 2,
    positionBiased: 0,
    lengthBiased: 0,
    spammers: 0,
    groupConflict: 0,
    modelStrengths: [0, 1.5, 3, 4.5],
    opposedGroups: { groups: ['north', 'south'], contestedTaskTypes: CONTESTED },
  });
  const keyPrefix = `groups-test-${randomBytes(4).toString('hex')}`;
  const raters = population.raters.map((r, i) => raterEvent(r, i, keyPrefix) as EventToSend);
  const comparisons = population.comparisons.map((record, i) => {
    const event = comparisonEvent(record, i, keyPrefix);
    if (event.type !== 'comparison.recorded') throw new Error('unexpected simulated event');
    const data = {
      ...event.data,
      objective: 'helpfulness',
      responses: event.data.responses.map((r) => ({
        ...r,
        text: `${r.text} ${record.taskType}${r.modelVersion.replace(/\W/g, '')}`,
      })),
    };
    return { ...event, data } as EventToSend;
  });
  return [...raters, ...comparisons];
}

const requestPerGroupRetrain = (tenant: string, policyId: string, asOf: Date): Promise<string> =>
  platform.requestRetrain({
    tenant,
    source: 'trainer-groups-test',
    recordedAt: new Date(),
    trigger: { kind: 'manual', requestedBy: 'trainer-groups-test', policyId },
    asOf,
    objectives: ['helpfulness'],
    recipe: { id: 'groups', version: 1 },
    perGroup: { field: 'group', minPairs: 100 },
  });

describe('per-group reward models on a tenant with group conflict', () => {
  const tenant = uniqueTenant('groups');
  const runIds: string[] = [];
  let admin: string;

  beforeAll(async () => {
    const events = plantedTenant();
    ({ key: admin } = await platform.api.issueKey({ tenant, scopes: ['ingest', 'admin', 'read'] }));
    const client = new HindsightClient({ baseUrl: platform.api.url, apiKey: admin, batchSize: 500 });
    expect((await client.sendBatch(events)).rejected).toBe(0);
    const comparisons = events.filter((e) => e.type === 'comparison.recorded').length;
    await waitFor(
      async () => [
        await platform.countEvents(tenant, 'comparison.recorded'),
        await platform.countEvents(tenant, 'rater.profiled'),
      ],
      ([c, r]) => c === comparisons && r === 40,
      120_000,
      'comparisons and rater profiles projected',
    );
    // Governance: the published helpfulness model is north's alone.
    const set = await fetch(`${platform.api.url}/v1/blend-weights`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        objective: 'helpfulness',
        field: 'group',
        weights: { north: 1, south: 0 },
        reason: 'the pilot serves the northern market only',
        setBy: 'review-board',
      }),
    });
    expect(set.status).toBe(200);
    await waitFor(
      () => platform.countEvents(tenant, 'blend.weights-assigned'),
      (n) => n === 1,
      30_000,
      'the weights in the event store',
    );
    const policy = await platform.policies.insert({
      id: newId(),
      tenant,
      name: 'groups-policy',
      cadence: 'quarterly',
      timezone: 'UTC',
      objectives: ['helpfulness'],
      // A third of the tasks held out; the contested task types pull the pooled agreement down, so no kappa gate.
      recipe: {
        id: 'groups',
        version: 1,
        inline: { split: { validation: 0, test: 0.3 }, gates: { minPairs: 100, minAgreement: -1 } },
      },
      catchUp: 'latest-only',
      minNewComparisons: null,
      driftThreshold: null,
      status: 'paused',
      createdAt: new Date(),
      pausedAt: new Date(),
      activeSince: new Date(),
    });
    // The same run twice: the same as-of time, after the weights.
    const asOf = new Date();
    for (let k = 0; k < 2; k++) runIds.push(await requestPerGroupRetrain(tenant, policy!.id, asOf));
    for (const runId of runIds) await platform.finished(tenant, runId, 900_000);
  }, 1_200_000);

  const familyDir = (runId: string) => join(artifacts, 'runs', tenant, runId, 'family', 'helpfulness');

  it('registers one family per objective: the pooled model, one model per group, the blend it published and the weights used', async () => {
    const [entry] = await platform.models.listByRun(tenant, runIds[0]);
    expect(entry).toMatchObject({ objective: 'helpfulness', modelVersion: `helpfulness-${runIds[0]}` });
    const family = entry.family as Record<string, unknown>;
    expect(family).toMatchObject({
      field: 'group',
      minPairs: 100,
      publishedAs: 'blend',
      blend: { weights: { north: 1 }, setWeights: { north: 1, south: 0 }, setBy: 'review-board', withoutModel: [] },
      notTrained: [],
    });
    expect((family.groups as { group: string }[]).map((g) => g.group)).toEqual(['north', 'south']);
    // The manifest says which weights made the published model.
    expect(entry.manifest.blend).toEqual(family.blend);
    // The registry entry travels whole in model.registered, so a replay rebuilds the family.
    const registered = (await platform.retrainingEvents()).find(
      (e) => e.type === 'model.registered' && e.tenant === tenant && e.data.runId === runIds[0],
    );
    expect(registered?.data.family).toEqual(family);
  });

  it('finds the groups disagreeing on the contested task types far more than elsewhere, with the pooled model between them', async () => {
    const response = await fetch(`${platform.api.url}/v1/retrain-runs/${runIds[0]}/disagreement`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { objectives: { family: { disagreement: DisagreementReport } }[] };
    const report = body.objectives[0].family.disagreement;
    const [pair] = report.groupPairs;
    expect(pair.groups).toEqual(['north', 'south']);
    const rate = (t: string) => pair.byTaskType.find((x) => x.taskType === t)!;
    const summary = Object.fromEntries(pair.byTaskType.map((t) => [t.taskType, [t.rate, t.pairs]]));
    process.stdout.write(
      `north vs south by task type: ${JSON.stringify(summary)}; from pooled: ${JSON.stringify(report.fromPooled)}\n`,
    );
    // Threshold: on each contested type the two models order most held-out pairs differently (rate > 0.5, and the
    // Wilson interval's lower bound above 0.4), at least twice as often as on any type both groups agree on, with
    // the two Wilson intervals apart. Measured: advice 0.85 and math 0.91 against 0.24–0.35 elsewhere (the agreed
    // types' disagreement is the noise of models trained on about 1,000 pairs each).
    for (const contested of CONTESTED) {
      expect(rate(contested).rate!).toBeGreaterThan(0.5);
      expect(rate(contested).ci![0]).toBeGreaterThan(0.4);
      for (const agreed of AGREED) {
        expect(rate(contested).rate!).toBeGreaterThan(2 * rate(agreed).rate!);
        expect(rate(contested).ci![0]).toBeGreaterThan(rate(agreed).ci![1]);
      }
    }
    expect(
      report.taskTypes
        .slice(0, 2)
        .map((t) => t.taskType)
        .sort(),
    ).toEqual(CONTESTED);
    expect(report.prompts.length).toBeGreaterThan(0);
    // The pooled model, trained on both groups, sits between them: each group's model disagrees with it less
    // often than with the other group's model, on the contested types as overall.
    for (const fromPooled of report.fromPooled) {
      expect(fromPooled.rate!).toBeLessThan(pair.rate!);
      expect(fromPooled.weightDistance).toBeGreaterThan(0);
    }
  });

  it("publishes, with weights (1, 0), a model that ranks every held-out pair as north's model does", () => {
    const dir = familyDir(runIds[0]);
    const published = readFileSync(join(artifacts, 'models', tenant, `helpfulness-${runIds[0]}.json`));
    const north = readFileSync(join(dir, 'group-north.json'));
    expect(published.equals(north)).toBe(true);
    const a = deserializeRewardModel(published);
    const b = deserializeRewardModel(north);
    const test = readFileSync(
      join(artifacts, 'runs', tenant, runIds[0], 'dataset', 'helpfulness', 'test.jsonl'),
      'utf8',
    )
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
    expect(test.length).toBeGreaterThan(300);
    const rank = (m: typeof a, p: (typeof test)[number]) =>
      Math.sign(scoreResponse(m, p.prompt, p.chosen) - scoreResponse(m, p.prompt, p.rejected));
    expect(test.map((p) => rank(a, p))).toEqual(test.map((p) => rank(b, p)));
  });

  it('gives byte-identical family artifacts, disagreement report and blend when the same run is made twice', () => {
    const [first, second] = runIds.map(familyDir);
    const files = readdirSync(first).sort();
    expect(files).toEqual(['disagreement.json', 'family.json', 'group-north.json', 'group-south.json', 'pooled.json']);
    expect(readdirSync(second).sort()).toEqual(files);
    for (const file of files.filter((f) => f !== 'family.json'))
      expect(readFileSync(join(second, file)).equals(readFileSync(join(first, file)))).toBe(true);
    // family.json names its run (URIs, model version); with the run id swapped it is the same bytes.
    expect(readFileSync(join(second, 'family.json'), 'utf8').replaceAll(runIds[1], runIds[0])).toBe(
      readFileSync(join(first, 'family.json'), 'utf8'),
    );
    const model = (runId: string) => readFileSync(join(artifacts, 'models', tenant, `helpfulness-${runId}.json`));
    expect(model(runIds[1]).equals(model(runIds[0]))).toBe(true);
  });
});
