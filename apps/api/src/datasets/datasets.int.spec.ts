import { randomBytes } from 'node:crypto';
import { HindsightClient, type EventToSend } from '@hindsight/client';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { projectorService } from '@hindsight/projector-service';
import { startService, type RunningService } from '@hindsight/runtime';
import {
  comparisonInput,
  freePort,
  runCli,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '../api-service';
import { responseSchemas } from '../docs/api-schemas';

/*
 * The console's dataset routes: the tenant's builds with their manifests, and the
 * diff of two builds, which must print what `hindsight dataset diff A B --json` prints.
 * Also the quality report against a target profile (POST /v1/quality/report).
 */
const config = loadPlatformConfig();

describe('GET /v1/datasets and /v1/datasets/diff; POST /v1/quality/report', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let reader: string;
  let stranger: string;
  let client: HindsightClient;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('dsdiff');
    reader = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    stranger = (await api.issueKey({ tenant: uniqueTenant('other'), scopes: ['read', 'admin'] })).key;
    client = new HindsightClient({
      baseUrl: api.url,
      apiKey: (await api.issueKey({ tenant, scopes: ['ingest'] })).key,
    });
  });
  afterAll(async () => {
    await projector.app.close();
    await api.close();
  });

  const call = async (method: string, path: string, body?: unknown, key = reader) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const comparisons = (from: number, to: number): EventToSend[] =>
    Array.from({ length: to - from }, (_, k) => comparisonInput(from + k, 'ds') as EventToSend);

  const stored = (n: number) =>
    waitFor(
      async () =>
        (await call('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`)).body as {
          totals?: { comparisons: number };
        },
      (r) => r.totals?.comparisons === n,
      30_000,
      `${n} comparisons projected`,
    );

  const build = async () => {
    const started = await call('POST', '/v1/datasets', { asOf: new Date().toISOString() });
    expect(started.status).toBe(202);
    const id = started.body.id as string;
    return waitFor(
      async () => (await call('GET', `/v1/datasets/${id}`)).body,
      (b) => b.status === 'built',
      30_000,
      `build ${id}`,
    );
  };

  it('lists the builds newest first and diffs two of them exactly as the CLI does', async () => {
    const first = await client.sendBatch(comparisons(0, 60));
    expect(first.rejected).toBe(0);
    await stored(60);
    const a = await build();
    expect((await client.sendBatch(comparisons(60, 80))).rejected).toBe(0);
    await stored(80);
    const b = await build();

    const list = await call('GET', '/v1/datasets');
    expect(list.status).toBe(200);
    const builds = list.body.datasets as {
      id: string;
      status: string;
      manifest: { sha256: string; erasuresAppliedCount: number; erasuresApplied?: unknown };
    }[];
    expect(builds.map((d) => d.id)).toEqual([b.id, a.id]);
    expect(builds[0].manifest.sha256).toBe((b.manifest as { sha256: string }).sha256);
    expect(builds[0].manifest.erasuresAppliedCount).toBe(0);
    expect(builds[0].manifest.erasuresApplied).toBeUndefined();
    expect((await call('GET', '/v1/datasets?limit=1')).body.datasets).toHaveLength(1);

    const diff = await call('GET', `/v1/datasets/diff?a=${a.id}&b=${b.id}`);
    expect(diff.status).toBe(200);
    const cli = await runCli(['dataset', 'diff', a.directory as string, b.directory as string, '--json']);
    expect(cli.code).toBe(0);
    expect(diff.body.diff).toEqual(JSON.parse(cli.stdout));
    expect(diff.body.diff).toMatchObject({
      added: { count: 20, byReason: { new: 20 } },
      removed: { count: 0 },
      relabelled: { count: 0 },
      unchanged: 60,
    });
  });

  it('refuses a missing or bad parameter naming it, and hides the builds from another tenant', async () => {
    const [one] = (await call('GET', '/v1/datasets')).body.datasets as { id: string }[];
    expect(await call('GET', `/v1/datasets/diff?a=${one.id}`)).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'b', rule: 'required: a dataset build id' }] },
    });
    expect(await call('GET', '/v1/datasets?limit=0')).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'limit' }] },
    });
    expect(await call('GET', '/v1/datasets?cursor=x')).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'cursor', rule: 'unknown query parameter' }] },
    });
    expect((await call('GET', '/v1/datasets', undefined, stranger)).body).toEqual({ datasets: [], runBuilds: [] });
    expect((await call('GET', `/v1/datasets/diff?a=${one.id}&b=${one.id}`, undefined, stranger)).status).toBe(404);
  });

  it('lists the datasets retrain runs built too, each with its origin, from their retrain.dataset-built on Kafka', async () => {
    // As the trainer does: a sealed retrain.dataset-built on the retraining topic (clients may not send it), projected onto the run.
    const producer = createKafka({ brokers: config.kafka.brokers, clientId: 'datasets-test' }).producer({
      idempotent: true,
    });
    await producer.connect();
    try {
      const runId = `run-ds-${randomBytes(4).toString('hex')}`;
      const event = sealEvent(
        validateEventInput({
          type: 'retrain.dataset-built',
          idempotencyKey: `${runId}:dataset-built`,
          data: {
            runId,
            asOf: '2026-09-30T23:59:59.999Z',
            codeVersion: 'test',
            datasets: [
              {
                objective: 'helpfulness',
                sha256: 'a'.repeat(64),
                examples: 120,
                manifestUri: `file:///datasets/${runId}/helpfulness/manifest.json`,
              },
              { objective: 'harmlessness', sha256: 'b'.repeat(64), examples: 40 },
            ],
          },
        }),
        {
          id: formatUuidV7(Date.now(), randomBytes(10)),
          recordedAt: new Date().toISOString(),
          tenant,
          source: 'trainer',
        },
      ) as HindsightEvent;
      await producer.send({
        topic: topicName(config.kafka.topicPrefix, topicOf(event.type)),
        acks: -1,
        messages: [{ key: partitionKey(event), value: JSON.stringify(event), headers: eventHeaders(event) }],
      });

      const listed = await waitFor(
        async () =>
          (await call('GET', '/v1/datasets')).body as {
            datasets: { origin: string }[];
            runBuilds: Record<string, unknown>[];
          },
        (b) => b.runBuilds?.length === 2,
        30_000,
        "the run's two builds",
      );
      expect(listed.runBuilds.map(({ updatedAt, ...rest }) => ({ ...rest, updatedAt: typeof updatedAt }))).toEqual([
        {
          origin: 'run',
          runId,
          objective: 'helpfulness',
          asOf: '2026-09-30T23:59:59.999Z',
          sha256: 'a'.repeat(64),
          examples: 120,
          manifestUri: `file:///datasets/${runId}/helpfulness/manifest.json`,
          codeVersion: 'test',
          updatedAt: 'string',
        },
        {
          origin: 'run',
          runId,
          objective: 'harmlessness',
          asOf: '2026-09-30T23:59:59.999Z',
          sha256: 'b'.repeat(64),
          examples: 40,
          manifestUri: null,
          codeVersion: 'test',
          updatedAt: 'string',
        },
      ]);
      // The api's own builds keep their list, each named as such.
      expect(listed.datasets.length).toBeGreaterThan(0);
      expect(new Set(listed.datasets.map((d) => d.origin))).toEqual(new Set(['api']));
      expect((await call('GET', '/v1/datasets', undefined, stranger)).body).toEqual({ datasets: [], runBuilds: [] });
    } finally {
      await producer.disconnect();
    }
  });

  it('measures representation against the target profile in the body, and names a bad share', async () => {
    const asOf = new Date().toISOString();
    const ok = await call('POST', '/v1/quality/report', {
      asOf,
      targetProfile: { expertise: { expert: 0.5, novice: 0.5 } },
    });
    expect(ok.status).toBe(200);
    // The answer parses with the zod schema /docs/openapi.json is generated from (and one without its totals does not).
    expect(responseSchemas().QualityReport.schema.safeParse(ok.body).error?.issues).toBeUndefined();
    const { totals: _totals, ...withoutTotals } = ok.body;
    expect(responseSchemas().QualityReport.schema.safeParse(withoutTotals).success).toBe(false);
    const rows = (
      ok.body as {
        representation: { coverage: { rows: { dimension: string; value: string; target: number | null }[] } };
      }
    ).representation.coverage.rows;
    expect(rows.filter((r) => r.target !== null).map((r) => [r.dimension, r.value, r.target])).toEqual([
      ['expertise', 'expert', 0.5],
      ['expertise', 'novice', 0.5],
    ]);
    const bad = await call('POST', '/v1/quality/report', { asOf, targetProfile: { region: { '150': 2 } } });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: string }[])[0].path).toMatch(/^targetProfile\.region/);
    expect(await call('POST', '/v1/quality/report', { asOf: '2026-12-06' })).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'asOf' }] },
    });
  });
});
