import { InMemoryTrainerRecords } from './in-memory-trainer-records';
import { trainerRecordsContract } from './trainer-records.contract';

/* The trainer-records contract against the in-memory fake the retrain use case's unit specs use. */
describe('InMemoryTrainerRecords', () => {
  trainerRecordsContract(
    async () => {
      const records = new InMemoryTrainerRecords();
      return {
        runs: records,
        models: records,
        request: (event) => records.request(event),
        outboxOf: (run) => records.outboxOf(run),
      };
    },
    async () => undefined,
  );
});
