import { createEventPublisher } from './create-event-publisher';
import { EventPublisher } from './event-publisher';

describe('createEventPublisher', () => {
  const kafka = { brokers: ['127.0.0.1:1'], clientId: 'hindsight', publishAckTimeoutMs: 7000 };
  const optionsOf = (publisher: EventPublisher) =>
    (publisher as unknown as { options: { lingerMs: number; maxBatchMessages: number; ackTimeoutMs: number } }).options;

  it('takes its acknowledgement timeout from KAFKA_ACK_TIMEOUT_MS, raised (never lowered) by a slow job', () => {
    const publisher = createEventPublisher(kafka, 'cli');
    expect(publisher).toBeInstanceOf(EventPublisher);
    expect(optionsOf(publisher)).toMatchObject({ lingerMs: 0, maxBatchMessages: 1000, ackTimeoutMs: 7000 });
    expect(optionsOf(createEventPublisher(kafka, 'cli-kek', undefined, { minAckTimeoutMs: 30_000 })).ackTimeoutMs).toBe(
      30_000,
    );
    expect(optionsOf(createEventPublisher(kafka, 'cli-kek', undefined, { minAckTimeoutMs: 10 })).ackTimeoutMs).toBe(
      7000,
    );
    expect(
      optionsOf(createEventPublisher(kafka, 'scheduler', undefined, { lingerMs: 1, maxBatchMessages: 5 })),
    ).toMatchObject({ lingerMs: 1, maxBatchMessages: 5 });
  });
});
