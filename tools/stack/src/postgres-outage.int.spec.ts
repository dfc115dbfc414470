import { randomUUID } from 'node:crypto';
import { exampleEventInputs } from '@hindsight/contracts';
import { freePort, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';

function comparison(idempotencyKey: string): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  delete (input.data as Record<string, unknown>).assignmentId;
  delete (input.data as Record<string, unknown>).queueId;
  return { ...input, idempotencyKey };
}

interface Answer {
  readonly route: string;
  readonly startedAt: number;
  readonly status: number;
  readonly error: unknown;
  readonly retryAfter: string | null;
}

/**
 * Issue #12: "A database outage never produces a 500". The api runs on a
 * PostgreSQL cluster of this test's own, which is stopped with
 * `pg_ctl stop -m immediate` under load and started again (crash recovery, when
 * it answers 57P03 "not yet accepting connections"). The machine's PostgreSQL
 * is never touched.
 */
describe('the api while its PostgreSQL is stopped hard and recovers', () => {
  let postgres: PrivatePostgres | undefined;
  let api: ApiUnderTest | undefined;
  let stopLoad = false;

  afterAll(async () => {
    stopLoad = true;
    await api?.close().catch(() => undefined);
    postgres?.destroy();
  });

  it('answers 503 with Retry-After on every route that needs the database, never 500, and 202 again once it is back', async () => {
    postgres = startPrivatePostgres(await freePort());
    // Topics of its own: its events are sealed with keys only its own PostgreSQL holds (see postgres-outage-ingestion).
    api = await startApiUnderTest(apiService, {
      DATABASE_URL: postgres.url,
      KAFKA_TOPIC_PREFIX: `${process.env.KAFKA_TOPIC_PREFIX ?? 'test.'}pgout-${randomUUID().slice(0, 8)}.`,
      LOG_LEVEL: 'silent',
    });
    const { key } = await api.issueKey({ tenant: uniqueTenant('pg-outage'), scopes: ['ingest', 'read'] });
    const url = api.url;

    const answers: Answer[] = [];
    const record = async (route: string, request: () => Promise<Response>) => {
      const startedAt = Date.now();
      const response = await request();
      const text = await response.text();
      let body: { error?: unknown } = {};
      try {
        body = JSON.parse(text) as { error?: unknown };
      } catch {
        // Not JSON: the status alone is what is checked.
      }
      answers.push({
        route,
        startedAt,
        status: response.status,
        error: body.error,
        retryAfter: response.headers.get('retry-after'),
      });
    };
    const auth = { authorization: `Bearer ${key}` };
    const routes: Array<[string, () => Promise<Response>]> = [
      [
        'POST /v1/events',
        () =>
          fetch(`${url}/v1/events`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify(comparison(`k-${randomUUID()}`)),
          }),
      ],
      ['GET /v1/policies', () => fetch(`${url}/v1/policies`, { headers: auth })],
      ['GET /v1/runs', () => fetch(`${url}/v1/runs`, { headers: auth })],
      ['GET /v1/models', () => fetch(`${url}/v1/models`, { headers: auth })],
      [
        'POST /v1/events from a browser origin',
        () =>
          fetch(`${url}/v1/events`, {
            method: 'POST',
            headers: { ...auth, origin: 'https://widget.example', 'content-type': 'application/json' },
            body: JSON.stringify(comparison(`k-${randomUUID()}`)),
          }),
      ],
    ];
    const worker = async (offset: number) => {
      for (let i = offset; !stopLoad; i++) {
        const [route, request] = routes[i % routes.length];
        await record(route, request).catch((error: unknown) =>
          answers.push({ route, startedAt: Date.now(), status: 0, error: String(error), retryAfter: null }),
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    await waitFor(
      async () => answers.filter((a) => a.status === 202).length,
      (n) => n >= 10,
      30_000,
      'steady 202s before the stop',
    );

    const stoppedAt = Date.now();
    postgres.stopImmediately();
    await new Promise((r) => setTimeout(r, 5000));
    const restartedAt = Date.now();
    postgres.start();
    const startedIn = Date.now() - restartedAt;
    await waitFor(
      async () => answers.find((a) => a.startedAt > restartedAt + startedIn && a.status === 202),
      (a) => a !== undefined,
      60_000,
      'a 202 after the restart',
    );
    await new Promise((r) => setTimeout(r, 1000));
    stopLoad = true;
    await load;

    const during = answers.filter((a) => a.startedAt >= stoppedAt);
    const statuses = (route: string) =>
      [...new Set(during.filter((a) => a.route === route).map((a) => a.status))].sort();
    process.stdout.write(
      `postgres outage: ${JSON.stringify({ requests: answers.length, afterStop: during.length, startedInMs: startedIn, byRoute: Object.fromEntries(routes.map(([r]) => [r, statuses(r)])), refused: during.filter((a) => a.status === 503).length })}\n`,
    );

    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
    const refused = during.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.error === 'unavailable' && Number(a.retryAfter) > 0)).toBe(true);
  }, 300_000);
});
