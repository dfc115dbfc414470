import { randomUUID } from 'node:crypto';
import type { RetrainRequested } from '@hindsight/contracts';
import type { RunRef, TrainerRunRow } from '@hindsight/store';
import type { RetrainModels, RetrainRuns } from '../retrain-ports';
import { advanced } from '../run-record-events';
import { fixedId, modelRegistered, retrainRequest } from './retrain-fixtures';

export interface TrainerRecordsUnderTest {
  readonly runs: RetrainRuns;
  readonly models: RetrainModels;
  /** Records a consumed `retrain.requested`, as the trainer's consumer does. */
  request(event: RetrainRequested): Promise<void>;
  outboxOf(run: RunRef): Promise<readonly { eventId: string; type: string }[]>;
}

/**
 * The behaviour of the retrain use case's RetrainRuns and RetrainModels ports,
 * one spec per implementation calls this: the in-memory fake
 * (in-memory-trainer-records.unit.spec.ts) and the store's repositories on a real
 * PostgreSQL (store-trainer-records.int.spec.ts). Each case has tenants of its own.
 */
export function trainerRecordsContract(
  open: () => Promise<TrainerRecordsUnderTest>,
  dispose: () => Promise<void>,
): void {
  let subject: TrainerRecordsUnderTest;
  const tenant = () => `contract-${randomUUID().slice(0, 8)}`;
  const asOf = new Date('2026-03-01T00:00:00.000Z');
  const recordedAt = new Date('2026-03-02T10:00:00.000Z');
  const later = (minutes: number) => new Date(recordedAt.getTime() + minutes * 60_000);

  async function requested(
    t = tenant(),
    runId = fixedId(recordedAt, randomUUID()),
    runAsOf = asOf,
  ): Promise<TrainerRunRow> {
    await subject.request(retrainRequest({ tenant: t, runId, asOf: runAsOf, recordedAt }));
    const run = await subject.runs.find({ tenant: t, runId });
    if (!run) throw new Error('the requested run was not recorded');
    return run;
  }

  beforeAll(async () => {
    subject = await open();
  }, 60_000);

  afterAll(() => dispose());

  it('finds nothing for a run never requested', async () => {
    expect(await subject.runs.find({ tenant: tenant(), runId: fixedId(recordedAt, 'never') })).toBeUndefined();
  });

  it('records a request as a run in state requested, the request event kept whole', async () => {
    const t = tenant();
    const event = retrainRequest({
      tenant: t,
      runId: fixedId(recordedAt, `${t}-run`),
      asOf,
      recordedAt,
      objectives: ['helpfulness', 'safety'],
    });
    await subject.request(event);
    await subject.request(event);
    const run = await subject.runs.find({ tenant: t, runId: event.data.runId });
    expect(run).toMatchObject({
      tenant: t,
      runId: event.data.runId,
      state: 'requested',
      requestEventId: event.id,
      policyId: null,
      datasets: null,
      failure: null,
      finishedAt: null,
    });
    expect(run?.request).toEqual(JSON.parse(JSON.stringify(event)));
    expect(run?.createdAt.toISOString()).toBe(recordedAt.toISOString());
  });

  it('moves a run by compare-and-set: the whole record of its run-advanced, every event put in the outbox once', async () => {
    const run = await requested();
    const datasets = [
      {
        objective: 'helpfulness',
        sha256: 'b'.repeat(64),
        examples: 12,
        bySplit: { train: 10, test: 2 },
        uri: 'u',
        manifestUri: 'm',
      },
    ];
    const event = advanced(run, later(1), 'dataset-built', { gates: { minPairs: 1 }, datasets });
    expect(await subject.runs.advance(run, 'requested', [event], later(1))).toBe(true);
    const moved = await subject.runs.find(run);
    expect(moved).toMatchObject({ state: 'dataset-built', gates: { minPairs: 1 }, datasets, finishedAt: null });
    expect(moved?.updatedAt.toISOString()).toBe(later(1).toISOString());
    // A second attempt at the same move (a resumed worker) writes nothing and says so.
    expect(await subject.runs.advance(run, 'requested', [event], later(2))).toBe(false);
    expect((await subject.outboxOf(run)).map((r) => [r.eventId, r.type])).toEqual([[event.id, 'retrain.run-advanced']]);
  });

  it('moves a run from any of several states, and stamps when a run finished', async () => {
    const run = await requested();
    const failure = { stage: 'dataset' as const, reasons: [{ code: 'invalid-recipe', message: 'no' }] };
    expect(
      await subject.runs.advance(
        run,
        ['requested', 'gated'],
        [advanced(run, later(3), 'failed', { failure })],
        later(3),
      ),
    ).toBe(true);
    const failed = await subject.runs.find(run);
    expect(failed).toMatchObject({ state: 'failed', failure });
    expect(failed?.finishedAt?.toISOString()).toBe(later(3).toISOString());
  });

  it('does not move a run that is not in a state it is moved from, nor a run that does not exist', async () => {
    const run = await requested();
    expect(
      await subject.runs.advance(run, ['gated', 'trained'], [advanced(run, later(1), 'completed', {})], later(1)),
    ).toBe(false);
    expect((await subject.runs.find(run))?.state).toBe('requested');
    expect(await subject.outboxOf(run)).toEqual([]);
    const ghost = { ...run, runId: fixedId(recordedAt, randomUUID()) };
    expect(
      await subject.runs.advance(ghost, 'requested', [advanced(ghost, later(1), 'dataset-built', {})], later(1)),
    ).toBe(false);
    expect(await subject.runs.find(ghost)).toBeUndefined();
  });

  it('keeps two tenants runs of one run id apart', async () => {
    const runId = fixedId(recordedAt, randomUUID());
    const a = await requested(tenant(), runId);
    const b = await requested(tenant(), runId);
    await subject.runs.advance(a, 'requested', [advanced(a, later(1), 'dataset-built', {})], later(1));
    expect((await subject.runs.find(a))?.state).toBe('dataset-built');
    expect((await subject.runs.find(b))?.state).toBe('requested');
  });

  it('registers one model per run and objective; lists the run models by objective', async () => {
    const run = await requested();
    expect(await subject.runs.registerModel(run, modelRegistered(run, 'safety', asOf, later(1)), later(1))).toBe(true);
    expect(await subject.runs.registerModel(run, modelRegistered(run, 'helpfulness', asOf, later(2)), later(2))).toBe(
      true,
    );
    // A resumed run registering the same objective again: nothing written.
    expect(await subject.runs.registerModel(run, modelRegistered(run, 'safety', asOf, later(5)), later(5))).toBe(false);
    const models = await subject.models.listByRun(run.tenant, run.runId);
    expect(models.map((m) => [m.objective, m.modelVersion])).toEqual([
      ['helpfulness', `helpfulness-${run.runId}`],
      ['safety', `safety-${run.runId}`],
    ]);
    expect(models[1]).toMatchObject({
      tenant: run.tenant,
      runId: run.runId,
      parentVersion: null,
      metrics: { pairwiseAccuracy: 0.75 },
      manifest: { sha256: 'a'.repeat(64) },
    });
    expect(models[1].asOf.toISOString()).toBe(asOf.toISOString());
    expect(models[1].createdAt.toISOString()).toBe(later(1).toISOString());
    expect((await subject.outboxOf(run)).map((r) => r.type)).toEqual(['model.registered', 'model.registered']);
  });

  it('finds the parent of a new model: the latest of the objective as of no later than T, from another run', async () => {
    const t = tenant();
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    const older = await requested(t, fixedId(recordedAt, randomUUID()), day(1));
    const newer = await requested(t, fixedId(recordedAt, randomUUID()), day(10));
    const future = await requested(t, fixedId(recordedAt, randomUUID()), day(20));
    for (const [run, d] of [
      [older, 1],
      [newer, 10],
      [future, 20],
    ] as const)
      await subject.runs.registerModel(run, modelRegistered(run, 'helpfulness', day(d), later(d)), later(d));
    const current = await requested(t, fixedId(recordedAt, randomUUID()), day(15));
    expect((await subject.models.latestBefore(t, 'helpfulness', day(15), current.runId, null))?.modelVersion).toBe(
      `helpfulness-${newer.runId}`,
    );
    // Never the run itself, and nothing of another objective or tenant.
    expect((await subject.models.latestBefore(t, 'helpfulness', day(10), newer.runId, null))?.modelVersion).toBe(
      `helpfulness-${older.runId}`,
    );
    expect(await subject.models.latestBefore(t, 'safety', day(15), current.runId, null)).toBeUndefined();
    expect(await subject.models.latestBefore(tenant(), 'helpfulness', day(15), current.runId, null)).toBeUndefined();
    // A run of a policy descends from that policy's models only (these have none).
    expect(
      await subject.models.latestBefore(
        t,
        'helpfulness',
        day(15),
        current.runId,
        '01900000-0000-7000-8000-000000000001',
      ),
    ).toBeUndefined();
  });
}
