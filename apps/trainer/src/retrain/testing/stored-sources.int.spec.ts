import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, sealEvent, validateEventInput, type HindsightEvent } from '@hindsight/contracts';
import { BatchApplier } from '@hindsight/projector-core';
import { planProjection } from '@hindsight/projections';
import { comparisonEvent } from '@hindsight/quality-report';
import { createLogger } from '@hindsight/runtime';
import { EventOpener, generateKeyEncryptionKey, keyRingOf } from '@hindsight/shredding';
import {
  createDataSource,
  ModelOutcomeSourceRepository,
  ProjectionStore,
  SubjectKeyRepository,
} from '@hindsight/store';
import { storedDatasetBuilder, storedQualityInput } from '../retrain-adapters';
import { pointInTimeSourcesContract } from './point-in-time-sources.contract';

/*
 * The point-in-time sources contract against PostgreSQL (this run's schema): the
 * judgments are projected by the projector's own BatchApplier, as from Kafka,
 * and read back by the real dataset build, quality input and outcomes reads.
 */
describe('storedDatasetBuilder, storedQualityInput and ModelOutcomeSourceRepository', () => {
  const dataSource = createDataSource(loadPlatformConfig().database);
  pointInTimeSourcesContract(
    async () => {
      await dataSource.initialize();
      const opener = new EventOpener(
        new SubjectKeyRepository(dataSource),
        keyRingOf([generateKeyEncryptionKey()], 'contract'),
      );
      const applier = new BatchApplier(
        new ProjectionStore(dataSource, { plan: planProjection }),
        undefined,
        'dead-letter',
        `contract-sources-${randomUUID().slice(0, 8)}`,
        createLogger('contract', 'silent'),
        opener,
      );
      let batches = 0;
      return {
        datasets: storedDatasetBuilder(dataSource, createLogger('contract', 'silent')),
        quality: storedQualityInput(dataSource),
        outcomes: new ModelOutcomeSourceRepository(dataSource),
        record: async (tenant, recordedAt, comparisons) => {
          const label = `${tenant}-${++batches}`;
          const events = comparisons.map((c, i) => {
            const input = validateEventInput(comparisonEvent(c, i, label));
            return sealEvent(input, {
              id: formatUuidV7(recordedAt.getTime(), randomBytes(10)),
              recordedAt: recordedAt.toISOString(),
              tenant,
              source: 'contract',
            }) as HindsightEvent;
          });
          const topic = `contract-sources-${label}`;
          const outcome = await applier.apply({
            topic,
            partition: 0,
            highWatermark: String(events.length),
            messages: events.map((e, i) => ({
              topic,
              partition: 0,
              offset: String(i),
              key: Buffer.from(tenant),
              value: Buffer.from(JSON.stringify(e)),
              headers: { 'hindsight-type': e.type },
              timestamp: String(recordedAt.getTime()),
            })),
          });
          if (outcome.applied !== events.length)
            throw new Error(
              `projected ${outcome.applied} of ${events.length} judgments (${outcome.deadLetters} dead letters)`,
            );
        },
      };
    },
    () => dataSource.destroy(),
  );
});
