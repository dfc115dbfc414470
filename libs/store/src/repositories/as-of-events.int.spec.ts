import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  exampleEventInputs,
  formatUuidV7,
  sealEvent,
  validateEventInput,
  type EventType,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createDataSource } from '../data-source';
import { DatasetSourceRepository, type AsOfComparisonRow, type AsOfRatingRow } from './dataset-source.repository';
import { ProjectionStore } from './projection-store';
import { QualitySourceRepository, type QualityComparisonRow } from './quality-source.repository';
import { planProjection } from '@hindsight/projections';

/*
 * Every point-in-time reader — the dataset build (comparisons, ratings, rater
 * groups) and the quality report — reads "what was known at T" through
 * as-of-events.ts, so they must see the same records at T: an event recorded
 * after T is unknown even if it occurred before T (a late arrival), amendments
 * count when recorded by T, and an erasure recorded after T still removes what it
 * erases.
 */
describe('what was known at T, as every reader sees it', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource(config.database);
  const store = new ProjectionStore(dataSource, { plan: planProjection });
  const datasets = new DatasetSourceRepository(dataSource);
  const quality = new QualitySourceRepository(dataSource);
  const tenant = `asof-${randomUUID().slice(0, 8)}`;
  const base = Date.now() - 20 * 60_000;
  const asOf = new Date(base + 10 * 60_000).toISOString();
  let offset = 0;

  const event = (
    type: EventType,
    minute: number,
    data: Record<string, unknown>,
    occurredAt?: string,
  ): HindsightEvent => {
    const example = structuredClone(exampleEventInputs[type]) as unknown as { data: Record<string, unknown> };
    const input = validateEventInput({
      ...example,
      ...(occurredAt ? { occurredAt } : {}),
      idempotencyKey: `k-${randomUUID()}`,
      data: { ...example.data, ...data },
    });
    const recordedAt = base + minute * 60_000;
    return sealEvent(input, {
      id: formatUuidV7(recordedAt, randomBytes(10)),
      recordedAt: new Date(recordedAt).toISOString(),
      tenant,
      source: 'as-of-test',
    }) as HindsightEvent;
  };
  const commit = (events: HindsightEvent[]) =>
    store.commitBatch(
      `asof-test-${tenant}`,
      events.map((e) => ({ topic: `asof-test-${tenant}`, partition: 0, offset: String(offset++), event: e })),
    );

  const kept = event('comparison.recorded', 1, { raterId: 'rater-a', taskId: 'task-1' });
  const corrected = event('comparison.recorded', 2, { raterId: 'rater-a', taskId: 'task-2' });
  const correction = event('annotation.corrected', 3, {
    annotationId: corrected.id,
    taskId: 'task-2',
    raterId: 'rater-a',
    corrected: { choice: { kind: 'tie' }, strength: null },
  });
  const retractedLater = event('annotation.retracted', 12, {
    annotationId: corrected.id,
    taskId: 'task-2',
    raterId: 'rater-a',
    reason: 'after T',
  });
  // Occurred before T, recorded after it: not known at T.
  const late = event('comparison.recorded', 11, { raterId: 'rater-a', taskId: 'task-0' }, new Date(base).toISOString());
  const byErased = event('comparison.recorded', 4, { raterId: 'rater-gone', taskId: 'task-3' });
  const erasure = event('subject.erasure.requested', 13, {
    subjectKind: 'rater',
    subjectId: 'rater-gone',
    reason: 'GDPR Art. 17',
  });
  const profileAtT = event('rater.profiled', 1, { raterId: 'rater-a', optInGroup: 'before' });
  const profileAfterT = event('rater.profiled', 14, { raterId: 'rater-a', optInGroup: 'after' });
  const rating = event('rating.recorded', 5, { raterId: 'rater-a', taskId: 'task-4' });
  const lateRating = event(
    'rating.recorded',
    15,
    { raterId: 'rater-a', taskId: 'task-5' },
    new Date(base).toISOString(),
  );
  const ratingByErased = event('rating.recorded', 6, { raterId: 'rater-gone', taskId: 'task-6' });

  beforeAll(async () => {
    await dataSource.initialize();
    await commit([kept, corrected, correction, late, byErased, profileAtT, rating, lateRating, ratingByErased]);
    await commit([retractedLater, erasure, profileAfterT]);
  });
  afterAll(() => dataSource.destroy());

  const shape = (r: AsOfComparisonRow | QualityComparisonRow | AsOfRatingRow) => ({
    id: r.id,
    amendments: r.amendments,
  });

  it('gives the dataset build and the quality report the same comparisons, amendments, counts and profiles at T', async () => {
    const fromDatasets = await datasets.withSnapshot(tenant, asOf, async (s) => {
      const rows: AsOfComparisonRow[] = [];
      await s.streamComparisons(1, (batch) => void rows.push(...batch));
      return { rows, count: await s.countComparisons(), groups: await s.raterGroups() };
    });
    const fromQuality = await quality.withSnapshot(tenant, asOf, async (s) => {
      const rows: QualityComparisonRow[] = [];
      await s.streamComparisons(1, (batch) => void rows.push(...batch));
      return { rows, count: await s.countComparisons(), profiles: await s.raterProfiles() };
    });

    const expected = [
      { id: kept.id, amendments: [] },
      {
        id: corrected.id,
        amendments: [
          {
            type: 'annotation.corrected',
            data: expect.objectContaining({ corrected: { choice: { kind: 'tie' }, strength: null } }),
          },
        ],
      },
    ];
    // The dataset stream is ordered by task id; the quality stream in no order.
    expect(fromDatasets.rows.map(shape)).toEqual(expected);
    expect(fromQuality.rows.map(shape).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      fromDatasets.rows.map(shape).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    // The erased comparison was recorded by T: counted as erased, never read.
    expect(fromDatasets.count).toEqual({ included: 2, erased: 1 });
    expect(fromQuality.count).toBe(2);
    expect(fromDatasets.groups).toEqual(new Map([['rater-a', 'before']]));
    expect(fromQuality.profiles.map((p) => [p.rater_id, p.data.optInGroup])).toEqual([['rater-a', 'before']]);
  });

  it('gives the ratings export the same rule: recorded by T, not erased', async () => {
    const ratings = await datasets.withSnapshot(tenant, asOf, async (s) => {
      const rows: AsOfRatingRow[] = [];
      await s.streamRatings(10, (batch) => void rows.push(...batch));
      return { rows, counts: await s.countSignals() };
    });
    expect(ratings.rows.map(shape)).toEqual([{ id: rating.id, amendments: [] }]);
    expect(ratings.counts.ratings).toEqual({ included: 1, erased: 1 });
  });

  it('sees the late arrival, the retraction and the new profile once T is after them', async () => {
    const later = new Date(base + 16 * 60_000).toISOString();
    const seen = await quality.withSnapshot(tenant, later, async (s) => {
      const rows: QualityComparisonRow[] = [];
      await s.streamComparisons(10, (batch) => void rows.push(...batch));
      return { rows, profiles: await s.raterProfiles() };
    });
    expect(seen.rows.map((r) => r.id).sort()).toEqual([kept.id, corrected.id, late.id].sort());
    expect(seen.rows.find((r) => r.id === corrected.id)?.amendments.map((a) => a.type)).toEqual([
      'annotation.corrected',
      'annotation.retracted',
    ]);
    expect(seen.profiles.map((p) => p.data.optInGroup)).toEqual(['after']);
  });
});
