import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '@hindsight/datasets';
import { loadQualityInput } from '@hindsight/quality-report';
import { QualitySourceRepository, type DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import type { DatasetBuilder, QualityInputSource } from './retrain-ports';

/**
 * Builds datasets from PostgreSQL into the store: in place when the store is a
 * local directory, otherwise in a temporary folder that is uploaded and removed.
 * The build is deterministic, so a retried build overwrites with the same bytes;
 * a failed build's partial files are removed (in place too: of no use, and on a
 * full disk they keep it full). A removal that fails is logged, and the build's
 * own error thrown.
 */
export function storedDatasetBuilder(dataSource: DataSource, logger: Logger): DatasetBuilder {
  return {
    async build(store, key, spec) {
      const inPlace = store.localPath(key);
      const dir = inPlace ?? (await mkdtemp(join(tmpdir(), 'hindsight-dataset-')));
      let built = false;
      try {
        if (inPlace) await rm(dir, { recursive: true, force: true });
        const manifest = await buildDataset(dataSource, { ...spec, outDir: dir });
        await store.putFolder(key, dir);
        built = true;
        return manifest;
      } finally {
        if (!inPlace || !built)
          await rm(dir, { recursive: true, force: true }).catch((removeError: unknown) =>
            logger.warn({ err: removeError, dir }, "could not remove the failed dataset build's partial files"),
          );
      }
    },
  };
}

/** The quality gates' input read from PostgreSQL as of T. */
export function storedQualityInput(dataSource: DataSource): QualityInputSource {
  const source = new QualitySourceRepository(dataSource);
  return { load: (tenant, asOf) => loadQualityInput(source, { tenant, asOf }) };
}
