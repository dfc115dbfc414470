import { randomUUID } from 'node:crypto';
import type { ComparisonRecord } from '@hindsight/quality';
import { simulatePopulation } from '@hindsight/quality';
import { DEFAULT_GATE_THRESHOLDS, InMemoryArtifactStore, readRetrainRecipe } from '@hindsight/training';
import type { DatasetBuilder, QualityInputSource, RetrainOutcomes } from '../retrain-ports';

export interface PointInTimeSourcesUnderTest {
  readonly datasets: DatasetBuilder;
  readonly quality: QualityInputSource;
  readonly outcomes: RetrainOutcomes;
  /** Records a tenant's judgments, as recorded at `recordedAt`. */
  record(tenant: string, recordedAt: Date, comparisons: readonly ComparisonRecord[]): Promise<void>;
}

/**
 * What the retrain use case needs of its point-in-time ports (DatasetBuilder,
 * QualityInputSource, RetrainOutcomes), one spec per implementation calls this:
 * the in-memory fake (in-memory-sources.unit.spec.ts) and PostgreSQL
 * (stored-sources.int.spec.ts). What a dataset contains is the datasets lib's to
 * test; here: what was recorded after T is never seen, by the gates nor by the
 * dataset, and a build lands whole in the store.
 */
export function pointInTimeSourcesContract(
  open: () => Promise<PointInTimeSourcesUnderTest>,
  dispose: () => Promise<void>,
): void {
  let subject: PointInTimeSourcesUnderTest;
  const tenant = () => `contract-${randomUUID().slice(0, 8)}`;
  const population = simulatePopulation({
    raters: 6,
    comparisons: 60,
    overlap: 2,
    seed: 5,
    spammers: 0,
    positionBiased: 0,
    lengthBiased: 0,
    groupConflict: 0,
    modelStrengths: [0, 2, 4, 6],
    start: '2025-12-01T00:00:00.000Z',
    end: '2026-01-05T00:00:00.000Z',
  });
  const before = new Date('2026-01-10T00:00:00.000Z');
  const asOf = new Date('2026-01-15T00:00:00.000Z');
  const after = new Date('2026-01-20T00:00:00.000Z');
  const spec = (t: string, objective: string) => ({
    tenant: t,
    asOf: asOf.toISOString(),
    recipe: readRetrainRecipe({}, DEFAULT_GATE_THRESHOLDS).datasetRecipeFor(objective),
    codeVersion: 'contract',
  });

  beforeAll(async () => {
    subject = await open();
  }, 60_000);

  afterAll(() => dispose());

  it('sees nothing of a tenant that recorded nothing, and builds it an empty dataset', async () => {
    const t = tenant();
    expect((await subject.quality.load(t, asOf.toISOString())).comparisons).toEqual([]);
    expect(await subject.outcomes.interactionOutcomes(t, asOf, 10)).toEqual([]);
    const store = new InMemoryArtifactStore();
    const manifest = await subject.datasets.build(store, `runs/r/dataset/helpfulness`, spec(t, 'helpfulness'));
    expect(manifest.counts.pairs).toBe(0);
    expect(manifest.tenant).toBe(t);
  });

  it('stores a build whole: every file its manifest names, and the manifest itself; the same bytes when built again', async () => {
    const t = tenant();
    await subject.record(t, before, population.comparisons);
    const store = new InMemoryArtifactStore();
    const objective = population.comparisons[0].objective;
    const manifest = await subject.datasets.build(store, 'runs/r/dataset/x', spec(t, objective));
    expect(manifest.counts.pairs).toBeGreaterThan(0);
    expect(Object.values(manifest.counts.bySplit).reduce((a, b) => a + b, 0)).toBe(manifest.counts.pairs);
    const stored = await store.list('runs/r/dataset/x');
    expect(stored).toEqual(
      expect.arrayContaining([
        ...manifest.files.map((f) => `runs/r/dataset/x/${f.name}`),
        'runs/r/dataset/x/manifest.json',
      ]),
    );
    expect(JSON.parse(Buffer.from(await store.get('runs/r/dataset/x/manifest.json')).toString('utf8'))).toMatchObject({
      sha256: manifest.sha256,
      counts: { pairs: manifest.counts.pairs },
    });
    const again = await subject.datasets.build(store, 'runs/r/dataset/y', spec(t, objective));
    expect(again.sha256).toBe(manifest.sha256);
  });

  it('never sees what was recorded after T: not in the gates input, not in the dataset', async () => {
    const t = tenant();
    const objective = population.comparisons[0].objective;
    const [early, late] = [population.comparisons.slice(0, 30), population.comparisons.slice(30)];
    await subject.record(t, before, early);
    const store = new InMemoryArtifactStore();
    const onlyEarly = await subject.datasets.build(store, 'early', spec(t, objective));
    const earlyInput = await subject.quality.load(t, asOf.toISOString());
    await subject.record(t, after, late);

    const input = await subject.quality.load(t, asOf.toISOString());
    expect(input.comparisons.map((c) => c.taskId).sort()).toEqual(early.map((c) => c.taskId).sort());
    expect(input.comparisons.map((c) => c.taskId)).toEqual(earlyInput.comparisons.map((c) => c.taskId));
    const dataset = await subject.datasets.build(store, 'later', spec(t, objective));
    expect(dataset.sha256).toBe(onlyEarly.sha256);
    // And once T is after them, they are seen.
    expect((await subject.quality.load(t, after.toISOString())).comparisons).toHaveLength(
      population.comparisons.length,
    );
  });
}
