import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The next offset to read, per consumer group and partition. Written in the same
 * transaction as the rows a batch produced, which is what makes projections exactly-once.
 */
@Entity({ name: 'consumer_offsets' })
export class ConsumerOffset {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
