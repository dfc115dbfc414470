import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A key reads `hsk_<lookup id>_<secret>`: the lookup id (12 base64url chars) finds
 * the row, the secret (32 random bytes, base64url) is checked against its SHA-256.
 * A fast hash is right here: the secret has 256 bits of entropy, so there is
 * nothing to brute-force, unlike a password.
 */
const pattern = /^hsk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  readonly lookupId: string;
  readonly secret: string;
}

export function parseApiKey(presented: string): ParsedApiKey | undefined {
  const match = pattern.exec(presented.trim());
  return match ? { lookupId: match[1], secret: match[2] } : undefined;
}

export function formatApiKey(
  lookupIdBytes: Buffer,
  secretBytes: Buffer,
): { key: string; lookupId: string; secret: string } {
  if (lookupIdBytes.length !== 9 || secretBytes.length !== 32)
    throw new Error('formatApiKey: needs 9 lookup bytes and 32 secret bytes');
  const lookupId = lookupIdBytes.toString('base64url');
  const secret = secretBytes.toString('base64url');
  return { key: `hsk_${lookupId}_${secret}`, lookupId, secret };
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function secretMatches(secret: string, storedSha256: Buffer): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedSha256.length && timingSafeEqual(presented, storedSha256);
}
