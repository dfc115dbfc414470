import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ArtifactStore } from './artifact-store';

/**
 * Runs `work` on a local folder holding the files stored below `key`: the
 * store's own folder when it is a local directory, otherwise a temporary copy,
 * removed afterwards. For readers that need paths (the dataset diff streams files).
 */
export async function withLocalFolder<T>(store: ArtifactStore, key: string, work: (dir: string) => Promise<T>): Promise<T> {
  const own = store.localPath(key);
  if (own !== undefined) return work(own);
  const dir = await mkdtemp(join(tmpdir(), 'hindsight-artifact-'));
  try {
    for (const stored of await store.list(key)) {
      const path = join(dir, ...stored.slice(key.length + 1).split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await store.get(stored));
    }
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
