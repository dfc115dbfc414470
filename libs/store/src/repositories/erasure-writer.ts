import type { EntityManager } from 'typeorm';
import type { HindsightEvent } from '@hindsight/contracts';
import type { ChangeSet } from '@hindsight/projections';
import { erasableSubjectsNamed, tombstoneErasedEvents } from './erased-events';
import { eraseRoutedTasks } from './routing-projection';
import type { SubjectRef } from './subject-key.repository';

/** Told, inside the batch's transaction, which subject keys an erasure destroyed. */
export type OnKeysDestroyed = (destroyed: readonly { ref: SubjectRef; destroyedAt: string }[]) => Promise<void>;

/** Erasure in the store: the tombstone, the redacted events and read models, the destroyed keys. */
export class ErasureWriter {
  constructor(private readonly onKeysDestroyed?: OnKeysDestroyed) {}

  /**
   * An erasure is final whatever order events arrive in: topics are ordered only
   * per partition, so on a replay a rater's comparisons may arrive after the
   * erasure of that rater. New events that mention an erased subject are erased at once.
   */
  async reapplyErasures(tx: EntityManager, events: readonly HindsightEvent[]): Promise<void> {
    const subjects = erasableSubjectsNamed(events);
    if (subjects.length === 0) return;
    // Only the erasures of subjects this batch mentions (by the erasures_subject index), not every erasure of its tenants.
    const erasures: {
      event_id: string;
      tenant: string;
      subject_kind: 'rater' | 'user' | 'interaction';
      subject_id: string;
      reason: string;
      recorded_at: Date;
    }[] = await tx.query(
      `SELECT e.event_id, e.tenant, e.subject_kind, e.subject_id, e.reason, e.recorded_at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS m(tenant, kind, id)
       JOIN erasures e ON e.tenant = m.tenant AND e.subject_kind = m.kind AND e.subject_id = m.id
       ORDER BY e.recorded_at, e.event_id`,
      [subjects.map((m) => m.tenant), subjects.map((m) => m.kind), subjects.map((m) => m.id)],
    );
    for (const r of erasures) {
      await this.erase(tx, {
        eventId: r.event_id,
        tenant: r.tenant,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        reason: r.reason,
        recordedAt: r.recorded_at.toISOString(),
      });
    }
  }

  /**
   * Erasure removes the subject's content from the event store (the events its
   * definitions say it clears: see `erased-events.ts`) and the projections (the
   * envelope stays, as the audit trail, with `erased` set), and records a tombstone.
   */
  async erase(tx: EntityManager, e: ChangeSet['erasures'][number]): Promise<void> {
    await tx.query(
      `INSERT INTO erasures (event_id, tenant, subject_kind, subject_id, reason, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [e.eventId, e.tenant, e.subjectKind, e.subjectId, e.reason, e.recordedAt],
    );
    await this.destroyKeys(tx, e);
    await tombstoneErasedEvents(tx, e.tenant, e.subjectKind, e.subjectId);
    if (e.subjectKind === 'rater') {
      await tx.query(
        `UPDATE comparisons SET erased = true, prompt = '', responses = '[]'::jsonb, rubric = '{}'::jsonb, comment = NULL WHERE tenant = $1 AND rater_id = $2`,
        [e.tenant, e.subjectId],
      );
      await tx.query('DELETE FROM raters WHERE tenant = $1 AND rater_id = $2', [e.tenant, e.subjectId]);
    } else {
      await eraseRoutedTasks(tx, e.tenant, e.subjectKind, e.subjectId);
      const interactionFilter =
        e.subjectKind === 'interaction'
          ? `interaction_id = $2`
          : `interaction_id IN (SELECT interaction_id FROM interactions WHERE tenant = $1 AND user_id = $2)`;
      await tx.query(
        `UPDATE feedback SET comment = NULL, corrected_response = NULL WHERE tenant = $1 AND ${interactionFilter}`,
        [e.tenant, e.subjectId],
      );
      await tx.query(
        `UPDATE interactions SET prompt = NULL, response = NULL, objective = NULL, surface = NULL, locale = NULL, erased = true WHERE tenant = $1 AND ${interactionFilter}`,
        [e.tenant, e.subjectId],
      );
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
    if (rows.length > 0 && this.onKeysDestroyed) {
      await this.onKeysDestroyed(
        rows.map((r) => ({
          ref: { tenant: r.tenant, kind: r.subject_kind, id: r.subject_id },
          destroyedAt: e.recordedAt,
        })),
      );
    }
  }
}
