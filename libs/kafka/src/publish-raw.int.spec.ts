import { UnavailableError } from '@hindsight/contracts';
import { createKafka } from './kafka-client';
import { publishRaw } from './publish-raw';

describe('publishRaw', () => {
  it('answers UnavailableError naming Kafka when no broker can be reached', async () => {
    // Port 1 on loopback: nothing listens; one quick retry (an idempotent producer needs retries), so the answer comes soon.
    const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'publish-raw-test' }, undefined, {
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
      connectionTimeout: 1000,
    });
    const attempt = publishRaw(kafka, 'any-topic', [{ key: null, value: Buffer.from('{}'), headers: {} }]);
    await expect(attempt).rejects.toBeInstanceOf(UnavailableError);
    await expect(publishRaw(kafka, 'any-topic', [])).rejects.toThrow(/^cannot reach Kafka to publish to any-topic: /);
  }, 30_000);
});
