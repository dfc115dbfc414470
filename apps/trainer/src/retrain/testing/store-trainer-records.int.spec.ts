import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, ModelRegistryRepository, TrainerRunRepository } from '@hindsight/store';
import { trainerRecordsContract } from './trainer-records.contract';

/* The trainer-records contract against the store's repositories on this run's PostgreSQL schema (the fake runs it in the unit tier). */
describe('TrainerRunRepository and ModelRegistryRepository', () => {
  const dataSource = createDataSource(loadPlatformConfig().database);
  trainerRecordsContract(
    async () => {
      await dataSource.initialize();
      const runs = new TrainerRunRepository(dataSource);
      return {
        runs,
        models: new ModelRegistryRepository(dataSource),
        // As the trainer's consumer records it (no offsets: nothing was consumed from Kafka here).
        request: async (event) => void (await runs.recordConsumed('contract-trainer-records', [event], [])),
        outboxOf: (run) => runs.outboxOf(run),
      };
    },
    () => dataSource.destroy(),
  );
});
