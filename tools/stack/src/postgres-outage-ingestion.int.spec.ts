import { randomUUID } from 'node:crypto';
import { exampleEventInputs } from '@hindsight/contracts';
import { startService, type RunningService } from '@hindsight/runtime';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiKeysReadFromLog, apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

function comparison(idempotencyKey: string, raterId: string, strength = 2): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  const data = input.data as Record<string, unknown>;
  delete data.assignmentId;
  delete data.queueId;
  return { ...input, idempotencyKey, data: { ...data, raterId, strength, taskId: `task-${idempotencyKey}` } };
}

interface Sent {
  readonly kind: 'single' | 'batch' | 'new-rater';
  readonly keys: readonly string[];
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
  /** The accepted event ids by key (202 and 207 items). */
  readonly accepted: ReadonlyMap<string, string>;
  readonly unchecked: boolean;
  readonly error: unknown;
  readonly retryAfter: string | null;
}

const WARM_RATERS = ['rater-a', 'rater-b', 'rater-c', 'rater-d'];

/**
 * Issue #12, "Ingestion goes on while PostgreSQL is down". The api runs on a
 * PostgreSQL cluster of this test's own, stopped with `pg_ctl stop -m immediate`
 * under load of single events, batches and events of raters never seen before,
 * then started again; the projector starts after it and stores what Kafka holds.
 */
