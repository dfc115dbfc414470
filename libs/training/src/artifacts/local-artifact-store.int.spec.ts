import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactStoreContract } from './artifact-store.contract';
import { LocalArtifactStore } from './local-artifact-store';

/* The artifact-store contract against a local directory (a temporary one). */
let root: string;

describe('LocalArtifactStore', () => {
  artifactStoreContract(
    async () => {
      root = await mkdtemp(join(tmpdir(), 'hindsight-artifacts-'));
      return {
        store: new LocalArtifactStore(root),
        foreignUri: pathToFileURL(join(tmpdir(), 'elsewhere', 'models', 'm.json')).href,
      };
    },
    () => rm(root, { recursive: true, force: true }),
  );

  it('builds in place: a folder already at its key is neither copied nor left with temporary files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hindsight-artifacts-'));
    try {
      const store = new LocalArtifactStore(dir);
      await store.put('runs/r1/dataset/h/train.jsonl', 'row\n');
      await store.putFolder('runs/r1/dataset/h', store.localPath('runs/r1/dataset/h'));
      expect(await readdir(store.localPath('runs/r1/dataset/h'))).toEqual(['train.jsonl']);
      expect(store.uriOf('runs/r1/dataset/h')).toBe(pathToFileURL(join(dir, 'runs/r1/dataset/h')).href);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
