import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig } from '@hindsight/config';
import { EventOpener, loadLocalKeyRing } from '@hindsight/shredding';
import { SubjectKeyRepository } from '@hindsight/store';

/**
 * Events with personal content travel sealed with their subject's key; tests
 * that read a topic open them the way the projector does, with the run's key ring.
 */
export async function openEventValues(
  dataSource: DataSource,
  values: readonly string[],
): Promise<Record<string, unknown>[]> {
  const ring = loadLocalKeyRing(loadPlatformConfig().keyEncryption);
  const opened = await new EventOpener(new SubjectKeyRepository(dataSource), ring).open(
    values.map((v) => JSON.parse(v) as unknown),
  );
  return opened.map((o) => {
    if (o.kind === 'unreadable') throw new Error(`openEventValues: ${o.reason}`);
    return o.value;
  });
}
