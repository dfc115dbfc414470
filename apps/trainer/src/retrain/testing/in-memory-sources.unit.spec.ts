import { InMemoryPointInTime } from './in-memory-sources';
import { pointInTimeSourcesContract } from './point-in-time-sources.contract';

/* The point-in-time sources contract against the in-memory fake the retrain use case's unit specs use. */
describe('InMemoryPointInTime', () => {
  pointInTimeSourcesContract(
    async () => {
      const sources = new InMemoryPointInTime();
      return {
        datasets: sources,
        quality: sources,
        outcomes: sources,
        record: async (tenant, at, comparisons) => void sources.record(tenant, at, comparisons),
      };
    },
    async () => undefined,
  );
});
