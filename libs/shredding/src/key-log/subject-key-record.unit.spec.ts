import { isDestroyed, parseSubjectKeyRecord, subjectKeyMessageKey } from './subject-key-record';
import { destroyedKeyRecord, wrappedKeyRecord } from './subject-key-log';

describe('subject-key records', () => {
  const ref = { tenant: 'acme', kind: 'rater' as const, id: 'r/1' };

  it('round-trips a wrapped key and a destruction through JSON', () => {
    const wrapped = wrappedKeyRecord(ref, 'kek-1', Buffer.from([1, 2, 3]), '2026-01-01T00:00:00.000Z');
    expect(parseSubjectKeyRecord(JSON.stringify(wrapped))).toEqual(wrapped);
    const destroyed = destroyedKeyRecord(ref, '2026-02-01T00:00:00.000Z');
    const parsed = parseSubjectKeyRecord(Buffer.from(JSON.stringify(destroyed)));
    expect(parsed && isDestroyed(parsed)).toBe(true);
    expect(JSON.stringify(destroyed)).not.toContain('wrappedKey');
  });

  it('keys one subject to one message key, unambiguous although ids may hold a slash', () => {
    expect(subjectKeyMessageKey(ref)).toBe('acme/rater/r/1');
  });

  it('skips what is not a record instead of throwing', () => {
    for (const value of [
      null,
      'not json',
      '{}',
      '{"format":"hindsight.subject-key","version":2}',
      '{"format":"hindsight.subject-key","version":1,"tenant":"a","kind":"user","id":"x","destroyedAt":"t"}',
    ]) {
      expect(parseSubjectKeyRecord(value)).toBeUndefined();
    }
  });
});
