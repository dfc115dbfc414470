import { simulatePopulation, TIE } from '@hindsight/quality';
import { scoreResponse } from '@hindsight/reward-model';
import { raterGroupOf } from './rater-group-of';
import { trainFamily, type GroupedPair, type TypedPair } from './train-family';

/*
 * A planted truth: two groups of raters that agree on coding, writing and chat
 * and hold opposite preferences on advice and math (the simulator's opposedGroups).
 * Each response text carries a token of its model version and task type, as a real
 * model's outputs carry its style per kind of task, so a linear reward model can
 * learn a preference per task type.
 */
function plantedFamilyData(seed: number): { train: GroupedPair[]; heldOut: TypedPair[] } {
  const population = simulatePopulation({
    raters: 40,
    comparisons: 4000,
    seed,
    overlap: 2,
    positionBiased: 0,
    lengthBiased: 0,
    spammers: 0,
    groupConflict: 0,
    modelStrengths: [0, 1.5, 3, 4.5],
    opposedGroups: { groups: ['north', 'south'], contestedTaskTypes: ['advice', 'math'] },
  });
  const profiles = new Map(population.raters.map((r) => [r.raterId, r]));
  const train: GroupedPair[] = [];
  const heldOut: TypedPair[] = [];
  for (const c of population.comparisons) {
    if (c.choice === TIE) continue;
    const text = (k: 0 | 1) => `${c.responses[k].text} ${c.taskType}${c.responses[k].modelVersion.replace(/\W/g, '')}`;
    const chosen = c.responses[0].id === c.choice ? 0 : 1;
    const pair = { prompt: c.prompt, chosen: text(chosen), rejected: text(chosen === 0 ? 1 : 0) };
    // A quarter of the tasks held out, by task number (no task on both sides).
    if (Number(c.taskId.slice(5)) % 4 === 0) heldOut.push({ pair, taskType: c.taskType });
    else train.push({ pair, group: raterGroupOf(profiles.get(c.raterId), 'group') });
  }
  return { train, heldOut };
}

describe('trainFamily', () => {
  const { train, heldOut } = plantedFamilyData(3);
  // Word features in 2^14 slots, no character trigrams: the planted preference lives in whole words, and a unit test stays fast.
  const training = { seed: 1, l2: 0.001, maxIterations: 60, featureConfig: { dimension: 2 ** 14, charNgramSize: 0 } };
  // One family for every test (training is the slow part): a group too small to train, and weights (1, 0) plus a
  // weight for a group that has no model.
  const family = trainFamily({
    field: 'group',
    minPairs: 50,
    train: [...train, ...train.slice(0, 10).map((t) => ({ ...t, group: 'tiny' }))],
    heldOut,
    blend: { eventId: 'e1', weights: { north: 1, south: 0, tiny: 2 }, reason: 'test', setBy: 'board', setAt: 'T' },
    training,
  });

  it('trains one model per group above the minimum and reports the rest, with the planted disagreement on the contested task types', () => {
    expect(family.groups.map((g) => g.group)).toEqual(['north', 'south']);
    expect(family.notTrained).toEqual([{ group: 'tiny', trainingPairs: 10, reason: 'below-min-pairs' }]);
    const [pair] = family.report.groupPairs;
    const rate = (t: string) => pair.byTaskType.find((x) => x.taskType === t)!.rate!;
    // Contested: the groups' preferences are opposite, so their models should order most pairs differently;
    // elsewhere both learn the same preference and disagree only through noise.
    for (const contested of ['advice', 'math'])
      for (const agreed of ['coding', 'writing', 'chat']) expect(rate(contested)).toBeGreaterThan(3 * rate(agreed));
    expect(Math.min(rate('advice'), rate('math'))).toBeGreaterThan(0.5);
    expect(
      family.report.taskTypes
        .slice(0, 2)
        .map((t) => t.taskType)
        .sort(),
    ).toEqual(['advice', 'math']);
    // The pooled model is trained on both groups: nearer each group than the groups are to each other.
    for (const p of family.report.fromPooled) expect(p.rate!).toBeLessThan(pair.rate!);
  });

  it("publishes a blend with weights (1, 0) that ranks every held-out pair as the first group's model does", () => {
    const north = family.groups.find((g) => g.group === 'north')!.model;
    expect(family.choice).toMatchObject({ kind: 'blend', used: { north: 1 }, withoutModel: ['tiny'] });
    expect(Buffer.from(family.published.weights.buffer)).toEqual(Buffer.from(north.weights.buffer));
    for (const { pair } of heldOut)
      expect(scoreResponse(family.published, pair.prompt, pair.chosen)).toBe(
        scoreResponse(north, pair.prompt, pair.chosen),
      );
  });

  it('publishes the pooled model when no weights are set', () => {
    const pooledOnly = trainFamily({
      field: 'group',
      minPairs: 50,
      train: train.slice(0, 60),
      heldOut,
      blend: null,
      training,
    });
    expect(pooledOnly.choice).toMatchObject({ kind: 'pooled', reason: 'no blend weights set by the as-of time' });
    expect(pooledOnly.published).toBe(pooledOnly.pooled.model);
  });
});
