import { randomUUID } from 'node:crypto';
import { HindsightError } from '@hindsight/contracts';
import type { IngestionPublisher } from '../ingestion-ports';

export interface PublisherUnderTest {
  readonly publisher: IngestionPublisher;
  /** A topic of its own for one case, with `partitions` partitions. */
  topic(partitions: number): Promise<string>;
  /** Every message on `topic` now (all the publisher had acknowledged), in order within each key. */
  received(topic: string): Promise<readonly { key: string; value: string; headers: Record<string, string> }[]>;
  /** Shuts the publisher down, as the api does at exit. */
  close(): Promise<void>;
}

/**
 * The behaviour of the ingestion use case's IngestionPublisher port, one spec
 * per implementation calls this: the in-memory fake (in-memory-publisher.unit.spec.ts)
 * and EventPublisher on the real broker (event-publisher.int.spec.ts). The case
 * that closes the publisher runs last.
 */
export function publisherContract(open: () => Promise<PublisherUnderTest>, dispose: () => Promise<void>): void {
  let subject: PublisherUnderTest;
  const message = (topic: string, key: string, n: number) => ({
    topic,
    key,
    value: JSON.stringify({ key, n }),
    headers: { 'event-type': 'contract.tested', n: String(n) },
  });

  beforeAll(async () => {
    subject = await open();
  }, 60_000);

  afterAll(() => dispose());

  it('resolves an empty publish, writing nothing', async () => {
    const topic = await subject.topic(1);
    await subject.publisher.publish([]);
    expect(await subject.received(topic)).toEqual([]);
  });

  it('once it resolves, every message is there with its key, value and headers, in order within each key', async () => {
    const topic = await subject.topic(3);
    const keys = ['a', 'b', 'c', 'd'];
    const sent = Array.from({ length: 20 }, (_, n) => message(topic, keys[n % keys.length], n));
    await subject.publisher.publish(sent);
    const received = await subject.received(topic);
    expect(received).toHaveLength(sent.length);
    for (const key of keys) {
      const of = <T extends { key: string }>(list: readonly T[]) => list.filter((m) => m.key === key);
      expect(of(received).map(({ key: k, value, headers }) => ({ key: k, value, headers }))).toEqual(
        of(sent).map(({ key: k, value, headers }) => ({ key: k, value, headers })),
      );
    }
  });

  it('delivers concurrent publishes, each whole, across topics', async () => {
    const [one, two] = [await subject.topic(1), await subject.topic(1)];
    const id = randomUUID();
    await Promise.all([
      subject.publisher.publish([message(one, id, 1), message(one, id, 2)]),
      subject.publisher.publish([message(two, id, 3)]),
      subject.publisher.publish([message(one, id, 4)]),
    ]);
    const values = async (topic: string) => (await subject.received(topic)).map((m) => JSON.parse(m.value).n).sort();
    expect(await values(one)).toEqual([1, 2, 4]);
    expect(await values(two)).toEqual([3]);
  });

  it('refuses to publish once closed, with an unavailable error (503), writing nothing', async () => {
    const topic = await subject.topic(1);
    await subject.close();
    const error = await subject.publisher.publish([message(topic, 'late', 1)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HindsightError);
    expect((error as HindsightError).code).toBe('unavailable');
    expect(await subject.received(topic)).toEqual([]);
  });
}
