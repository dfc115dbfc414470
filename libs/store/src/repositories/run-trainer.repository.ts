import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

export const TRAINER_RUN_STATES = ['requested', 'dataset-built', 'gated', 'trained', 'completed', 'failed'] as const;
export type TrainerRunState = (typeof TRAINER_RUN_STATES)[number];

/** One run of the trainer and where it stands. JSON columns are the trainer's own documents. */
export interface TrainerRunRow {
  readonly runId: string;
  readonly tenant: string;
  readonly state: TrainerRunState;
  readonly requestEventId: string;
  /** The `retrain.requested` event as consumed. */
  readonly request: Record<string, unknown>;
  readonly policyId: string | null;
  readonly recipe: Record<string, unknown> | null;
  readonly gates: Record<string, unknown> | null;
  readonly datasets: Record<string, unknown>[] | null;
  readonly gateReport: Record<string, unknown> | null;
  readonly failure: Record<string, unknown> | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** A consumed `retrain.requested`, to be recorded as a new run. */
export interface RequestedRun {
  readonly runId: string;
  readonly tenant: string;
  readonly requestEventId: string;
  readonly request: Record<string, unknown>;
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

/** What a state change writes besides the state. */
export interface RunPatch {
  readonly policyId?: string | null;
  readonly recipe?: Record<string, unknown>;
  readonly gates?: Record<string, unknown>;
  readonly datasets?: readonly Record<string, unknown>[];
  readonly gateReport?: Record<string, unknown>;
  readonly failure?: Record<string, unknown>;
}

interface RawRun {
  run_id: string;
  tenant: string;
  state: TrainerRunState;
  request_event_id: string;
  request: Record<string, unknown>;
  policy_id: string | null;
  recipe: Record<string, unknown> | null;
  gates: Record<string, unknown> | null;
  datasets: Record<string, unknown>[] | null;
  gate_report: Record<string, unknown> | null;
  failure: Record<string, unknown> | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const runColumns = 'run_id, tenant, state, request_event_id, request, policy_id, recipe, gates, datasets, gate_report, failure, attempts, created_at, updated_at, finished_at';

function toRun(r: RawRun): TrainerRunRow {
  return {
    runId: r.run_id,
    tenant: r.tenant,
    state: r.state,
    requestEventId: r.request_event_id,
    request: r.request,
    policyId: r.policy_id,
    recipe: r.recipe,
    gates: r.gates,
    datasets: r.datasets,
    gateReport: r.gate_report,
    failure: r.failure,
    attempts: r.attempts,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

interface RawOutbox {
  event_id: string;
  tenant: string;
  run_id: string;
  type: string;
  event_json: string;
}

const toOutbox = (r: RawOutbox): TrainerOutboxRow => ({ eventId: r.event_id, tenant: r.tenant, runId: r.run_id, type: r.type, eventJson: r.event_json });

/**
 * The trainer's runs, its outbox and its consumer offsets. The exactly-once
 * boundaries: a consumed request is recorded with the group's offsets in one
 * transaction; every state change is a compare-and-set on the state (a second
 * worker, or a resumed one, cannot apply it twice) written with the event that
 * announces it; the outbox row is unique per (run, event type).
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
   * Records consumed requests (a run id already recorded is left alone) and moves
   * the group's offsets forward, in one transaction. Returns the run ids recorded now.
   */
  async recordConsumed(group: string, runs: readonly RequestedRun[], positions: readonly ConsumedPosition[], at: Date): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      const recorded: string[] = [];
      for (const run of runs) {
        const rows: unknown[] = await tx.query(
          `INSERT INTO trainer_runs (run_id, tenant, state, request_event_id, request, created_at, updated_at)
           VALUES ($1, $2, 'requested', $3, $4::jsonb, $5, $5) ON CONFLICT (run_id) DO NOTHING RETURNING run_id`,
          [run.runId, run.tenant, run.requestEventId, JSON.stringify(run.request), at],
        );
        if (rows.length === 1) recorded.push(run.runId);
      }
      for (const p of positions) {
        await tx.query(
          `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (consumer_group, topic, partition) DO UPDATE
             SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
          [group, p.topic, p.partition, p.nextOffset],
        );
      }
      return recorded;
    });
  }

  async find(runId: string): Promise<TrainerRunRow | undefined> {
    const rows: RawRun[] = await this.dataSource.query(`SELECT ${runColumns} FROM trainer_runs WHERE run_id = $1`, [runId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async findForTenant(tenant: string, runId: string): Promise<TrainerRunRow | undefined> {
    const rows: RawRun[] = await this.dataSource.query(`SELECT ${runColumns} FROM trainer_runs WHERE tenant = $1 AND run_id = $2`, [tenant, runId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  /** Unfinished runs, oldest first. */
  async listUnfinished(limit: number): Promise<TrainerRunRow[]> {
    const rows: RawRun[] = await this.dataSource.query(
      `SELECT ${runColumns} FROM trainer_runs WHERE state NOT IN ('completed', 'failed') ORDER BY created_at, run_id LIMIT $1`,
      [limit],
    );
    return rows.map(toRun);
  }

  async list(tenant: string, limit: number): Promise<TrainerRunRow[]> {
    const rows: RawRun[] = await this.dataSource.query(`SELECT ${runColumns} FROM trainer_runs WHERE tenant = $1 ORDER BY created_at DESC, run_id DESC LIMIT $2`, [tenant, limit]);
    return rows.map(toRun);
  }

  /** Counts one more attempt at the run (a claim after a crash counts too); returns the new count. */
  async countAttempt(runId: string): Promise<number> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM's postgres driver.
    const [rows]: [{ attempts: number }[], number] = await this.dataSource.query('UPDATE trainer_runs SET attempts = attempts + 1 WHERE run_id = $1 RETURNING attempts', [runId]);
    return rows[0]?.attempts ?? 0;
  }

  /**
   * Moves the run from `from` to `to` with `patch`, and inserts `outbox` (if any),
   * in one transaction; false (nothing written) when the run is not in `from`.
   * `failed` and `completed` also set finished_at.
   */
  async advance(runId: string, from: TrainerRunState | readonly TrainerRunState[], to: TrainerRunState, patch: RunPatch, at: Date, outbox?: TrainerOutboxRow): Promise<boolean> {
    const fromStates = typeof from === 'string' ? [from] : [...from];
    return this.dataSource.transaction(async (tx) => {
      const [updated]: [unknown[], number] = await tx.query(
        `UPDATE trainer_runs SET state = $2, updated_at = $3,
           finished_at = CASE WHEN $2 IN ('completed', 'failed') THEN $3 ELSE finished_at END,
           policy_id = CASE WHEN $5::boolean THEN $6::uuid ELSE policy_id END,
           recipe = COALESCE($7::jsonb, recipe), gates = COALESCE($8::jsonb, gates), datasets = COALESCE($9::jsonb, datasets),
           gate_report = COALESCE($10::jsonb, gate_report), failure = COALESCE($11::jsonb, failure)
         WHERE run_id = $1 AND state = ANY($4::text[]) RETURNING run_id`,
        [
          runId,
          to,
          at,
          fromStates,
          patch.policyId !== undefined,
          patch.policyId ?? null,
          jsonOrNull(patch.recipe),
          jsonOrNull(patch.gates),
          jsonOrNull(patch.datasets),
          jsonOrNull(patch.gateReport),
          jsonOrNull(patch.failure),
        ],
      );
      if (updated.length === 0) return false;
      if (outbox) await this.insertOutbox(tx, outbox, at);
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
  async publishPending(limit: number, publish: (rows: readonly TrainerOutboxRow[]) => Promise<void>, runId?: string): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: RawOutbox[] = await tx.query(
        `SELECT event_id, tenant, run_id, type, event_json FROM trainer_outbox
         WHERE published_at IS NULL AND ($2::text IS NULL OR run_id = $2::text)
         ORDER BY created_at, event_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, runId ?? null],
      );
      if (rows.length === 0) return 0;
      await publish(rows.map(toOutbox));
      await tx.query('UPDATE trainer_outbox SET published_at = now() WHERE event_id = ANY($1::uuid[])', [rows.map((r) => r.event_id)]);
      return rows.length;
    });
  }

  async outboxOf(runId: string): Promise<(TrainerOutboxRow & { publishedAt: Date | null })[]> {
    const rows: (RawOutbox & { published_at: Date | null })[] = await this.dataSource.query(
      'SELECT event_id, tenant, run_id, type, event_json, published_at FROM trainer_outbox WHERE run_id = $1 ORDER BY created_at, event_id',
      [runId],
    );
    return rows.map((r) => ({ ...toOutbox(r), publishedAt: r.published_at }));
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
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

  async tryLock(runId: string): Promise<boolean> {
    try {
      if (!this.runner) {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        this.runner = runner;
      }
      const rows: { locked: boolean }[] = await this.runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [`${this.namespace}:${runId}`]);
      return rows[0]?.locked === true;
    } catch (error) {
      // The lock session is broken: drop it (its locks went with it) and let the caller retry later.
      await this.close();
      throw error;
    }
  }

  async unlock(runId: string): Promise<void> {
    if (!this.runner) return;
    await this.runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`${this.namespace}:${runId}`]);
  }

  async close(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    await runner?.release().catch(() => undefined);
  }
}
