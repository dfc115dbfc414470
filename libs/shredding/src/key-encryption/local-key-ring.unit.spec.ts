import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@hindsight/contracts';
import {
  formatInlineKey,
  generateKeyEncryptionKey,
  loadLocalKeyRing,
  newKeyRingFile,
  readKeyRingFile,
  writeKeyRingFile,
} from './local-key-ring';

describe('loadLocalKeyRing', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kek-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads HINDSIGHT_KEK, the first entry current, and ignores the file then', () => {
    const a = generateKeyEncryptionKey();
    const b = generateKeyEncryptionKey();
    const ring = loadLocalKeyRing({
      inline: `${formatInlineKey(a)},${formatInlineKey(b)}`,
      file: join(dir, 'absent.json'),
    });
    expect(ring.current().id).toBe(a.id);
    expect(ring.byId(b.id)?.key.equals(b.key)).toBe(true);
    expect(ring.ids()).toEqual([a.id, b.id]);
    expect(ring.origin).toBe('HINDSIGHT_KEK');
  });

  it('refuses a malformed HINDSIGHT_KEK, naming the variable', () => {
    const a = generateKeyEncryptionKey();
    const bad = (inline: string) => () => loadLocalKeyRing({ inline, file: '' });
    expect(bad('not-a-key')).toThrow(/HINDSIGHT_KEK: entry 1 must be id:base64 of 32 random bytes/);
    expect(bad(`${a.id}:${Buffer.alloc(16).toString('base64')}`)).toThrow(/HINDSIGHT_KEK: entry 1 must be/);
    expect(bad(`kek-0000000000000000:${a.key.toString('base64')}`)).toThrow(
      /HINDSIGHT_KEK: entry 1: the id "kek-0000000000000000" is not the id of its key/,
    );
    expect(bad('x')).toThrow(ConfigurationError);
  });

  it('refuses a missing file, naming HINDSIGHT_KEK_FILE, the path and what to do', () => {
    const file = join(dir, 'kek.json');
    expect(() => loadLocalKeyRing({ inline: '', file })).toThrow(
      new RegExp(
        `HINDSIGHT_KEK_FILE: no key-encryption key at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: restore the backed-up key file`,
      ),
    );
  });

  it('refuses a file that is not a key ring, or whose ids do not match their keys', () => {
    const file = join(dir, 'kek.json');
    writeFileSync(file, '{"format":"other"}');
    expect(() => loadLocalKeyRing({ inline: '', file })).toThrow(/is not a key ring/);
    const a = generateKeyEncryptionKey();
    const ring = newKeyRingFile(a, new Date());
    writeFileSync(
      file,
      JSON.stringify({ ...ring, keys: [{ ...ring.keys[0], key: generateKeyEncryptionKey().key.toString('base64') }] }),
    );
    expect(() => loadLocalKeyRing({ inline: '', file })).toThrow(/keys\[0\]\.id is not the id of its key/);
  });

  it('writes the file with mode 0600 and reads it back', () => {
    const file = join(dir, 'sub', 'kek.json');
    const a = generateKeyEncryptionKey();
    writeKeyRingFile(file, newKeyRingFile(a, new Date('2026-01-01T00:00:00Z')));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readKeyRingFile(file).current).toBe(a.id);
    expect(loadLocalKeyRing({ inline: '', file }).current().key.equals(a.key)).toBe(true);
  });

  it('sees a rotation written to the file without a restart, and keeps the old key', async () => {
    const file = join(dir, 'kek.json');
    const a = generateKeyEncryptionKey();
    writeKeyRingFile(file, newKeyRingFile(a, new Date()));
    const ring = loadLocalKeyRing({ inline: '', file });
    const b = generateKeyEncryptionKey();
    const before = readKeyRingFile(file);
    writeKeyRingFile(file, {
      ...before,
      current: b.id,
      keys: [{ id: b.id, key: b.key.toString('base64'), createdAt: new Date().toISOString() }, ...before.keys],
    });
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    // An id the ring does not know yet makes it look again at once.
    expect(ring.byId(b.id)?.id).toBe(b.id);
    await new Promise((r) => setTimeout(r, 1100));
    expect(ring.current().id).toBe(b.id);
    expect(ring.byId(a.id)?.id).toBe(a.id);
  });
});
