import { idempotencyStoreContract } from './idempotency-store.contract';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';

/* The idempotency-store contract against the in-memory fake the ingestion use case's unit specs use. */
describe('InMemoryIdempotencyStore', () => {
  const store = new InMemoryIdempotencyStore();
  idempotencyStoreContract(
    async () => store,
    async () => undefined,
    async (tenant) => store.expireLeases(tenant),
  );
});
