import type { DataSource, EntityManager } from 'typeorm';
import type { HindsightEvent } from '@hindsight/contracts';
import { planProjection, type ChangeSet } from '@hindsight/projections';
import { clientOf, copyRows } from '../copy/copy-rows';
import type { SubjectRef } from './subject-key.repository';
import { erasableSubjectsNamed, tombstoneErasedEvents } from './erased-events';
import { applyQueueChanges } from './queue-projection';
import { applyRecordChanges } from './record-projection';
import { writeTrainerRecords } from './trainer-record-writer';

/** One consumed message: a parsed event, or a dead letter with the reason it could not be applied. */
export type ConsumedMessage =
  | { readonly topic: string; readonly partition: number; readonly offset: string; readonly event: HindsightEvent }
  | {
      readonly topic: string;
      readonly partition: number;
      readonly offset: string;
      readonly deadLetter: { readonly reason: string; readonly key: Buffer | null; readonly value: Buffer | null; readonly headers: Readonly<Record<string, string>> };
    };

export interface BatchOutcome {
  /** Events written for the first time. */
  readonly applied: number;
  /** Events already in the store (a re-delivery or a re-published idempotency key). */
  readonly duplicates: number;
  /** Messages at offsets this group had already committed. */
  readonly skipped: number;
  readonly deadLetters: number;
}

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

const EVENT_COLUMNS = [
  'id', 'tenant', 'type', 'version', 'subject_kind', 'subject_id', 'occurred_at', 'recorded_at', 'idempotency_key', 'source',
  'kafka_topic', 'kafka_partition', 'kafka_offset', 'payload', 'erased',
] as const;

const COMPARISON_COLUMNS = [
  'annotation_id', 'tenant', 'task_id', 'task_type', 'objective', 'rater_id', 'prompt', 'responses', 'shown_order', 'choice', 'strength',
  'guideline_version', 'interface_version', 'dwell_time_ms', 'locale', 'occurred_at', 'recorded_at', 'rubric', 'comment',
] as const;

/**
 * Writes a consumed batch — events, projections, dead letters and the consumer
 * offsets — in ONE transaction. This is the exactly-once boundary: after a crash
 * either all of a batch is in PostgreSQL with its offsets, or none of it is and
 * the projector re-reads it from the stored offsets.
 */
export interface ProjectionStoreOptions {
  /**
   * Told, inside the batch's transaction and while their rows are held, which
   * subject keys an erasure destroyed: the live projector publishes their
   * destruction markers to the subject-keys topic before the batch commits.
   */
  readonly onKeysDestroyed?: (destroyed: readonly { ref: SubjectRef; destroyedAt: string }[]) => Promise<void>;
}

