import { createHash } from 'node:crypto';

/** A key-encryption key: wraps the per-subject data keys; the one secret to back up. */
export interface KeyEncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The port through which the key-encryption keys arrive. The local implementation
 * reads a file or a variable; a cloud KMS plugs in here (see the README's
 * "Disaster recovery").
 */
export interface KeyEncryptionKeyRing {
  /** The key that wraps new data keys. */
  current(): KeyEncryptionKey;
  /** A key by id, or undefined when this ring does not hold it. */
  byId(id: string): KeyEncryptionKey | undefined;
  /** Every id the ring holds, the current one first. */
  ids(): readonly string[];
  /** Where the keys came from, for error messages (`HINDSIGHT_KEK`, a file path). */
  readonly origin: string;
}

/**
 * The id of a key-encryption key: derived from the key, so a different key can
 * never pose under a stored id, and the id says nothing usable about the key.
 */
export function kekIdOf(key: Buffer): string {
  return `kek-${createHash('sha256').update('hindsight-kek-id\u0000').update(key).digest('hex').slice(0, 16)}`;
}

/** A ring over fixed keys, the first one current. */
export function keyRingOf(keys: readonly KeyEncryptionKey[], origin: string): KeyEncryptionKeyRing {
  if (keys.length === 0) throw new RangeError('keyRingOf: at least one key-encryption key is needed');
  const byId = new Map(keys.map((k) => [k.id, k]));
  return { current: () => keys[0], byId: (id) => byId.get(id), ids: () => keys.map((k) => k.id), origin };
}
