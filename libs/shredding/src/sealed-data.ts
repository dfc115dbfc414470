import { createCipheriv, createDecipheriv } from 'node:crypto';
import { takeRandomBytes } from './random-bytes-pool';
import type { SubjectKeyRef } from './personal-subject';

/** What `data` looks like on Kafka for an event with personal content. */
export interface SealedData {
  readonly $sealed: {
    readonly alg: 'A256GCM';
    readonly key: SubjectKeyRef;
    readonly iv: string;
    readonly tag: string;
    readonly ciphertext: string;
  };
}

export function isSealedData(data: unknown): data is SealedData {
  return typeof data === 'object' && data !== null && '$sealed' in data;
}

/**
 * Encrypts `data` with the subject's 256-bit key (AES-256-GCM). The tenant, type
 * and event id are authenticated as associated data, so a ciphertext cannot be
 * moved to another event. `dataJson`, when the caller has it, is `JSON.stringify(data)`, encrypted
 * as it is instead of serialising `data` again.
 */
export function sealData(
  data: unknown,
  key: Buffer,
  ref: SubjectKeyRef,
  associated: string,
  dataJson: string = JSON.stringify(data),
): SealedData {
  const { iv, tag, ciphertext } = encrypt(key, associated, dataJson);
  return { $sealed: { alg: 'A256GCM', key: ref, iv, tag, ciphertext } };
}

/**
 * `JSON.stringify(sealData(…))`, the same text, written directly: the api seals every event with personal
 * content, and building the object and escaping its base64 strings (which never need escaping) was work per event.
 */
export function sealedDataJson(key: Buffer, ref: SubjectKeyRef, associated: string, dataJson: string): string {
  const { iv, tag, ciphertext } = encrypt(key, associated, dataJson);
  return `{"$sealed":{"alg":"A256GCM","key":${JSON.stringify({ kind: ref.kind, id: ref.id })},"iv":"${iv}","tag":"${tag}","ciphertext":"${ciphertext}"}}`;
}

function encrypt(key: Buffer, associated: string, dataJson: string): { iv: string; tag: string; ciphertext: string } {
  const iv = takeRandomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associated, 'utf8'));
  // GCM is a stream mode: `final` adds no bytes, it only computes the tag.
  const ciphertext = cipher.update(dataJson, 'utf8').toString('base64');
  cipher.final();
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext };
}

/** Decrypts sealed data; throws if the key is wrong or the ciphertext or associated data were altered. */
export function openData(sealed: SealedData, key: Buffer, associated: string): unknown {
  return JSON.parse(openDataText(sealed, key, associated));
}

/** `openData` before its `JSON.parse`: the opened JSON text of the data (a consumer screens it for unstorable strings). */
export function openDataText(sealed: SealedData, key: Buffer, associated: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.$sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.$sealed.tag, 'base64'));
  // Straight to text: GCM's final() yields no bytes, so there is nothing to concatenate.
  return decipher.update(Buffer.from(sealed.$sealed.ciphertext, 'base64'), undefined, 'utf8') + decipher.final('utf8');
}

/** The associated data of an event: what must not change for its ciphertext to stay valid. */
export const associatedDataOf = (event: { tenant: string; type: string; id: string }) =>
  `${event.tenant}\u0000${event.type}\u0000${event.id}`;
