import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatformConfig } from '@hindsight/config';
import { normaliseRecipe } from '@hindsight/datasets';
import { createLogger } from '@hindsight/runtime';
import { createDataSource } from '@hindsight/store';
import { LocalArtifactStore } from '@hindsight/training';
import { storedDatasetBuilder } from './retrain-adapters';

/**
 * A dataset build that fails half-way, in place in a local store: its folder is gone afterwards. The failure is
 * a real one of PostgreSQL (the build reads a schema that has none of the platform's tables), after the build
 * made its output folder.
 */
describe('storedDatasetBuilder', () => {
  const config = loadPlatformConfig();
  const dataSource = createDataSource({ ...config.database, schema: `${config.database.schema}_no_tables` });
  let root: string;

  beforeAll(async () => {
    await dataSource.initialize();
    root = await mkdtemp(join(tmpdir(), 'hindsight-build-'));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await rm(root, { recursive: true, force: true });
  });

  it("removes a failed in-place build's folder and throws the build's error", async () => {
    const store = new LocalArtifactStore(root);
    const key = 'runs/acme/r1/dataset/h';
    const build = storedDatasetBuilder(dataSource, createLogger('spec', 'silent')).build(store, key, {
      tenant: 'acme',
      asOf: '2026-01-01T00:00:00.000Z',
      recipe: normaliseRecipe({}),
      codeVersion: 'spec',
    });

    await expect(build).rejects.toThrow(/does not exist/);
    await expect(stat(store.localPath(key) as string)).rejects.toMatchObject({ code: 'ENOENT' });
    // The folders above it stay: only the build's own folder is the build's.
    expect(await readdir(join(root, 'runs', 'acme', 'r1', 'dataset'))).toEqual([]);
  });
});
