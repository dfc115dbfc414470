import { loadPlatformConfig } from '@hindsight/config';
import { createDataSource, IdempotencyRepository } from '@hindsight/store';
import { idempotencyStoreContract } from './idempotency-store.contract';

/* The idempotency-store contract against the store's repository on this run's PostgreSQL (the fake runs it in the unit tier). */
describe('IdempotencyRepository as the IdempotencyStore port', () => {
  const dataSource = createDataSource(loadPlatformConfig().database);
  idempotencyStoreContract(
    async () => {
      await dataSource.initialize();
      // A lease far longer than a case, and a short wait, so a key another claim holds is reported in flight at once.
      return new IdempotencyRepository(dataSource, { leaseMs: 60_000, maxWaitMs: 200 });
    },
    () => dataSource.destroy(),
    async (tenant) => {
      await dataSource.query(
        `UPDATE idempotency_records SET claimed_at = now() - interval '2 minutes' WHERE tenant = $1 AND response IS NULL`,
        [tenant],
      );
    },
  );
});
