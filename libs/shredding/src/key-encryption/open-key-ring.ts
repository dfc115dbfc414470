import { SubjectKeyRepository } from '@hindsight/store';
import type { DataSource } from '@hindsight/store';
import type { KeyEncryptionKeyRing } from './key-ring';
import { loadLocalKeyRing, type LocalKeyRingSource } from './local-key-ring';
import { verifyKeyRing } from './verify-key-ring';

/** The local key ring, checked against the stored subject keys: what a service that seals or opens events starts with. */
export async function openKeyRing(source: LocalKeyRingSource, dataSource: DataSource): Promise<KeyEncryptionKeyRing> {
  const ring = loadLocalKeyRing(source);
  await verifyKeyRing(ring, new SubjectKeyRepository(dataSource));
  return ring;
}
