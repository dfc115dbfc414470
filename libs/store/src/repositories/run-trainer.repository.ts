import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import {
  IllegalStateError,
  parseEvent,
  retrainRunAdvancedDataV1,
  ValidationError,
  type HindsightEvent,
  type RetrainRequested,
  type RetrainRunAdvancedData,
} from '@hindsight/contracts';
import { planTrainerRecords } from '@hindsight/projections';
import { readStoredJson } from './stored-json';
import { writeTrainerRecords } from './trainer-record-writer';

export const TRAINER_RUN_STATES = ['requested', 'dataset-built', 'gated', 'trained', 'completed', 'failed'] as const;
export type TrainerRunState = (typeof TRAINER_RUN_STATES)[number];

/** One objective's dataset build, as the run keeps it (`runDatasetSchema` of `retrain.run-advanced`). */
export type RunDataset = NonNullable<RetrainRunAdvancedData['datasets']>[number];

/** Why a run failed, as the run keeps it. */
export type RunFailureRecord = NonNullable<RetrainRunAdvancedData['failure']>;

/**
 * One run of the trainer and where it stands. A projection of the run's
 * `retrain.requested` and its latest `retrain.run-advanced`: every column is
 * rebuilt from Kafka, and each JSON column has the type of the event field it
 * is written from. Rows are read through the events' zod schemas (a row may
 * have been written by an older version of the trainer, or from an older event
 * version), so these types hold.
 */
export interface TrainerRunRow {
  readonly runId: string;
  readonly tenant: string;
  readonly state: TrainerRunState;
  readonly requestEventId: string;
  /** The `retrain.requested` event as consumed, upcast to the latest version. */
  readonly request: RetrainRequested;
  readonly policyId: string | null;
  /** The recipe the run resolved: `{ ref, document }`. */
  readonly recipe: RetrainRunAdvancedData['recipe'];
  /**
   * The gate thresholds of the recipe, as the event carries them (an object,
   * possibly partial): read them with the training lib's `resolveGateThresholds`.
   */
  readonly gates: RetrainRunAdvancedData['gates'];
  readonly datasets: readonly RunDataset[] | null;
  readonly gateReport: RetrainRunAdvancedData['gateReport'];
  readonly failure: RunFailureRecord | null;
  /** When the request was recorded. */
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** A run, named as it is unique: by tenant and run id (run ids are chosen by clients). */
export interface RunRef {
  readonly tenant: string;
  readonly runId: string;
}

/** An event of a run in the outbox, as the exact JSON text that is (re)published. */
export interface TrainerOutboxRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly runId: string;
  readonly type: string;
  readonly eventJson: string;
}

