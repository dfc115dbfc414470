import { join } from 'node:path';
import type { ArtifactStore } from './artifact-store';
import { filesBelow } from './files-below';

/** `putFolder` for any store: each file below `dir` by `putFile`, under `key/<relative path>`; resolves to the URI of `key`. */
export async function putEachFile(
  store: Pick<ArtifactStore, 'putFile' | 'uriOf'>,
  key: string,
  dir: string,
): Promise<string> {
  for (const file of await filesBelow(dir)) await store.putFile(`${key}/${file}`, join(dir, ...file.split('/')));
  return store.uriOf(key);
}