describe('ingestion while PostgreSQL is stopped hard', () => {
  let postgres: PrivatePostgres | undefined;
  let api: ApiUnderTest | undefined;
  let projector: RunningService | undefined;
  let stopLoad = false;

  afterAll(async () => {
    stopLoad = true;
    await projector?.app.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    postgres?.destroy();
  });

  it('answers 202 from Kafka alone during the outage, stores every accepted event once, and answers 409 for a reused key again once the database is back', async () => {
    postgres = startPrivatePostgres(await freePort());
    // Topics of its own too: its events are sealed with keys only its own PostgreSQL holds, and specs that read a
    // whole topic of the run (ingestion.int.spec.ts) open every message with theirs.
    const env = {
      DATABASE_URL: postgres.url,
      KAFKA_TOPIC_PREFIX: `${process.env.KAFKA_TOPIC_PREFIX ?? 'test.'}pgdown-${randomUUID().slice(0, 8)}.`,
      LOG_LEVEL: 'silent',
    };
    api = await startApiUnderTest(apiService, env);
    const tenant = uniqueTenant('pg-down');
    const { key } = await api.issueKey({ tenant, scopes: ['ingest', 'read'] });
    const url = api.url;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    await waitFor(
      async () => apiKeysReadFromLog(api!.running.app),
      (read) => read,
      60_000,
      'the api reading the API keys from the configuration topic',
    );

    const sent: Sent[] = [];
    const send = async (kind: Sent['kind'], body: unknown, keys: readonly string[]): Promise<Sent> => {
      const startedAt = Date.now();
      const path = kind === 'batch' ? '/v1/events/batch' : '/v1/events';
      let record: Sent;
      try {
        const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
        const parsed = (await response.json().catch(() => ({}))) as {
          id?: string;
          idempotencyKey?: string;
          error?: unknown;
          results?: { status: string; id?: string; idempotencyKey?: string }[];
        };
        const accepted = new Map<string, string>();
        if (kind !== 'batch' && response.status === 202 && parsed.id) accepted.set(parsed.idempotencyKey!, parsed.id);
        for (const r of parsed.results ?? []) if (r.status === 'accepted') accepted.set(r.idempotencyKey!, r.id!);
        record = {
          kind,
          keys,
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          accepted,
          unchecked: response.headers.get('idempotency-unchecked') === 'true',
          error: parsed.error,
          retryAfter: response.headers.get('retry-after'),
        };
      } catch (error) {
        record = {
          kind,
          keys,
          startedAt,
          endedAt: Date.now(),
          status: 0,
          accepted: new Map(),
          unchecked: false,
          error: String(error),
          retryAfter: null,
        };
      }
      sent.push(record);
      return record;
    };
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const single = async (worker: number) => {
      for (let i = 0; !stopLoad; i++) {
        const k = `s-${randomUUID()}`;
        await send('single', comparison(k, WARM_RATERS[(worker + i) % WARM_RATERS.length]), [k]);
        await pause(20);
      }
    };
    const batch = async () => {
      while (!stopLoad) {
        const keys = Array.from({ length: 10 }, () => `b-${randomUUID()}`);
        await send('batch', { events: keys.map((k, i) => comparison(k, WARM_RATERS[i % WARM_RATERS.length])) }, keys);
        await pause(50);
      }
    };
    const newRaters = async () => {
      while (!stopLoad) {
        const k = `n-${randomUUID()}`;
        await send('new-rater', comparison(k, `rater-${randomUUID()}`), [k]);
        await pause(100);
      }
    };
    const load = Promise.all([single(0), single(1), single(2), batch(), newRaters()]);
    await waitFor(
      async () => sent.filter((s) => s.status === 202).length,
      (n) => n >= 20,
      60_000,
      'steady 202s before the stop',
    );

    const stoppedAt = Date.now();
    postgres.stopImmediately();
    // Long enough for the subject-keys topic to be read (a consumer group joins) and then some.
    await waitFor(
      async () => sent.filter((s) => s.kind === 'new-rater' && s.startedAt > stoppedAt && s.status === 202).length,
      (n) => n >= 3,
      60_000,
      'new raters accepted during the outage',
    );
    await waitFor(
      async () => Date.now() - stoppedAt,
      (ms) => ms >= 12_000,
      60_000,
      'twelve seconds of outage',
    );
    // Still ready (a load balancer keeps sending writes), saying what is down.
    const ready = await fetch(`${url}/ready`);
    expect({ status: ready.status, body: await ready.json() }).toMatchObject({
      status: 200,
      body: { status: 'degraded', down: ['postgres'] },
    });

    // A retry with the same key and body, and a key reused with another body: both 202, neither checked.
    const retried = `retry-${randomUUID()}`;
    const first = await send('single', comparison(retried, 'rater-a'), [retried]);
    const retry = await send('single', comparison(retried, 'rater-a'), [retried]);
    const reused = `reused-${randomUUID()}`;
    const original = await send('single', comparison(reused, 'rater-b', 1), [reused]);
    const another = await send('single', comparison(reused, 'rater-b', 3), [reused]);
    const restartedAt = Date.now();
    postgres.start();
    const startedIn = Date.now() - restartedAt;

    for (const answer of [first, retry, original, another])
      expect({ status: answer.status, unchecked: answer.unchecked }).toEqual({ status: 202, unchecked: true });

    await waitFor(
      async () => sent.find((s) => s.startedAt > restartedAt + startedIn && s.status === 202 && !s.unchecked),
      (s) => s !== undefined,
      60_000,
      'a checked 202 after the restart',
    );
    // Once the database answers, a reused key with another body is 409 again.
    const afterKey = `after-${randomUUID()}`;
    expect((await send('single', comparison(afterKey, 'rater-c', 1), [afterKey])).status).toBe(202);
    const conflicting = await send('single', comparison(afterKey, 'rater-c', 3), [afterKey]);
    expect({ status: conflicting.status, error: conflicting.error }).toEqual({ status: 409, error: 'conflict' });
    const replayed = await send('single', comparison(afterKey, 'rater-c', 1), [afterKey]);
    expect(replayed.status).toBe(202);
    stopLoad = true;
    await load;

    const during = sent.filter((s) => s.startedAt >= stoppedAt && s.endedAt <= restartedAt);
    const count = (kind: Sent['kind'], status: number) =>
      during.filter((s) => s.kind === kind && s.status === status).length;
    process.stdout.write(
      `postgres down for ${restartedAt - stoppedAt} ms (start took ${startedIn} ms): ${JSON.stringify({
        requests: sent.length,
        during: during.length,
        single: { accepted: count('single', 202), refused: count('single', 503) },
        batch: { accepted: count('batch', 202), refused: count('batch', 503) },
        newRaters: { accepted: count('new-rater', 202), refused: count('new-rater', 503) },
      })}\n`,
    );

    expect(sent.filter((s) => s.status === 0 || (s.status >= 500 && s.status !== 503))).toEqual([]);
    expect(sent.filter((s) => s.status === 503 && !(s.error === 'unavailable' && Number(s.retryAfter) > 0))).toEqual(
      [],
    );
    expect(count('single', 202)).toBeGreaterThan(10);
    expect(count('batch', 202)).toBeGreaterThan(0);
    expect(during.filter((s) => s.status === 202).every((s) => s.unchecked)).toBe(true);

    // The projector stores what Kafka holds once the database is back.
    projector = await startService(projectorService, {
      ...process.env,
      ...env,
      PROJECTOR_PORT: String(await freePort()),
    });
    const acceptedIds = new Map<string, Set<string>>();
    for (const s of sent)
      for (const [k, id] of s.accepted) acceptedIds.set(k, new Set([...(acceptedIds.get(k) ?? []), id]));
    const dataSource = api.running.context.dataSource;
    const stored = async () =>
      (await dataSource.query('SELECT idempotency_key AS key, id FROM events WHERE tenant = $1', [tenant])) as {
        key: string;
        id: string;
      }[];
    const rows = await waitFor(
      stored,
      (r) => [...acceptedIds.keys()].every((k) => r.some((row) => row.key === k)),
      180_000,
      'every accepted key stored',
    );
    await pause(2000);
    const final = await stored();
    expect(final.length).toBeGreaterThanOrEqual(rows.length);

    const byKey = new Map<string, string[]>();
    for (const row of final) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.id]);
    const twice = [...byKey].filter(([, ids]) => ids.length > 1);
    expect(twice).toEqual([]);
    // Every accepted event is stored, as the id it was answered with (a key answered twice: one of its ids).
    const wrong = [...acceptedIds].filter(([k, ids]) => !ids.has(byKey.get(k)?.[0] ?? ''));
    expect(wrong).toEqual([]);
    expect(acceptedIds.get(retried)?.size).toBe(2);
    expect(byKey.get(retried)).toHaveLength(1);
    expect(byKey.get(reused)).toHaveLength(1);
    // Keys answered only 503 are absent or present once (checked above: none is present twice).
    process.stdout.write(`stored ${final.length} events for ${acceptedIds.size} accepted keys; none twice\n`);
  }, 600_000);
});
