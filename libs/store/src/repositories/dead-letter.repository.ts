import type { DataSource } from 'typeorm';

export interface DeadLetterRow {
  readonly id: string;
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
  readonly createdAt: string;
  readonly replayedAt: string | null;
}

interface Raw {
  id: string;
  consumer_group: string;
  kafka_topic: string;
  kafka_partition: number;
  kafka_offset: string;
  reason: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  created_at: Date;
  replayed_at: Date | null;
}

const toRow = (r: Raw): DeadLetterRow => ({
  id: String(r.id),
  consumerGroup: r.consumer_group,
  topic: r.kafka_topic,
  partition: r.kafka_partition,
  offset: String(r.kafka_offset),
  reason: r.reason,
  key: r.key,
  value: r.value,
  headers: r.headers,
  createdAt: r.created_at.toISOString(),
  replayedAt: r.replayed_at?.toISOString() ?? null,
});

/** Messages the projector could not apply, with their reason and original bytes. */
export class DeadLetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(options: { includeReplayed: boolean; limit: number }): Promise<DeadLetterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT * FROM dead_letters WHERE $1 OR replayed_at IS NULL ORDER BY id LIMIT $2`,
      [options.includeReplayed, options.limit],
    );
    return rows.map(toRow);
  }

  async byIds(ids: readonly string[]): Promise<DeadLetterRow[]> {
    const rows: Raw[] = await this.dataSource.query(
      'SELECT * FROM dead_letters WHERE id = ANY($1::bigint[]) ORDER BY id',
      [ids],
    );
    return rows.map(toRow);
  }

  async markReplayed(ids: readonly string[]): Promise<void> {
    await this.dataSource.query('UPDATE dead_letters SET replayed_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }
}
