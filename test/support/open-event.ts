import type { DataSource } from 'typeorm';
import { EventOpener } from '@hindsight/shredding';
import { SubjectKeyRepository } from '@hindsight/store';

/**
 * Events with personal content travel sealed with their subject's key; tests
 * that read a topic open them the way the projector does.
 */
export async function openEventValues(dataSource: DataSource, values: readonly string[]): Promise<Record<string, unknown>[]> {
  const opened = await new EventOpener(new SubjectKeyRepository(dataSource)).open(values.map((v) => JSON.parse(v) as unknown));
  return opened.map((o) => {
    if (o.kind === 'unreadable') throw new Error(`openEventValues: ${o.reason}`);
    return o.value;
  });
}
