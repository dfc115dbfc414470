import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigurationError } from '@hindsight/contracts';
import { kekIdOf, keyRingOf, type KeyEncryptionKey, type KeyEncryptionKeyRing } from './key-ring';

/** Where the local key ring is read from (the validated platform configuration's `keyEncryption`). */
export interface LocalKeyRingSource {
  /** `HINDSIGHT_KEK`: `id:base64key[,…]`, the first current; empty to read the file. */
  readonly inline: string;
  /** `HINDSIGHT_KEK_FILE`. */
  readonly file: string;
}

/** The key file: every key the platform may still need, and which one wraps new data keys. */
export interface KeyRingFile {
  readonly format: 'hindsight.kek-ring';
  readonly version: 1;
  readonly current: string;
  readonly keys: readonly { readonly id: string; readonly key: string; readonly createdAt: string }[];
}

const KEY_BYTES = 32;

/**
 * The local key ring. With `HINDSIGHT_KEK` set it is fixed; from a file it is
 * re-read when the file changes (checked at most once a second), so a rotation
 * reaches running services without a restart.
 * @throws ConfigurationError naming `HINDSIGHT_KEK` or `HINDSIGHT_KEK_FILE` when the keys are missing or malformed.
 */
export function loadLocalKeyRing(source: LocalKeyRingSource): KeyEncryptionKeyRing {
  if (source.inline !== '') return keyRingOf(parseInline(source.inline), 'HINDSIGHT_KEK');
  return new FileKeyRing(source.file);
}

class FileKeyRing implements KeyEncryptionKeyRing {
  private ring: KeyEncryptionKeyRing;
  private mtimeMs: number;
  private checkedAt = Date.now();
  readonly origin: string;

  constructor(private readonly path: string) {
    this.origin = `HINDSIGHT_KEK_FILE (${path})`;
    if (!existsSync(path)) {
      throw new ConfigurationError(
        'HINDSIGHT_KEK_FILE',
        `no key-encryption key at ${path}: restore the backed-up key file there (or set HINDSIGHT_KEK); on a new platform \`hindsight kek init\` (or \`npm start\`) creates one`,
      );
    }
    this.mtimeMs = statSync(path).mtimeMs;
    this.ring = keyRingOf(parseFile(readFileSync(path, 'utf8'), path), this.origin);
  }

  current(): KeyEncryptionKey {
    this.refresh();
    return this.ring.current();
  }

  byId(id: string): KeyEncryptionKey | undefined {
    this.refresh();
    return this.ring.byId(id) ?? (this.refresh(true), this.ring.byId(id));
  }

  ids(): readonly string[] {
    this.refresh();
    return this.ring.ids();
  }

  private refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const mtimeMs = statSync(this.path, { throwIfNoEntry: false })?.mtimeMs;
    // A file removed or half-written under us keeps the keys we had: never lose the ring mid-flight.
    if (mtimeMs === undefined || mtimeMs === this.mtimeMs) return;
    try {
      this.ring = keyRingOf(parseFile(readFileSync(this.path, 'utf8'), this.path), this.origin);
      this.mtimeMs = mtimeMs;
    } catch {
      /* keep the previous ring; the next change is read again */
    }
  }
}

function parseInline(value: string): KeyEncryptionKey[] {
  return value.split(',').map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    const key = decodeKey(entry.slice(colon + 1).trim());
    if (colon < 1 || key === undefined) {
      throw new ConfigurationError(
        'HINDSIGHT_KEK',
        `entry ${index + 1} must be id:base64 of 32 random bytes (as \`hindsight kek init --print\` makes)`,
      );
    }
    if (id !== kekIdOf(key))
      throw new ConfigurationError(
        'HINDSIGHT_KEK',
        `entry ${index + 1}: the id "${id}" is not the id of its key (expected ${kekIdOf(key)})`,
      );
    return { id, key };
  });
}

function parseFile(text: string, path: string): KeyEncryptionKey[] {
  let file: KeyRingFile;
  try {
    file = JSON.parse(text) as KeyRingFile;
  } catch {
    throw new ConfigurationError('HINDSIGHT_KEK_FILE', `${path} is not JSON`);
  }
  if (file?.format !== 'hindsight.kek-ring' || !Array.isArray(file.keys) || file.keys.length === 0) {
    throw new ConfigurationError(
      'HINDSIGHT_KEK_FILE',
      `${path} is not a key ring (format hindsight.kek-ring with at least one key)`,
    );
  }
  const keys = file.keys.map((k, index) => {
    const key = typeof k?.key === 'string' ? decodeKey(k.key) : undefined;
    if (key === undefined)
      throw new ConfigurationError('HINDSIGHT_KEK_FILE', `${path}: keys[${index}].key must be base64 of 32 bytes`);
    if (k.id !== kekIdOf(key))
      throw new ConfigurationError(
        'HINDSIGHT_KEK_FILE',
        `${path}: keys[${index}].id is not the id of its key (altered file?)`,
      );
    return { id: k.id, key };
  });
  const current = keys.find((k) => k.id === file.current);
  if (!current)
    throw new ConfigurationError(
      'HINDSIGHT_KEK_FILE',
      `${path}: current "${String(file.current)}" is not one of its keys`,
    );
  return [current, ...keys.filter((k) => k !== current)];
}

function decodeKey(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

/** A new random key-encryption key. */
export function generateKeyEncryptionKey(): KeyEncryptionKey {
  const key = randomBytes(KEY_BYTES);
  return { id: kekIdOf(key), key };
}

/** `id:base64`, the form `HINDSIGHT_KEK` takes. */
export const formatInlineKey = (kek: KeyEncryptionKey) => `${kek.id}:${kek.key.toString('base64')}`;

/** Reads a key file as it is (for rotation and retirement). */
export function readKeyRingFile(path: string): KeyRingFile {
  parseFile(readFileSync(path, 'utf8'), path);
  return JSON.parse(readFileSync(path, 'utf8')) as KeyRingFile;
}

/**
 * Writes a key file atomically (a temporary file renamed over it) with mode 0600,
 * so a service re-reading it never sees half a file.
 */
export function writeKeyRingFile(path: string, file: KeyRingFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** A key file holding one new key. */
export function newKeyRingFile(kek: KeyEncryptionKey, now: Date): KeyRingFile {
  return {
    format: 'hindsight.kek-ring',
    version: 1,
    current: kek.id,
    keys: [{ id: kek.id, key: kek.key.toString('base64'), createdAt: now.toISOString() }],
  };
}
