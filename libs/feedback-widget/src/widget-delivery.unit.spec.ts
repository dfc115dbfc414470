import { deliver, type FetchLike } from './browser/delivery';
import { Outbox, OUTBOX_STORAGE_KEY, type KeyValueStore } from './browser/outbox';
import { Sender } from './browser/sender';
import type { DeliveryOutcome, QueuedFeedback } from './browser/types';

const item = (n: number): QueuedFeedback => ({
  url: 'https://api.test/v1/feedback',
  key: 'hsk_browser',
  body: {
    interactionId: 'int-1',
    kind: 'thumbs-up',
    occurredAt: '2026-03-01T10:00:00.000Z',
    idempotencyKey: `click-${n}`,
  },
});

const memoryStore = (): KeyValueStore & { data: Record<string, string> } => {
  const data: Record<string, string> = {};
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
};

const answering =
  (status: number, headers: Record<string, string> = {}, body: unknown = { id: 'evt-1' }): FetchLike =>
  async () =>
    new Response(JSON.stringify(body), { status, headers });

describe('deliver: which answers end a queued click', () => {
  it.each([
    [202, 'accepted'],
    [400, 'rejected'],
    [401, 'rejected'],
    [403, 'rejected'],
    [409, 'rejected'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('%i → %s', async (status, kind) => {
    expect((await deliver(item(1), answering(status))).kind).toBe(kind);
  });

  it("keeps the api's issues of a final refusal", async () => {
    const refusal = answering(
      403,
      {},
      { error: 'forbidden', issues: [{ path: 'origin', rule: "not in the key's allowed origins" }] },
    );
    expect(await deliver(item(1), refusal)).toEqual({
      kind: 'rejected',
      status: 403,
      issues: ["origin: not in the key's allowed origins"],
    });
    expect(await deliver(item(1), async () => new Response('<html>proxy error</html>', { status: 400 }))).toEqual({
      kind: 'rejected',
      status: 400,
      issues: [],
    });
  });

  it('treats a network error as retry, and reads Retry-After', async () => {
    expect(await deliver(item(1), async () => Promise.reject(new TypeError('Failed to fetch')))).toEqual({
      kind: 'retry',
      retryAfterSeconds: undefined,
    });
    expect(await deliver(item(1), answering(503, { 'retry-after': '7' }))).toEqual({
      kind: 'retry',
      retryAfterSeconds: 7,
    });
  });

  it('posts JSON with the key in X-Api-Key and the idempotency key in the body', async () => {
    let seen: RequestInit | undefined;
    await deliver(item(1), async (_url, init) => ((seen = init), new Response('{}', { status: 202 })));
    expect(seen?.headers).toEqual({ 'content-type': 'application/json', 'x-api-key': 'hsk_browser' });
    expect(JSON.parse(String(seen?.body))).toEqual(item(1).body);
  });
});

describe('Sender: the outbox is emptied only by a final answer', () => {
  function sender(fetch: FetchLike, online = true) {
    const store = memoryStore();
    const timers: number[] = [];
    const beacons: { url: string; data: string }[] = [];
    const outcomes: [string, DeliveryOutcome['kind']][] = [];
    const s = new Sender({
      outbox: new Outbox(store),
      fetch,
      isOnline: () => online,
      sendBeacon: (url, data) => (beacons.push({ url, data }), true),
      setTimer: (_run, ms) => timers.push(ms),
    });
    s.listen((q, o) => outcomes.push([q.body.idempotencyKey, o.kind]));
    const queued = () =>
      JSON.parse(store.data[OUTBOX_STORAGE_KEY] ?? '[]').map((q: QueuedFeedback) => q.body.idempotencyKey);
    return { s, timers, beacons, outcomes, queued };
  }

  it('removes a click after 2xx and after a permanent 4xx', async () => {
    const accepted = sender(answering(202));
    await accepted.s.queue(item(1));
    expect(accepted.queued()).toEqual([]);
    expect(accepted.outcomes).toEqual([['click-1', 'accepted']]);

    const refused = sender(answering(400));
    await refused.s.queue(item(1));
    expect(refused.queued()).toEqual([]);
    expect(refused.outcomes).toEqual([['click-1', 'rejected']]);
  });

  it('keeps the click after 429 and retries after Retry-After, once', async () => {
    const { s, timers, queued } = sender(answering(429, { 'retry-after': '3' }));
    await s.queue(item(1));
    await s.queue(item(2));
    expect(queued()).toEqual(['click-1', 'click-2']);
    expect(timers).toEqual([3000]);
  });

  it('keeps the click after a network error, with a backoff', async () => {
    const { s, timers, queued } = sender(async () => Promise.reject(new TypeError('Failed to fetch')));
    await s.queue(item(1));
    expect(queued()).toEqual(['click-1']);
    expect(timers).toEqual([2000]);
  });

  it('keeps delivering when a listener (the host page onSent) throws', async () => {
    const { s, queued, outcomes } = sender(answering(202));
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      s.listen(() => {
        throw new Error('host page bug');
      });
      await s.queue(item(1));
      await s.queue(item(2));
      expect(queued()).toEqual([]);
      expect(outcomes).toEqual([
        ['click-1', 'accepted'],
        ['click-2', 'accepted'],
      ]);
      expect(errors).toHaveBeenCalledWith('Hindsight feedback: a listener failed', expect.any(Error));
    } finally {
      errors.mockRestore();
    }
  });

  it('does not try while offline, and beacons with the key in the URL without unqueueing', async () => {
    let fetched = 0;
    const { s, beacons, queued, timers } = sender(async () => (fetched++, new Response('{}', { status: 202 })), false);
    await s.queue(item(1));
    expect(fetched).toBe(0);
    expect(timers).toEqual([]);
    s.beaconAll();
    expect(beacons).toEqual([
      { url: 'https://api.test/v1/feedback?key=hsk_browser', data: JSON.stringify(item(1).body) },
    ]);
    expect(queued()).toEqual(['click-1']);
  });
});

describe('Outbox', () => {
  it('keeps the queue in memory when storage throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const outbox = new Outbox(broken);
    outbox.add(item(1));
    outbox.add(item(2));
    outbox.remove('click-1');
    expect(outbox.all().map((q) => q.body.idempotencyKey)).toEqual(['click-2']);
  });

  it('holds one entry per idempotency key', () => {
    const outbox = new Outbox(memoryStore());
    outbox.add(item(1));
    outbox.add(item(1));
    expect(outbox.all()).toHaveLength(1);
  });
});
