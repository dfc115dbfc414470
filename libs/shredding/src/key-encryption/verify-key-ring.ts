import type { SubjectKeyRepository } from '@hindsight/store';
import type { KeyEncryptionKeyRing } from './key-ring';
import { unwrapDataKey } from './wrap-data-key';
import { KeyEncryptionKeyError } from './key-encryption-error';

/**
 * Checks at start-up that the ring opens the stored subject keys: every
 * key-encryption key in use is held, and opens one of the keys it wrapped. A
 * missing or wrong ring stops the process here, with the key it needs named,
 * instead of turning every sealed event into a dead letter.
 * @throws KeyEncryptionKeyError naming the variable or file the ring came from.
 */
export async function verifyKeyRing(ring: KeyEncryptionKeyRing, keys: SubjectKeyRepository): Promise<void> {
  if (await keys.hasPlaintextColumn()) {
    throw new KeyEncryptionKeyError(
      ring.origin,
      'subject keys are still stored in the clear from before key wrapping: run `hindsight kek migrate` once first',
    );
  }
  for (const used of await keys.keyEncryptionKeysInUse()) {
    const kek = ring.byId(used.kekId);
    if (!kek) {
      throw new KeyEncryptionKeyError(
        ring.origin,
        `${used.keys} stored subject keys are wrapped under ${used.kekId}, which is not among the keys given (${ring.ids().join(', ')}): restore the backed-up key`,
      );
    }
    try {
      unwrapDataKey(used.sample.wrapped, kek, used.sample.ref);
    } catch {
      throw new KeyEncryptionKeyError(
        ring.origin,
        `the key given as ${used.kekId} does not open the subject keys stored under that id`,
      );
    }
  }
}

/** The injection token of the services' key ring. */
export const KEY_RING = Symbol('KeyEncryptionKeyRing');
