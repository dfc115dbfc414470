import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashedFileWriter } from './hashed-file-writer';

// Real files: the point is what the file system does when it fails.
describe('HashedFileWriter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hashed-writer-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the lines and returns the SHA-256 of the file', async () => {
    const writer = new HashedFileWriter(join(dir, 'ok.jsonl'));
    await writer.writeLine('{"a":1}');
    await writer.writeLine('{"b":"ü"}');
    const sha = await writer.close();
    const bytes = await readFile(join(dir, 'ok.jsonl'));
    expect(sha).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect({ lines: writer.lines, bytes: writer.bytes }).toEqual({ lines: 2, bytes: bytes.length });
  });

  it('rejects, naming the file, when its folder does not exist (no uncaught exception)', async () => {
    const path = join(dir, 'missing', 'train.jsonl');
    const writer = new HashedFileWriter(path);
    await writer.writeLine('{"a":1}');
    await expect(writer.close()).rejects.toThrow(`cannot write ${path}: ENOENT`);
  });

  it('rejects when the disk is full (/dev/full), whether it waits for drain or for close', async () => {
    const big = new HashedFileWriter('/dev/full');
    const line = 'x'.repeat(64 * 1024);
    await expect(big.writeLine(line)).rejects.toThrow('cannot write /dev/full: ENOSPC');
    const small = new HashedFileWriter('/dev/full');
    await small.writeLine('{"a":1}');
    await expect(small.close()).rejects.toThrow(/ENOSPC/);
  });
});
