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

/** How `sealedDataJson` starts every sealed data's text. */
const SEALED_PREFIX = '{"$sealed":{"alg":"A256GCM","key":';
const DATA_KEY = '"data":';

/**
 * Where `data`, the sealed data of the event parsed from `json`, is in that text, when the text spells it as
 * `sealedDataJson` does right after `"data":`: its first and past-last character. Undefined otherwise (other
 * spacing, order or keys, an escape in it, a `\u` escape or a second `"data"` anywhere in the text).
 * Why it is then `data`'s text: `"data"` once in the text, unescaped, is the one `data` key JSON.parse read;
 * in its value, JSON's grammar leaves each string of the sealed object one place, and a string without an
 * escape is as long in the text as its value, so the value's lengths say where each piece ends.
 *
 * @example sealedDataSpan(`{"id":"x","data":${sealedDataJson(key, ref, ad, '{}')}}`, parsed.data) // { start: 17, end: … }
 */
export function sealedDataSpan(json: string, data: SealedData): { start: number; end: number } | undefined {
  const { key, iv, tag, ciphertext } = data.$sealed;
  if (typeof key !== 'object' || key === null || json.includes('\\u')) return undefined;
  // The first `"data"`; none may follow the sealed data (inside it, one could only be a value: the key's id).
  const dataKey = json.indexOf('"data"');
  if (dataKey === -1 || !json.startsWith(DATA_KEY, dataKey)) return undefined;
  const start = dataKey + DATA_KEY.length;
  if (!json.startsWith(SEALED_PREFIX, start)) return undefined;
  let at = start + SEALED_PREFIX.length;
  const strings = [
    '{"kind":"',
    key.kind,
    '","id":"',
    key.id,
    '"},"iv":"',
    iv,
    '","tag":"',
    tag,
    '","ciphertext":"',
    ciphertext,
  ];
  for (let i = 0; i < strings.length; i += 2) {
    const value: unknown = strings[i + 1];
    if (typeof value !== 'string' || !json.startsWith(strings[i], at)) return undefined;
    at += strings[i].length + value.length;
  }
  if (!json.startsWith('"}}', at)) return undefined;
  const end = at + 3;
  const escape = json.indexOf('\\', start);
  if (escape !== -1 && escape < end) return undefined;
  return json.includes('"data"', end) ? undefined : { start, end };
}

/** Decrypts sealed data; throws if the key is wrong or the ciphertext or associated data were altered. */
export function openData(sealed: SealedData, key: Buffer, associated: string): unknown {
  return JSON.parse(openDataText(sealed, key, associated));
}

/** `openData` before its `JSON.parse`: the opened JSON text of the data (a consumer screens it for unstorable strings). */
export function openDataText(sealed: SealedData, key: Buffer, associated: string): string {
  return openDataBytes(sealed, key, associated).toString('utf8');
}

/** `openDataText` before decoding: the opened data's bytes (UTF-8 JSON, unless the sealer wrote something else). */
export function openDataBytes(sealed: SealedData, key: Buffer, associated: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.$sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(associated, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.$sealed.tag, 'base64'));
  // GCM is a stream mode: `final` yields no bytes (it checks the tag), so `update`'s bytes are all of them.
  const bytes = decipher.update(Buffer.from(sealed.$sealed.ciphertext, 'base64'));
  decipher.final();
  return bytes;
}

/** The associated data of an event: what must not change for its ciphertext to stay valid. */
export const associatedDataOf = (event: { tenant: string; type: string; id: string }) =>
  `${event.tenant}\u0000${event.type}\u0000${event.id}`;
