import { randomUUID } from 'node:crypto';
import type { Principal } from '@hindsight/access';
import { loadPlatformConfig } from '@hindsight/config';
import {
  exampleEventInputs,
  HindsightError,
  ManualClock,
  partitionKey,
  topicName,
  topicOf,
  type HindsightEvent,
} from '@hindsight/contracts';
import pino from 'pino';
import { statusOfCode } from '../http/error-body';
import type { IngestionAssignments } from './ingestion-ports';
import { IngestionService } from './ingestion.service';
import { InMemoryIdempotencyStore } from './testing/in-memory-idempotency-store';
import { InMemoryPublisher } from './testing/in-memory-publisher';
import { InMemorySealer } from './testing/in-memory-sealer';
import { FINISHED_ASSIGNMENT_RULE } from '../queues/submission-check';

/** The HTTP status the api's exception filter answers for what `promise` rejected with. */
async function statusOf(promise: Promise<unknown>): Promise<{ status: number; error: HindsightError }> {
  const error = await promise.then(
    () => {
      throw new Error('expected the use case to refuse');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof HindsightError)) throw error;
  return { status: statusOfCode[error.code], error };
}

/*
 * The ingestion use case with in-memory ports (issue #16 item 6): validate, claim
 * the idempotency key, seal, publish, complete. The fakes run the same contracts
 * as the real store and publisher (testing/*.contract.ts).
 */