export class ProjectionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProjectionStoreOptions = {},
  ) {}

  async storedOffsets(group: string): Promise<PartitionOffset[]> {
    const rows: { topic: string; partition: number; next_offset: string }[] = await this.dataSource.query(
      'SELECT topic, partition, next_offset FROM consumer_offsets WHERE consumer_group = $1',
      [group],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: String(r.next_offset) }));
  }

  async commitBatch(group: string, messages: readonly ConsumedMessage[]): Promise<BatchOutcome> {
    if (messages.length === 0) return { applied: 0, duplicates: 0, skipped: 0, deadLetters: 0 };
    await this.ensureMonthlyPartitions(messages.flatMap((m) => ('event' in m ? [m.event.recordedAt] : [])));
    return this.dataSource.transaction(async (tx) => {
      const stored = await this.lockOffsets(tx, group, messages);
      const fresh = messages.filter((m) => BigInt(m.offset) >= (stored.get(`${m.topic}\u0000${m.partition}`) ?? 0n));
      const events = fresh.flatMap((m) => ('event' in m ? [{ ...m, event: m.event }] : []));
      const deadLetters = fresh.flatMap((m) => ('deadLetter' in m ? [m] : []));

      const newIds = await this.insertEvents(tx, events);
      const newEvents = firstOfEachId(events).filter((m) => newIds.has(m.event.id)).map((m) => m.event);
      await this.applyChangeSet(tx, planProjection(newEvents.filter((e) => (e.data as { erased?: unknown }).erased !== true)));
      await this.reapplyErasures(tx, newEvents);
      if (deadLetters.length > 0) {
        await tx.query(
          `INSERT INTO dead_letters (consumer_group, kafka_topic, kafka_partition, kafka_offset, reason, key, value, headers)
           SELECT $1, r.topic, r.partition, r.offset, r.reason, decode(r.key, 'base64'), decode(r.value, 'base64'), r.headers
           FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, "offset" bigint, reason text, key text, value text, headers jsonb)
           ON CONFLICT DO NOTHING`,
          [
            group,
            JSON.stringify(
              deadLetters.map((d) => ({
                topic: d.topic,
                partition: d.partition,
                offset: d.offset,
                reason: d.deadLetter.reason,
                key: d.deadLetter.key?.toString('base64') ?? null,
                value: d.deadLetter.value?.toString('base64') ?? null,
                headers: d.deadLetter.headers,
              })),
            ),
          ],
        );
      }
      await this.saveOffsets(tx, group, messages);
      return { applied: newEvents.length, duplicates: events.length - newEvents.length, skipped: messages.length - fresh.length, deadLetters: deadLetters.length };
    });
  }

  private async lockOffsets(tx: EntityManager, group: string, messages: readonly ConsumedMessage[]): Promise<Map<string, bigint>> {
    const partitions = uniquePartitions(messages);
    const rows: { topic: string; partition: number; next_offset: string }[] = await tx.query(
      `SELECT o.topic, o.partition, o.next_offset FROM consumer_offsets o
       JOIN jsonb_to_recordset($2::jsonb) AS p(topic text, partition int) ON p.topic = o.topic AND p.partition = o.partition
       WHERE o.consumer_group = $1 ORDER BY o.topic, o.partition FOR UPDATE OF o`,
      [group, JSON.stringify(partitions)],
    );
    return new Map(rows.map((r) => [`${r.topic}\u0000${r.partition}`, BigInt(r.next_offset)]));
  }

  private async saveOffsets(tx: EntityManager, group: string, messages: readonly ConsumedMessage[]): Promise<void> {
    const next = new Map<string, { topic: string; partition: number; next: bigint }>();
    for (const m of messages) {
      const k = `${m.topic}\u0000${m.partition}`;
      const candidate = BigInt(m.offset) + 1n;
      const current = next.get(k);
      if (!current || candidate > current.next) next.set(k, { topic: m.topic, partition: m.partition, next: candidate });
    }
    await tx.query(
      `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
       SELECT $1, r.topic, r.partition, r.next_offset, now() FROM jsonb_to_recordset($2::jsonb) AS r(topic text, partition int, next_offset bigint)
       ON CONFLICT (consumer_group, topic, partition)
       DO UPDATE SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
      [group, JSON.stringify([...next.values()].map((v) => ({ topic: v.topic, partition: v.partition, next_offset: v.next.toString() })))],
    );
  }

  /** Inserts into the index first: only ids it did not have go into `events` and the projections. */
  private async insertEvents(tx: EntityManager, events: readonly { topic: string; partition: number; offset: string; event: HindsightEvent }[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = events.map(({ topic, partition, offset, event }) => ({
      id: event.id,
      tenant: event.tenant,
      type: event.type,
      version: event.version,
      subject_kind: event.subject.kind,
      subject_id: event.subject.id,
      occurred_at: event.occurredAt,
      recorded_at: event.recordedAt,
      idempotency_key: event.idempotencyKey,
      source: event.source,
      kafka_topic: topic,
      kafka_partition: partition,
      kafka_offset: offset,
      payload: event,
      // A tombstone copied from another store (a replay seeded from history) keeps its erased flag.
      erased: (event.data as { erased?: unknown }).erased === true,
    }));
    const indexed: { id: string }[] = await tx.query(
      `INSERT INTO event_index (tenant, idempotency_key, id, recorded_at)
       SELECT r.tenant, r.idempotency_key, r.id, r.recorded_at
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, idempotency_key text, id uuid, recorded_at timestamptz)
       ON CONFLICT DO NOTHING RETURNING id`,
      [JSON.stringify(rows.map(({ tenant, idempotency_key, id, recorded_at }) => ({ tenant, idempotency_key, id, recorded_at })))],
    );
    const fresh = new Set(indexed.map((r) => r.id));
    const toInsert = firstOfEachId(rows).filter((r) => fresh.has(r.id));
    // The index already dropped every duplicate, so COPY cannot meet a conflict here.
    await copyRows(
      await clientOf(tx),
      'events',
      EVENT_COLUMNS,
      toInsert.map((r) => EVENT_COLUMNS.map((c) => r[c])),
    );
    return fresh;
  }

  /**
   * Monthly partitions are created as months arrive. Checked on every batch
   * rather than cached: a replay's switch swaps the events table under a live
   * projector, and the new table must get its months too. Created outside the
   * batch's transaction: CREATE … PARTITION OF locks the parent table, and a
   * batch that held an advisory lock while waiting for it would deadlock with a
   * concurrent batch (another partition) that already wrote to the parent.
   */
  private async ensureMonthlyPartitions(recordedAts: readonly string[]): Promise<void> {
    for (const month of new Set(recordedAts.map((t) => t.slice(0, 7)))) {
      const [year, mon] = month.split('-').map(Number);
      const name = `events_${year}_${String(mon).padStart(2, '0')}`;
      const [{ present }] = await this.dataSource.query('SELECT to_regclass($1) IS NOT NULL AS present', [name]);
      if (present) continue;
      const from = `${month}-01T00:00:00Z`;
      const to = new Date(Date.UTC(year, mon, 1)).toISOString();
      // Several projectors (or a replay) may meet a new month at once; the lock makes creation one at a time.
      await this.dataSource.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('hindsight-events-partition'))");
        await tx.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`);
      });
    }
  }

  private async applyChangeSet(tx: EntityManager, change: ChangeSet): Promise<void> {
    const json = (rows: readonly unknown[]) => JSON.stringify(rows);
    // New events only reach the plan (the index dropped duplicates), so COPY cannot meet an existing annotation.
    await copyRows(
      await clientOf(tx),
      'comparisons',
      COMPARISON_COLUMNS,
      change.comparisons.map((r) => [
        r.annotationId, r.tenant, r.taskId, r.taskType, r.objective, r.raterId, r.prompt, JSON.stringify(r.responses), JSON.stringify(r.shownOrder),
        JSON.stringify(r.choice), r.strength, r.guidelineVersion, r.interfaceVersion, r.dwellTimeMs, r.locale, r.occurredAt, r.recordedAt,
        JSON.stringify(r.rubric), r.comment,
      ]),
    );
    if (change.amendments.length > 0) {
      await tx.query(
        `INSERT INTO annotation_amendments (event_id, tenant, annotation_id, kind, changes, recorded_at)
         SELECT r."eventId", r.tenant, r."annotationId", r.kind, r.changes, r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "annotationId" uuid, kind text, changes jsonb, "recordedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [json(change.amendments)],
      );
      // Applied one by one, in order: two corrections of one annotation in a batch must not race.
      for (const a of change.amendments) {
        if (a.kind === 'retracted') {
          await tx.query('UPDATE comparisons SET retracted_at = $3 WHERE annotation_id = $1 AND tenant = $2 AND retracted_at IS NULL', [a.annotationId, a.tenant, a.recordedAt]);
        } else {
          await tx.query(
            `UPDATE comparisons SET
               choice = COALESCE($3::jsonb -> 'choice', choice),
               strength = CASE WHEN $3::jsonb ? 'strength' THEN ($3::jsonb ->> 'strength')::int ELSE strength END,
               objective = COALESCE($3::jsonb ->> 'objective', objective),
               guideline_version = COALESCE($3::jsonb ->> 'guidelineVersion', guideline_version),
               corrected_at = $4
             WHERE annotation_id = $1 AND tenant = $2`,
            [a.annotationId, a.tenant, JSON.stringify(a.changes), a.recordedAt],
          );
        }
      }
    }
    if (change.raters.length > 0) {
      await tx.query(
        `INSERT INTO raters (tenant, rater_id, expertise, languages, region, opt_in_group, recorded_at)
         SELECT r.tenant, r."raterId", r.expertise, r.languages, r.region, r."optInGroup", r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "raterId" text, expertise jsonb, languages jsonb, region text, "optInGroup" text, "recordedAt" timestamptz)
         ON CONFLICT (tenant, rater_id) DO UPDATE SET expertise = EXCLUDED.expertise, languages = EXCLUDED.languages, region = EXCLUDED.region,
           opt_in_group = EXCLUDED.opt_in_group, recorded_at = EXCLUDED.recorded_at
         WHERE raters.recorded_at <= EXCLUDED.recorded_at`,
        [json(change.raters)],
      );
    }
    if (change.interactions.length > 0) {
      await tx.query(
        `INSERT INTO interactions (tenant, interaction_id, prompt, response, model_version, user_id, occurred_at, recorded_at)
         SELECT r.tenant, r."interactionId", r.prompt, r.response, r."modelVersion", r."userId", r."occurredAt", r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, "interactionId" text, prompt text, response text, "modelVersion" text, "userId" text,
           "occurredAt" timestamptz, "recordedAt" timestamptz)
         ON CONFLICT (tenant, interaction_id) DO NOTHING`,
        [json(change.interactions)],
      );
    }
    if (change.feedback.length > 0) {
      await tx.query(
        `INSERT INTO feedback (event_id, tenant, interaction_id, kind, comment, corrected_response, user_id, occurred_at, recorded_at)
         SELECT r."eventId", r.tenant, r."interactionId", r.kind, r.comment, r."correctedResponse", r."userId", r."occurredAt", r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "interactionId" text, kind text, comment text, "correctedResponse" text,
           "userId" text, "occurredAt" timestamptz, "recordedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [json(change.feedback)],
      );
    }
    if (change.outcomes.length > 0) {
      await tx.query(
        `INSERT INTO outcomes (event_id, tenant, interaction_id, outcome, success, value, occurred_at, recorded_at)
         SELECT r."eventId", r.tenant, r."interactionId", r.outcome, r.success, r.value, r."occurredAt", r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "interactionId" text, outcome text, success boolean, value double precision,
           "occurredAt" timestamptz, "recordedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [json(change.outcomes)],
      );
    }
    for (const u of change.runUpdates) {
      await tx.query(
        `INSERT INTO retrain_runs (tenant, run_id, status, requested, details, updated_at, requested_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $6)
         ON CONFLICT (tenant, run_id) DO UPDATE SET status = EXCLUDED.status, requested = COALESCE(retrain_runs.requested, EXCLUDED.requested),
           details = retrain_runs.details || EXCLUDED.details, updated_at = EXCLUDED.updated_at,
           requested_at = LEAST(retrain_runs.requested_at, EXCLUDED.requested_at)`,
        [u.tenant, u.runId, u.status, u.requested === null ? null : JSON.stringify(u.requested), JSON.stringify(u.details), u.recordedAt],
      );
    }
    if (change.runMetrics.length > 0) {
      await tx.query(
        `INSERT INTO run_metrics (event_id, tenant, run_id, kind, step, metrics, recorded_at)
         SELECT r."eventId", r.tenant, r."runId", r.kind, r.step, r.metrics, r."recordedAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "runId" text, kind text, step int, metrics jsonb, "recordedAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [json(change.runMetrics)],
      );
    }
    if (change.driftMeasurements.length > 0) {
      await tx.query(
        `INSERT INTO drift_measurements (event_id, tenant, policy_id, objectives, since, value, threshold, measure, run_id, measured_at)
         SELECT r."eventId", r.tenant, r."policyId", ARRAY(SELECT jsonb_array_elements_text(r.objectives)), r.since, r.value, r.threshold, r.measure, r."runId", r."measuredAt"
         FROM jsonb_to_recordset($1::jsonb) AS r("eventId" uuid, tenant text, "policyId" text, objectives jsonb, since timestamptz, value double precision,
           threshold double precision, measure text, "runId" text, "measuredAt" timestamptz)
         ON CONFLICT DO NOTHING`,
        [json(change.driftMeasurements)],
      );
    }
    // The trainer's runs and the model registry: the same writer the trainer uses for its own events.
    await writeTrainerRecords(tx, change.trainerRecords);
    for (const e of change.erasures) await this.erase(tx, e);
    // Annotation queues: the same code the api applies in the request, so this is a no-op for what it wrote.
    if (change.queues.length > 0) await applyQueueChanges(tx, change.queues);
    // Records people create and the scheduler's requested runs: the same code the api and the CLI apply after publishing.
    await applyRecordChanges(tx, change.records);
  }

  /**
   * An erasure is final whatever order events arrive in: topics are ordered only
   * per partition, so on a replay a rater's comparisons may arrive after the
   * erasure of that rater. New events that mention an erased subject are erased at once.
   */
  private async reapplyErasures(tx: EntityManager, events: readonly HindsightEvent[]): Promise<void> {
    const subjects = erasableSubjectsNamed(events);
    if (subjects.length === 0) return;
    // Only the erasures of subjects this batch mentions (by the erasures_subject index), not every erasure of its tenants.
    const erasures: { event_id: string; tenant: string; subject_kind: 'rater' | 'user' | 'interaction'; subject_id: string; reason: string; recorded_at: Date }[] = await tx.query(
      `SELECT e.event_id, e.tenant, e.subject_kind, e.subject_id, e.reason, e.recorded_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS m(tenant, kind, id)
       JOIN erasures e ON e.tenant = m.tenant AND e.subject_kind = m.kind AND e.subject_id = m.id
       ORDER BY e.recorded_at, e.event_id`,
      [subjects.map((m) => m.tenant), subjects.map((m) => m.kind), subjects.map((m) => m.id)],
    );
    for (const r of erasures) {
      await this.erase(tx, { eventId: r.event_id, tenant: r.tenant, subjectKind: r.subject_kind, subjectId: r.subject_id, reason: r.reason, recordedAt: r.recorded_at.toISOString() });
    }
  }

  /**
   * Erasure removes the subject's content from the event store (the events its
   * definitions say it clears: see `erased-events.ts`) and the projections (the
   * envelope stays, as the audit trail, with `erased` set), and records a tombstone.
   */
  private async erase(tx: EntityManager, e: ChangeSet['erasures'][number]): Promise<void> {
    await tx.query(
      `INSERT INTO erasures (event_id, tenant, subject_kind, subject_id, reason, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [e.eventId, e.tenant, e.subjectKind, e.subjectId, e.reason, e.recordedAt],
    );
    await this.destroyKeys(tx, e);
    await tombstoneErasedEvents(tx, e.tenant, e.subjectKind, e.subjectId);
    if (e.subjectKind === 'rater') {
      await tx.query(`UPDATE comparisons SET erased = true, prompt = '', responses = '[]'::jsonb, rubric = '{}'::jsonb, comment = NULL WHERE tenant = $1 AND rater_id = $2`, [e.tenant, e.subjectId]);
      await tx.query('DELETE FROM raters WHERE tenant = $1 AND rater_id = $2', [e.tenant, e.subjectId]);
    } else {
      const interactionFilter =
        e.subjectKind === 'interaction' ? `interaction_id = $2` : `interaction_id IN (SELECT interaction_id FROM interactions WHERE tenant = $1 AND user_id = $2)`;
      await tx.query(`UPDATE feedback SET comment = NULL, corrected_response = NULL WHERE tenant = $1 AND ${interactionFilter}`, [e.tenant, e.subjectId]);
      await tx.query(`UPDATE interactions SET prompt = NULL, response = NULL, erased = true WHERE tenant = $1 AND ${interactionFilter}`, [e.tenant, e.subjectId]);
    }
  }

  /**
   * Crypto-shredding: without the key, the copies on Kafka can no longer be read.
   * A rater or interaction erased before it ever had a key gets a destroyed row
   * too, so no key is made for it later. The erasure's own time is the
   * destruction time, so a replay writes the same rows.
   */
  private async destroyKeys(tx: EntityManager, e: ChangeSet['erasures'][number]): Promise<void> {
    const cleared = `wrapped_key = NULL, kek_id = NULL, wrapped_at = NULL, on_log = true, destroyed_at = $3`;
    let rows: { tenant: string; subject_kind: SubjectRef['kind']; subject_id: string }[];
    if (e.subjectKind === 'rater' || e.subjectKind === 'interaction') {
      rows = await tx.query(
        `INSERT INTO subject_keys AS k (tenant, subject_kind, subject_id, destroyed_at, on_log) VALUES ($1, $4, $2, $3, true)
         ON CONFLICT (tenant, subject_kind, subject_id) DO UPDATE SET ${cleared} WHERE k.destroyed_at IS NULL
         RETURNING tenant, subject_kind, subject_id`,
        [e.tenant, e.subjectId, e.recordedAt, e.subjectKind],
      );
    } else {
      rows = await tx.query(
        `UPDATE subject_keys SET ${cleared} WHERE tenant = $1 AND destroyed_at IS NULL AND subject_kind = 'interaction' AND subject_id IN (
           SELECT interaction_id FROM interactions WHERE tenant = $1 AND user_id = $2
           UNION SELECT payload -> 'data' ->> 'interactionId' FROM events WHERE tenant = $1 AND type = 'interaction.logged' AND payload -> 'data' ->> 'userId' = $2)
         RETURNING tenant, subject_kind, subject_id`,
        [e.tenant, e.subjectId, e.recordedAt],
      );
    }
    if (rows.length > 0 && this.options.onKeysDestroyed) {
      await this.options.onKeysDestroyed(rows.map((r) => ({ ref: { tenant: r.tenant, kind: r.subject_kind, id: r.subject_id }, destroyedAt: e.recordedAt })));
    }
  }
}

function uniquePartitions(messages: readonly ConsumedMessage[]): { topic: string; partition: number }[] {
  const seen = new Map<string, { topic: string; partition: number }>();
  for (const m of messages) seen.set(`${m.topic}\u0000${m.partition}`, { topic: m.topic, partition: m.partition });
  return [...seen.values()];
}

/**
 * A producer retry can put the same event twice into one batch; the index
 * keeps the first, so only the first copy may reach `events` and the projections.
 */
function firstOfEachId<T extends { readonly id: string } | { readonly event: { readonly id: string } }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = 'event' in item ? item.event.id : item.id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
