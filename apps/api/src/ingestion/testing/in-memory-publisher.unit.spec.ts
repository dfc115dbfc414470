import { randomUUID } from 'node:crypto';
import { InMemoryPublisher } from './in-memory-publisher';
import { publisherContract } from './publisher.contract';

/* The publisher contract against the in-memory fake the ingestion use case's unit specs use. */
describe('InMemoryPublisher', () => {
  publisherContract(
    async () => {
      const publisher = new InMemoryPublisher();
      return {
        publisher,
        topic: async () => `contract-${randomUUID()}`,
        received: async (topic) =>
          publisher.published
            .filter((m) => m.topic === topic)
            .map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
        close: () => publisher.close(),
      };
    },
    async () => undefined,
  );
});