export interface ConsumedPosition {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

/** A row as PostgreSQL returns it: the JSON columns are not trusted until read through their schemas. */
export interface RawTrainerRunRow {
  run_id: string;
  tenant: string;
  state: TrainerRunState;
  request_event_id: string;
  request: unknown;
  policy_id: string | null;
  recipe: unknown;
  gates: unknown;
  datasets: unknown;
  gate_report: unknown;
  failure: unknown;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const runColumns =
  'run_id, tenant, state, request_event_id, request, policy_id, recipe, gates, datasets, gate_report, failure, created_at, updated_at, finished_at';

/** The JSON columns a `retrain.run-advanced` writes, with its schema. */
const runRecordSchema = retrainRunAdvancedDataV1.pick({
  recipe: true,
  gates: true,
  datasets: true,
  gateReport: true,
  failure: true,
});

/**
 * A row read through the events' schemas: `request` with `parseEvent` (validated
 * and upcast to the latest `retrain.requested`), the run's record with the
 * `retrain.run-advanced` data schema.
 * @throws IllegalStateError naming the run and each column and rule when a stored value does not fit its schema.
 */
export function readTrainerRunRow(r: RawTrainerRunRow): TrainerRunRow {
  const where = `trainer_runs (${r.tenant}, ${r.run_id})`;
  const request = readRequest(where, r.request);
  const record = readStoredJson(
    runRecordSchema,
    {
      recipe: r.recipe ?? null,
      gates: r.gates ?? null,
      datasets: r.datasets ?? null,
      gateReport: r.gate_report ?? null,
      failure: r.failure ?? null,
    },
    where,
  );
  return {
    runId: r.run_id,
    tenant: r.tenant,
    state: r.state,
    requestEventId: r.request_event_id,
    request,
    policyId: r.policy_id,
    ...record,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function readRequest(where: string, value: unknown): RetrainRequested {
  let event: HindsightEvent;
  try {
    event = parseEvent(value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new IllegalStateError(
      `${where}: request: ${error.issues.map((i) => `${i.path === '' ? '' : `${i.path}: `}${i.rule}`).join('; ')}`,
    );
  }
  if (event.type !== 'retrain.requested')
    throw new IllegalStateError(`${where}: request: is a ${event.type}, not a retrain.requested`);
  return event;
}

interface RawOutbox {
  event_id: string;
  tenant: string;
  run_id: string;
  type: string;
  event_json: string;
}

const toOutbox = (r: RawOutbox): TrainerOutboxRow => ({
  eventId: r.event_id,
  tenant: r.tenant,
  runId: r.run_id,
  type: r.type,
  eventJson: r.event_json,
});

/**
 * The trainer's runs, its outbox and its consumer offsets. The exactly-once
 * boundaries: the run events consumed from Kafka are written with the group's
 * offsets in one transaction; every state change is a compare-and-set on the
 * state (a second worker, or a resumed one, cannot apply it twice) that writes
 * the rows of its events with the projector's own writer and puts the events in
 * the outbox, in one transaction. Runs are keyed by (tenant, run id).
 */
export class TrainerRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  async storedOffsets(group: string): Promise<ConsumedPosition[]> {
    const rows: { topic: string; partition: number; next_offset: string }[] = await this.dataSource.query(
      'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1',
      [group],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
  }

  /**
   * Writes what consumed run events say (a request seen before is left alone, a
   * run only moves forward, a model is registered once) and moves the group's
   * offsets forward, in one transaction. Returns the runs that are unfinished
   * after the batch among those it requested.
   */
  async recordConsumed(
    group: string,
    events: readonly HindsightEvent[],
    positions: readonly ConsumedPosition[],
  ): Promise<RunRef[]> {
    return this.dataSource.transaction(async (tx) => {
      const changes = planTrainerRecords(events);
      await writeTrainerRecords(tx, changes);
      if (changes.runsRequested.length > 0) {
        // The runs this trainer took on: the worker works on these only (another deployment's projector may share the schema).
        await tx.query(
          `INSERT INTO trainer_run_attempts (tenant, run_id, attempts) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING`,
          [
            changes.runsRequested.map((r) => r.tenant),
            changes.runsRequested.map((r) => r.runId),
            changes.runsRequested.map(() => 0),
          ],
        );
      }
      for (const p of positions) {
        await tx.query(
          `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (consumer_group, topic, partition) DO UPDATE
             SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
          [group, p.topic, p.partition, p.nextOffset],
        );
      }
      if (changes.runsRequested.length === 0) return [];
      const unfinished: { tenant: string; run_id: string }[] = await tx.query(
        `SELECT t.tenant, t.run_id FROM trainer_runs t JOIN unnest($1::text[], $2::text[]) AS r(tenant, run_id) ON r.tenant = t.tenant AND r.run_id = t.run_id
         WHERE t.state NOT IN ('completed', 'failed')`,
        [changes.runsRequested.map((r) => r.tenant), changes.runsRequested.map((r) => r.runId)],
      );
      return unfinished.map((r) => ({ tenant: r.tenant, runId: r.run_id }));
    });
  }

  async find(run: RunRef): Promise<TrainerRunRow | undefined> {
    const rows: RawTrainerRunRow[] = await this.dataSource.query(
      `SELECT ${runColumns} FROM trainer_runs WHERE tenant = $1 AND run_id = $2`,
      [run.tenant, run.runId],
    );
    return rows[0] ? readTrainerRunRow(rows[0]) : undefined;
  }

  async findForTenant(tenant: string, runId: string): Promise<TrainerRunRow | undefined> {
    return this.find({ tenant, runId });
  }

  /** Unfinished runs whose request this trainer consumed, oldest first. */
  async listUnfinished(limit: number): Promise<TrainerRunRow[]> {
    const rows: RawTrainerRunRow[] = await this.dataSource.query(
      `SELECT ${runColumns} FROM trainer_runs JOIN trainer_run_attempts USING (tenant, run_id)
       WHERE state NOT IN ('completed', 'failed') ORDER BY created_at, tenant, run_id LIMIT $1`,
      [limit],
    );
    return rows.map(readTrainerRunRow);
  }

  async list(tenant: string, limit: number): Promise<TrainerRunRow[]> {
    const rows: RawTrainerRunRow[] = await this.dataSource.query(
      `SELECT ${runColumns} FROM trainer_runs WHERE tenant = $1 ORDER BY created_at DESC, run_id DESC LIMIT $2`,
      [tenant, limit],
    );
    return rows.map(readTrainerRunRow);
  }

  /**
   * Finished runs whose final `retrain.run-advanced` the projector has not seen
   * (finished before runs were a projection).
   */
  async listUnannouncedFinished(): Promise<TrainerRunRow[]> {
    const rows: RawTrainerRunRow[] = await this.dataSource.query(
      `SELECT ${runColumns} FROM trainer_runs t WHERE state IN ('completed', 'failed')
       AND NOT EXISTS (SELECT 1 FROM event_index e WHERE e.tenant = t.tenant AND e.idempotency_key = 'retrain:' || t.run_id || ':advanced:' || t.state)
       ORDER BY created_at, tenant, run_id`,
    );
    return rows.map(readTrainerRunRow);
  }

  /** Puts events that announce rows already written into the outbox (an event already there is left alone). */
  async enqueue(run: RunRef, events: readonly HindsightEvent[], at: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const event of events) await this.insertOutbox(tx, outboxRowOf(run, event), at);
    });
  }

  /**
   * Counts one more attempt at the run (a claim after a crash counts too); returns
   * the new count. Bookkeeping of this database only: a replay or a lost database
   * starts the count again.
   */
  async countAttempt(run: RunRef): Promise<number> {
    const rows: { attempts: number }[] = await this.dataSource.query(
      `INSERT INTO trainer_run_attempts (tenant, run_id, attempts) VALUES ($1, $2, 1)
       ON CONFLICT (tenant, run_id) DO UPDATE SET attempts = trainer_run_attempts.attempts + 1 RETURNING attempts`,
      [run.tenant, run.runId],
    );
    return rows[0]?.attempts ?? 0;
  }

  /**
   * Moves the run from one of `from` to the state its `retrain.run-advanced` in
   * `events` announces: writes the rows of `events` with the projector's writer
   * and puts every event in the outbox, in one transaction; false (nothing
   * written) when the run is not in `from`.
   */
  async advance(
    run: RunRef,
    from: TrainerRunState | readonly TrainerRunState[],
    events: readonly HindsightEvent[],
    at: Date,
  ): Promise<boolean> {
    const fromStates: readonly string[] = typeof from === 'string' ? [from] : from;
    return this.dataSource.transaction(async (tx) => {
      const rows: { state: string }[] = await tx.query(
        'SELECT state FROM trainer_runs WHERE tenant = $1 AND run_id = $2 FOR UPDATE',
        [run.tenant, run.runId],
      );
      if (rows.length === 0 || !fromStates.includes(rows[0].state)) return false;
      await writeTrainerRecords(tx, planTrainerRecords(events));
      for (const event of events) await this.insertOutbox(tx, outboxRowOf(run, event), at);
      return true;
    });
  }

  /**
   * Registers a model from its `model.registered` event, writes the events
   * `alongside` it (its outcome audit) and puts them all in the outbox, in one
   * transaction; false (nothing written) when the run already registered a
   * model for the objective.
   */
  async registerModel(
    run: RunRef,
    event: HindsightEvent,
    at: Date,
    alongside: readonly HindsightEvent[] = [],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const inserted = await writeTrainerRecords(tx, planTrainerRecords([event]));
      if (inserted.length === 0) return false;
      await writeTrainerRecords(tx, planTrainerRecords(alongside));
      for (const e of [event, ...alongside]) await this.insertOutbox(tx, outboxRowOf(run, e), at);
      return true;
    });
  }

  private async insertOutbox(tx: EntityManager, row: TrainerOutboxRow, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO trainer_outbox (event_id, tenant, run_id, type, event_json, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING`,
      [row.eventId, row.tenant, row.runId, row.type, row.eventJson, at],
    );
  }

  /**
   * Publishes up to `limit` unpublished outbox rows (of one run, or of any), oldest
   * first, skipping rows another process is publishing; sets published_at only
   * after `publish` resolved (the broker acknowledged). Returns how many.
   */
  async publishPending(
    limit: number,
    publish: (rows: readonly TrainerOutboxRow[]) => Promise<void>,
    run?: RunRef,
  ): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: RawOutbox[] = await tx.query(
        `SELECT event_id, tenant, run_id, type, event_json FROM trainer_outbox
         WHERE published_at IS NULL AND ($2::text IS NULL OR (tenant = $2::text AND run_id = $3::text))
         ORDER BY created_at, event_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, run?.tenant ?? null, run?.runId ?? null],
      );
      if (rows.length === 0) return 0;
      await publish(rows.map(toOutbox));
      await tx.query('UPDATE trainer_outbox SET published_at = now() WHERE event_id = ANY($1::uuid[])', [
        rows.map((r) => r.event_id),
      ]);
      return rows.length;
    });
  }

  async outboxOf(run: RunRef): Promise<(TrainerOutboxRow & { publishedAt: Date | null })[]> {
    const rows: (RawOutbox & { published_at: Date | null })[] = await this.dataSource.query(
      'SELECT event_id, tenant, run_id, type, event_json, published_at FROM trainer_outbox WHERE tenant = $1 AND run_id = $2 ORDER BY created_at, event_id',
      [run.tenant, run.runId],
    );
    return rows.map((r) => ({ ...toOutbox(r), publishedAt: r.published_at }));
  }
}

/** The exact JSON of the event is stored: a republished message is byte-identical. */
function outboxRowOf(run: RunRef, event: HindsightEvent): TrainerOutboxRow {
  return {
    eventId: event.id,
    tenant: run.tenant,
    runId: run.runId,
    type: event.type,
    eventJson: JSON.stringify(event),
  };
}

/**
 * Which trainer works on a run: a session advisory lock per run, taken on a
 * connection of its own and held while the run is worked on. It dies with the
 * session, so a trainer killed mid-run frees its run at once and a restarted (or
 * another) trainer resumes it; two trainers never work on one run together.
 */
export class TrainerRunLock {
  private runner: QueryRunner | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly namespace: string,
  ) {}

  async tryLock(run: RunRef): Promise<boolean> {
    try {
      if (!this.runner) {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        this.runner = runner;
      }
      const rows: { locked: boolean }[] = await this.runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [lockName(this.namespace, run)],
      );
      return rows[0]?.locked === true;
    } catch (error) {
      // The lock session is broken: drop it (its locks went with it) and let the caller retry later.
      await this.close();
      throw error;
    }
  }

  async unlock(run: RunRef): Promise<void> {
    if (!this.runner) return;
    await this.runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(this.namespace, run)]);
  }

  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.release().catch(() => undefined);
  }
}

/** Tenants are slugs (no colon), so the name is unambiguous. */
function lockName(namespace: string, run: RunRef): string {
  return `${namespace}:${run.tenant}:${run.runId}`;
}
