import type { DataSource } from 'typeorm';
import type { DeadLetterItem } from '@hindsight/api-types';
import { erasureTargets, type ErasableSubjectKind } from '@hindsight/contracts';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export type { DeadLetterItem } from '@hindsight/api-types';

export interface ErasureFilter extends ReadWindow {
  readonly subjectKind?: string;
}

/** One erasure in the audit trail: who asked, when, what it destroyed. Never the erased content. */
export interface ErasureItem {
  readonly eventId: string;
  readonly subjectKind: string;
  readonly subjectId: string;
  readonly reason: string;
  readonly requestedAt: string;
  /** Who asked: the request's source (through the api, the client its API key names; `cli` from the command line). */
  readonly requestedBy: string | null;
  readonly destroyed: {
    /** The event types whose content the erasure clears (from their definitions' `erasedBy`). */
    readonly eventTypes: readonly string[];
    /** Events of the tenant now tombstoned for this subject (their envelopes stay). */
    readonly events: number;
    /** When the subject's data keys were destroyed (crypto-shredding of the copies on Kafka). */
    readonly keysDestroyedAt: string | null;
  };
}

export interface DeadLetterFilter extends ReadWindow {
  readonly topic?: string;
}

/** Reads of the erasure audit trail and of dead letters, one tenant at a time. */
export class GovernanceReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async erasures(tenant: string, f: ErasureFilter): Promise<ReadPage<ErasureItem>> {
    const params: unknown[] = [tenant];
    const where = ['x.tenant = $1'];
    if (f.subjectKind !== undefined) where.push(`x.subject_kind = $${params.push(f.subjectKind)}`);
    const { rows, nextCursor } = await readPage<{
      event_id: string;
      subject_kind: string;
      subject_id: string;
      reason: string;
      recorded_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'erasures',
        columns: 'x.event_id, x.subject_kind, x.subject_id, x.reason, x.recorded_at',
        from: 'erasures x',
        where,
        params,
        sortAt: 'x.recorded_at',
        idOf: 'x.event_id',
      },
      f,
    );
    if (rows.length === 0) return { items: [], nextCursor };
    const [requests, keys, counts]: [
      { id: string; source: string }[],
      { subject_kind: string; subject_id: string; destroyed_at: Date | null }[],
      { subject_kind: string; subject_id: string; n: string }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT id::text, source FROM events WHERE tenant = $1 AND type = 'subject.erasure.requested' AND id = ANY($2::uuid[])`,
        [tenant, rows.map((r) => r.event_id)],
      ),
      this.dataSource.query(
        `SELECT subject_kind, subject_id, destroyed_at FROM subject_keys WHERE tenant = $1 AND (subject_kind, subject_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [
          tenant,
          rows.map((r) => (r.subject_kind === 'user' ? 'interaction' : r.subject_kind)),
          rows.map((r) => r.subject_id),
        ],
      ),
      this.dataSource.query(
        `SELECT subject_kind, subject_id, count(*)::text AS n FROM events WHERE tenant = $1 AND erased
           AND (subject_kind, subject_id) IN (SELECT * FROM unnest($2::text[], $3::text[])) GROUP BY subject_kind, subject_id`,
        [tenant, rows.map((r) => r.subject_kind), rows.map((r) => r.subject_id)],
      ),
    ]);
    const items = rows.map((r): ErasureItem => {
      const request = requests.find((q) => q.id === r.event_id);
      const key = keys.find((k) => k.subject_id === r.subject_id);
      const n = counts.find((c) => c.subject_kind === r.subject_kind && c.subject_id === r.subject_id);
      return {
        eventId: r.event_id,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        reason: r.reason,
        requestedAt: isoOf(r.recorded_at) as string,
        requestedBy: request?.source ?? null,
        destroyed: {
          eventTypes: [
            ...new Set(erasureTargets(r.subject_kind as ErasableSubjectKind).flatMap((t) => t.types)),
          ].sort(),
          events: Number(n?.n ?? 0),
          keysDestroyedAt: isoOf(key?.destroyed_at ?? null),
        },
      };
    });
    return { items, nextCursor };
  }

  /** Dead letters of the tenant: those whose message carried the tenant header (`hindsight-tenant`). */
  async deadLetters(tenant: string, f: DeadLetterFilter): Promise<ReadPage<DeadLetterItem>> {
    const params: unknown[] = [tenant];
    const where = [`d.headers ->> 'hindsight-tenant' = $1`];
    if (f.topic !== undefined) where.push(`d.kafka_topic = $${params.push(f.topic)}`);
    const { rows, nextCursor } = await readPage<{
      id: string;
      kafka_topic: string;
      kafka_partition: number;
      kafka_offset: string;
      event_type: string | null;
      reason: string;
      created_at: Date;
      replayed_at: Date | null;
    }>(
      this.dataSource,
      {
        kind: 'dead-letters',
        columns: `d.id::text, d.kafka_topic, d.kafka_partition, d.kafka_offset::text, d.headers ->> 'hindsight-type' AS event_type, d.reason, d.created_at, d.replayed_at`,
        from: 'dead_letters d',
        where,
        params,
        sortAt: 'd.created_at',
        idOf: `lpad(d.id::text, 20, '0')`,
      },
      f,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        topic: r.kafka_topic,
        partition: r.kafka_partition,
        offset: r.kafka_offset,
        eventType: r.event_type,
        reason: r.reason,
        createdAt: isoOf(r.created_at) as string,
        replayedAt: isoOf(r.replayed_at),
      })),
      nextCursor,
    };
  }
}