describe('IngestionService with in-memory ports', () => {
  const config = loadPlatformConfig({});
  let publisher: InMemoryPublisher;
  let store: InMemoryIdempotencyStore;
  let sealer: InMemorySealer;
  let completed: HindsightEvent[];
  let service: IngestionService;
  let clock: ManualClock;
  let tenant: string;
  let principal: Principal;

  /** A valid comparison (no queue assignment) with a fresh idempotency key. */
  const comparison = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
    const data = input.data as Record<string, unknown>;
    delete data.assignmentId;
    delete data.queueId;
    return { ...input, idempotencyKey: `k-${randomUUID()}`, ...overrides };
  };
  const options = { source: 'unit-test' };

  beforeEach(() => {
    publisher = new InMemoryPublisher();
    store = new InMemoryIdempotencyStore();
    sealer = new InMemorySealer();
    completed = [];
    const assignments: IngestionAssignments = {
      verify: async () => ({ refused: new Map(), judged: new Map() }),
      complete: async (_tenant, events) => void completed.push(...events),
    };
    service = new IngestionService(
      publisher,
      store,
      (clock = new ManualClock('2026-03-01T10:00:00.000Z')),
      config,
      assignments,
      sealer,
      pino({ enabled: false }),
    );
    tenant = `t-${randomUUID().slice(0, 8)}`;
    principal = {
      keyId: 'key-1',
      lookupId: 'lookup-1',
      tenant,
      scopes: ['ingest'],
      allowedOrigins: [],
      rateLimitPerMinute: null,
      raterId: null,
    };
  });

  it('accepts an event: publishes it once on its topic, keyed and whole, and completes its claim with the answer', async () => {
    const body = comparison();
    const { accepted, replayed, unchecked } = await service.ingestOne(principal, body, options);
    expect({ replayed, unchecked }).toEqual({ replayed: false, unchecked: false });
    expect(accepted).toEqual({
      id: expect.any(String),
      type: 'comparison.recorded',
      subject: expect.objectContaining({ kind: expect.any(String), id: expect.any(String) }),
      idempotencyKey: body.idempotencyKey,
      recordedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(publisher.published).toHaveLength(1);
    const [message] = publisher.published;
    const event = JSON.parse(message.value) as HindsightEvent;
    expect(message.topic).toBe(topicName(config.kafka.topicPrefix, topicOf('comparison.recorded')));
    expect(message.key).toBe(partitionKey(event));
    expect(event).toMatchObject({ id: accepted.id, tenant, source: 'unit-test', data: body.data });
    expect(completed.map((e) => e.id)).toEqual([accepted.id]);
    // The claim was completed with the answer: nothing is left pending, and the key now replays it.
    expect(store.pendingKeys(tenant)).toEqual([]);
    const stored = await store.claim(tenant, [{ key: body.idempotencyKey as string, requestHash: 'any' }]);
    expect(stored.existing.get(body.idempotencyKey as string)?.response).toEqual(accepted);
  });

  it('answers a replay of the same key and body with the same answer, publishing nothing more', async () => {
    const body = comparison();
    const first = await service.ingestOne(principal, body, options);
    const replay = await service.ingestOne(principal, structuredClone(body), options);
    expect(replay).toEqual({ accepted: first.accepted, replayed: true, unchecked: false });
    expect(publisher.published).toHaveLength(1);
    expect(completed).toHaveLength(1);
  });

  it('takes the Idempotency-Key header as the key, and replays it the same way', async () => {
    const { idempotencyKey: _key, ...body } = comparison();
    const withHeader = { ...options, headerIdempotencyKey: 'header-key-1' };
    const first = await service.ingestOne(principal, body, withHeader);
    expect(first.accepted.idempotencyKey).toBe('header-key-1');
    expect((await service.ingestOne(principal, body, withHeader)).replayed).toBe(true);
    expect(publisher.published).toHaveLength(1);
  });

  it('refuses the same key with a different body: 409 naming idempotencyKey, nothing published', async () => {
    const body = comparison();
    await service.ingestOne(principal, body, options);
    const changed = { ...body, data: { ...(body.data as object), strength: 1 } };
    const { status, error } = await statusOf(service.ingestOne(principal, changed, options));
    expect(status).toBe(409);
    expect(error.issues).toEqual([{ path: 'idempotencyKey', rule: 'already used with a different request' }]);
    expect(publisher.published).toHaveLength(1);
  });

  it('answers 503 when Kafka fails or times out, and releases the claim so a retry with the key publishes', async () => {
    const body = comparison();
    publisher.failWith();
    const { status, error } = await statusOf(service.ingestOne(principal, body, options));
    expect(status).toBe(503);
    expect(error.message).toMatch(/did not acknowledge/);
    expect(publisher.published).toEqual([]);
    expect(store.pendingKeys(tenant)).toEqual([]);
    expect(completed).toEqual([]);

    publisher.recover();
    const retry = await service.ingestOne(principal, body, options);
    expect(retry.replayed).toBe(false);
    expect(publisher.published).toHaveLength(1);
  });

  it("publishes a dead request's event again under its first id when a retry takes its claim over after the lease", async () => {
    const body = comparison();
    // The first api dies after Kafka acknowledged and before its answer is stored: its claim stays pending.
    const claim = store.claim.bind(store);
    jest.spyOn(store, 'claim').mockImplementationOnce(async (t, requests) => ({
      ...(await claim(t, requests)),
      complete: async () => [],
    }));
    const first = await service.ingestOne(principal, body, options);
    expect(store.pendingKeys(tenant)).toEqual([body.idempotencyKey]);
    store.expireLeases(tenant);
    clock.set('2026-03-01T10:00:09.000Z');

    const retry = await service.ingestOne(principal, structuredClone(body), options);
    expect(retry).toEqual({ accepted: first.accepted, replayed: false, unchecked: false });
    const [once, again] = publisher.published.map((m) => JSON.parse(m.value) as HindsightEvent);
    expect(again).toEqual(once);
    expect(publisher.published[1].key).toBe(publisher.published[0].key);
    expect(completed.map((e) => [e.id, e.recordedAt])).toEqual([
      [first.accepted.id, first.accepted.recordedAt],
      [first.accepted.id, '2026-03-01T10:00:00.000Z'],
    ]);
    const stored = await store.claim(tenant, [{ key: body.idempotencyKey as string, requestHash: 'any' }]);
    expect(stored.existing.get(body.idempotencyKey as string)?.response).toEqual(first.accepted);

    // A different request taking a dead claim over publishes under its own id (the projector keeps the first).
    const other = comparison();
    jest.spyOn(store, 'claim').mockImplementationOnce(async (t, requests) => ({
      ...(await claim(t, requests)),
      complete: async () => [],
    }));
    const dead = await service.ingestOne(principal, other, options);
    store.expireLeases(tenant);
    const changed = { ...other, data: { ...(other.data as object), strength: 1 } };
    const taker = await service.ingestOne(principal, changed, options);
    expect(taker.accepted.id).not.toBe(dead.accepted.id);
    expect(taker.accepted.recordedAt).toBe('2026-03-01T10:00:09.000Z');
  });

  it("keeps a client's occurredAt when a takeover reissues the event, even one equal to the retry's recordedAt", async () => {
    // The retry comes at the very millisecond the client says the event occurred: only the input tells that
    // this occurredAt is the client's (an equality of the two times would take it for the server's default).
    const body = comparison({ occurredAt: '2026-03-01T10:00:09.000Z' });
    const claim = store.claim.bind(store);
    jest.spyOn(store, 'claim').mockImplementationOnce(async (t, requests) => ({
      ...(await claim(t, requests)),
      complete: async () => [],
    }));
    await service.ingestOne(principal, body, options);
    store.expireLeases(tenant);
    clock.set('2026-03-01T10:00:09.000Z');

    await service.ingestOne(principal, structuredClone(body), options);
    const [once, again] = publisher.published.map((m) => JSON.parse(m.value) as HindsightEvent);
    expect(again).toEqual(once);
    expect(again.occurredAt).toBe('2026-03-01T10:00:09.000Z');
    expect(completed.map((e) => e.occurredAt)).toEqual(['2026-03-01T10:00:09.000Z', '2026-03-01T10:00:09.000Z']);
  });

  it('answers 503 "retry" while another request holds the key, publishing nothing', async () => {
    const body = comparison();
    const other = await store.claim(tenant, [{ key: body.idempotencyKey as string, requestHash: 'h' }]);
    const { status, error } = await statusOf(service.ingestOne(principal, body, options));
    expect(status).toBe(503);
    expect(error.message).toMatch(/still in progress/);
    expect(publisher.published).toEqual([]);
    expect(store.pendingKeys(tenant)).toEqual([body.idempotencyKey]);
    await other.release();
  });

  it('refuses invalid input with 400 naming the field and the rule, claiming and publishing nothing', async () => {
    const claim = jest.spyOn(store, 'claim');
    const body = comparison({ type: 'comparison.recorded', data: { ...(comparison().data as object), strength: 'x' } });
    const { status, error } = await statusOf(service.ingestOne(principal, body, options));
    expect(status).toBe(400);
    expect(error.issues).toEqual([expect.objectContaining({ path: 'data.strength', rule: expect.any(String) })]);
    const notObject = await statusOf(service.ingestOne(principal, 'not an event', options));
    expect(notObject.status).toBe(400);
    expect(claim).not.toHaveBeenCalled();
    expect(publisher.published).toEqual([]);
    expect(store.pendingKeys(tenant)).toEqual([]);
  });

  it('refuses an event about an erased subject with 409, claiming and publishing nothing', async () => {
    const body = comparison();
    sealer.erase(tenant, 'rater', (body.data as { raterId: string }).raterId);
    const claim = jest.spyOn(store, 'claim');
    const { status, error } = await statusOf(service.ingestOne(principal, body, options));
    expect(status).toBe(409);
    expect(error.issues).toEqual([{ path: 'data.raterId', rule: 'this subject has been erased' }]);
    expect(claim).not.toHaveBeenCalled();
    expect(publisher.published).toEqual([]);
  });

  it('publishes unchecked when PostgreSQL is unavailable: Kafka is the write path', async () => {
    store.failNextClaim(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const { unchecked, replayed } = await service.ingestOne(principal, comparison(), options);
    expect({ unchecked, replayed }).toEqual({ unchecked: true, replayed: false });
    expect(publisher.published).toHaveLength(1);
  });

  it('refuses a judgment of an assignment already judged when PostgreSQL cannot tell a retry of it, and publishes nothing', async () => {
    const issue = {
      path: 'data.assignmentId',
      rule: `${FINISHED_ASSIGNMENT_RULE}: assignment a-1 was already judged (at 2026-03-01T09:00:00.000Z)`,
    };
    const judging = new IngestionService(
      publisher,
      store,
      clock,
      config,
      {
        verify: async () => ({ refused: new Map(), judged: new Map([[0, [issue]]]) }),
        complete: async () => undefined,
      },
      sealer,
      pino({ enabled: false }),
    );
    store.failNextClaim(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const body = comparison();
    body.data = { ...(body.data as object), queueId: 'q-1', assignmentId: 'a-1' };
    const { status, error } = await statusOf(judging.ingestOne(principal, body, options));
    expect(status).toBe(409);
    expect(error.issues).toEqual([issue]);
    expect(publisher.published).toEqual([]);
  });

  it('in a batch, rejects the invalid and the duplicate items by index and accepts the rest, each claimed once', async () => {
    const first = comparison();
    const result = await service.ingestBatch(
      principal,
      { events: [first, { type: 'comparison.recorded' }, { ...first }, comparison()] },
      options,
    );
    expect(result.accepted).toBe(2);
    expect(result.results.map((r) => [r.index, r.status])).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'rejected'],
      [3, 'accepted'],
    ]);
    const duplicate = result.results[2];
    expect(duplicate.status === 'rejected' && duplicate.issues).toEqual([
      { path: 'events[2].idempotencyKey', rule: 'duplicate of events[0].idempotencyKey in this batch' },
    ]);
    const invalid = result.results[1];
    expect(invalid.status === 'rejected' && invalid.issues.every((i) => i.path.startsWith('events[1].'))).toBe(true);
    expect(publisher.published).toHaveLength(2);
    expect(store.pendingKeys(tenant)).toEqual([]);
  });
});
