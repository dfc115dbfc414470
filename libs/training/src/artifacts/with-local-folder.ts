import { createWriteStream } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStore } from './artifact-store';

/**
 * Runs `work` on a local folder holding the files stored below `key`: the
 * store's own folder when it is a local directory, otherwise a temporary copy,
 * removed afterwards; files are copied as streams, whatever their size.
 * For readers that need paths (the dataset diff streams files).
 */
export async function withLocalFolder<T>(
  store: ArtifactStore,
  key: string,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const own = store.localPath(key);
  if (own !== undefined) return work(own);
  const dir = await mkdtemp(join(tmpdir(), 'hindsight-artifact-'));
  try {
    for (const stored of await store.list(key)) {
      const path = join(dir, ...stored.slice(key.length + 1).split('/'));
      await mkdir(dirname(path), { recursive: true });
      await pipeline(await store.read(stored), createWriteStream(path));
    }
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
