import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, ValidationError } from '@hindsight/contracts';
import type { ArtifactStore } from './artifact-store';
import { withLocalFolder } from './with-local-folder';

export interface ArtifactStoreUnderTest {
  readonly store: ArtifactStore;
  /** A URI of the store's own scheme that it does not address (another root or bucket). */
  readonly foreignUri: string;
}

/**
 * The behaviour every ArtifactStore shares, one spec per implementation
 * (local-artifact-store.int.spec.ts, s3-artifact-store.int.spec.ts, and the in-memory
 * fake's in-memory-artifact-store.unit.spec.ts) calls this.
 * Each case writes below a key of its own, so the cases share one store.
 */
export function artifactStoreContract(open: () => Promise<ArtifactStoreUnderTest>, dispose: () => Promise<void>): void {
  let subject: ArtifactStoreUnderTest;
  let files: string;
  let scope = 0;
  const fresh = () => `contract-${Date.now().toString(36)}-${++scope}`;

  beforeAll(async () => {
    subject = await open();
    files = await mkdtemp(join(tmpdir(), 'hindsight-contract-'));
  }, 180_000);

  afterAll(async () => {
    await subject?.store.close();
    await dispose();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('is usable once check resolves', async () => {
    await expect(subject.store.check()).resolves.toBeUndefined();
  });

  it('stores a file of several parts (12 MiB) whole, without reading it into memory first', async () => {
    const { store } = subject;
    const key = `${fresh()}/datasets/helpfulness/train.jsonl`;
    const path = join(files, 'big.jsonl');
    // Not compressible and not repeating, so a part mix-up would show.
    const bytes = Buffer.alloc(12 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i += 4)
      bytes.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, Math.min(i, bytes.length - 4));
    await writeFile(path, bytes);
    expect(await store.putFile(key, path)).toBe(store.uriOf(key));
    const back = Buffer.from(await store.get(key));
    expect(back.length).toBe(bytes.length);
    expect(back.equals(bytes)).toBe(true);
    const streamed: Buffer[] = [];
    for await (const chunk of await store.read(key)) streamed.push(chunk as Buffer);
    // More than one chunk: the file really arrived as a stream, not as one buffer.
    expect(streamed.length).toBeGreaterThan(1);
    expect(Buffer.concat(streamed).equals(bytes)).toBe(true);
  }, 120_000);

  it('gives back the bytes it was given, under the URI it reports', async () => {
    const { store } = subject;
    const key = `${fresh()}/models/helpfulness-r1.json`;
    const binary = new Uint8Array([0, 1, 2, 253, 254, 255]);
    expect(await store.put(key, '{"format":"bt","weights":[0.5]}\n')).toBe(store.uriOf(key));
    expect(Buffer.from(await store.get(key)).toString('utf8')).toBe('{"format":"bt","weights":[0.5]}\n');
    await store.put(`${key}.bin`, binary);
    expect([...(await store.get(`${key}.bin`))]).toEqual([...binary]);
  });

  it('replaces what was stored under a key', async () => {
    const { store } = subject;
    const key = `${fresh()}/runs/r1/run.json`;
    await store.put(key, 'first attempt, longer than the second');
    await store.put(key, 'second');
    expect(Buffer.from(await store.get(key)).toString('utf8')).toBe('second');
  });

  it('answers NotFoundError naming the URI for a key never stored', async () => {
    const { store } = subject;
    const key = `${fresh()}/missing.jsonl`;
    const get = store.get(key);
    await expect(get).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.get(key)).rejects.toThrow(`artifact ${store.uriOf(key)} not found`);
    await expect(store.read(key)).rejects.toThrow(`artifact ${store.uriOf(key)} not found`);
    await expect(store.read(key)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stores a local file', async () => {
    const { store } = subject;
    const path = join(files, 'train.jsonl');
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ id: `a${i}:0`, prompt: `p${i}`, chosen: 'c', rejected: 'r', weight: 1 }),
    ).join('\n');
    await writeFile(path, `${lines}\n`);
    const key = `${fresh()}/train.jsonl`;
    expect(await store.putFile(key, path)).toBe(store.uriOf(key));
    expect(Buffer.from(await store.get(key)).toString('utf8')).toBe(await readFile(path, 'utf8'));
  });

  it('stores a folder, nested files included, and lists it', async () => {
    const { store } = subject;
    const dir = join(files, 'build');
    await mkdir(join(dir, 'extra'), { recursive: true });
    for (const [name, text] of [
      ['train.jsonl', 't\n'],
      ['test.jsonl', ''],
      ['manifest.json', '{}'],
      ['extra/notes.txt', 'n'],
    ])
      await writeFile(join(dir, name), text);
    const key = `${fresh()}/runs/r1/dataset/helpfulness`;
    expect(await store.putFolder(key, dir)).toBe(store.uriOf(key));
    expect(await store.list(key)).toEqual([
      `${key}/extra/notes.txt`,
      `${key}/manifest.json`,
      `${key}/test.jsonl`,
      `${key}/train.jsonl`,
    ]);
    expect(Buffer.from(await store.get(`${key}/test.jsonl`)).length).toBe(0);
    expect(Buffer.from(await store.get(`${key}/extra/notes.txt`)).toString('utf8')).toBe('n');
  });

  it('lists a folder key, not every key that merely starts with it', async () => {
    const { store } = subject;
    const root = fresh();
    await store.put(`${root}/run/a.json`, 'a');
    await store.put(`${root}/runner/b.json`, 'b');
    expect(await store.list(`${root}/run`)).toEqual([`${root}/run/a.json`]);
    expect(await store.list(`${root}/nothing`)).toEqual([]);
  });

  it('maps keys to URIs and back, and claims no other URI', () => {
    const { store, foreignUri } = subject;
    const key = 'runs/0190abcd/dataset/helpfulness/manifest.json';
    expect(store.uriOf(key).startsWith(`${store.location}/`)).toBe(true);
    expect(store.keyOf(store.uriOf(key))).toBe(key);
    expect(store.keyOf(foreignUri)).toBeUndefined();
    expect(store.keyOf('https://example.com/runs/x')).toBeUndefined();
  });

  it.each(['../outside.json', '/absolute.json', 'runs//r1.json', 'runs/./r1.json', '', 'runs\\r1.json'])(
    'rejects the malformed key %j with a ValidationError on "key"',
    async (key) => {
      const { store } = subject;
      expect(() => store.uriOf(key)).toThrow(ValidationError);
      await expect(store.put(key, 'x')).rejects.toMatchObject({
        code: 'validation',
        issues: [{ path: 'key', rule: expect.stringMatching(/^artifactKey: /) }],
      });
      await expect(store.get(key)).rejects.toBeInstanceOf(ValidationError);
      await expect(store.read(key)).rejects.toBeInstanceOf(ValidationError);
    },
  );

  it('lends a stored folder to code that needs local paths', async () => {
    const { store } = subject;
    const key = `${fresh()}/dataset`;
    await store.put(`${key}/train.jsonl`, 'row\n');
    await store.put(`${key}/manifest.json`, '{"sha256":"x"}');
    const seen = await withLocalFolder(store, key, async (dir) => ({
      names: (await readdir(dir)).sort(),
      manifest: await readFile(join(dir, 'manifest.json'), 'utf8'),
    }));
    expect(seen).toEqual({ names: ['manifest.json', 'train.jsonl'], manifest: '{"sha256":"x"}' });
  });
}
