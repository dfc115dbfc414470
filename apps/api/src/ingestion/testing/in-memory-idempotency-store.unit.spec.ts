import { idempotencyStoreContract } from './idempotency-store.contract';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';

/* The idempotency-store contract against the in-memory fake the ingestion use case's unit specs use. */
describe('InMemoryIdempotencyStore', () => {
  idempotencyStoreContract(
    async () => new InMemoryIdempotencyStore(),
    async () => undefined,
  );
});
