import { ConfigurationError } from '@hindsight/contracts';

/**
 * The key-encryption keys at hand cannot open the stored data keys: a missing or
 * wrong key ring. Never a per-event failure: nothing is dead-lettered for it,
 * the process stops and says which keys it needs and where it looked.
 */
export class KeyEncryptionKeyError extends ConfigurationError {
  constructor(origin: string, reason: string) {
    super(
      origin.startsWith('HINDSIGHT_KEK_FILE') ? 'HINDSIGHT_KEK_FILE' : 'HINDSIGHT_KEK',
      `${reason} (keys read from ${origin})`,
    );
  }
}
