import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parseApiKey } from '@hindsight/access';
import { exampleEventInputs } from '@hindsight/contracts';
import {
  sampleSum,
  scrapeMetrics,
  startApiUnderTest,
  waitFor,
  type ApiUnderTest,
  type Exposition,
} from '@hindsight/test-support';
import { apiService } from '../api-service';
import { buildOpenApiDocument } from '../docs/openapi-document';

/** The api's log lines, as JSON objects (the destination given to startService instead of stdout). */
const lines: Record<string, unknown>[] = [];
const raw: string[] = [];
const destination = {
  write(line: string): void {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  },
};
const requestLines = (requestId: string) => lines.filter((l) => l.msg === 'request' && l.requestId === requestId);

/** A GET whose answer bytes are kept as they came (fetch would decompress them). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('api request logs, request ids, metrics and compression', () => {
  let api: ApiUnderTest;
  let key: string;
  let tenant: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService, { LOG_LEVEL: 'info' }, { logDestination: destination });
    const issued = await api.issueKey({ scopes: ['ingest', 'read'] });
    key = issued.key;
    tenant = issued.tenant;
  });
  afterAll(() => api.close());

  it('writes JSON lines with level names and the service', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.find((l) => l.msg === 'api listening')).toMatchObject({ level: 'info', service: 'api' });
  });

  it('logs one line per request with method, route pattern, status, duration, tenant and the request id it answers in X-Request-Id — and never the key, a cookie or the body', async () => {
    const marker = `rater-${randomUUID()}`;
    const body = {
      ...structuredClone(exampleEventInputs['rater.profiled']),
      idempotencyKey: `k-${randomUUID()}`,
    } as unknown as { data: Record<string, unknown> };
    body.data = { ...body.data, raterId: marker };
    const cookie = `hindsight_session=${randomUUID()}`;
    const answer = await api.post('/v1/events', body, key, { cookie });
    expect(answer.status).toBe(202);
    const requestId = answer.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The line is written when the answer has been sent, which the client may see first.
    const logged = await waitFor(
      async () => requestLines(requestId),
      (found) => found.length > 0,
      5000,
      'the request log line',
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]).toEqual({
      level: 'info',
      time: expect.any(String),
      service: 'api',
      requestId,
      method: 'POST',
      route: '/v1/events',
      status: 202,
      ms: expect.any(Number),
      tenant,
      msg: 'request',
    });
    const everything = raw.join('');
    expect(everything).not.toContain(key);
    // The lookup id is base64url and may itself hold '_': the secret is taken by the key's own format.
    expect(everything).not.toContain(parseApiKey(key)!.secret);
    expect(everything).not.toContain(cookie);
    expect(everything).not.toContain(marker);
  });

  it('logs the route pattern, not the URL, and puts the request id in the error body', async () => {
    const runId = `run-${randomUUID()}`;
    const response = await fetch(`${api.url}/v1/runs/${runId}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(404);
    const requestId = response.headers.get('x-request-id')!;
    expect(await response.json()).toMatchObject({ error: 'not-found', requestId });
    const logged = await waitFor(
      async () => requestLines(requestId),
      (found) => found.length > 0,
      5000,
      'the request log line',
    );
    expect(logged).toEqual([expect.objectContaining({ route: '/v1/runs/:id', status: 404, tenant })]);
    expect(raw.join('')).not.toContain(runId);
  });

  it.each([
    ['no key (the guard)', '/v1/runs', {}, 401],
    ['a path the router refuses (framework error)', '/v1/runs/%E0%A4%A', {}, 400],
    ['an unknown route', '/v1/nothing-here', {}, 404],
  ])('answers %s with the request id in the header and the error body', async (_name, path, headers, status) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    expect(response.status).toBe(status);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toMatchObject({ error: expect.any(String), requestId });
  });

  it("takes the caller's X-Request-Id when it is well-formed, and replaces one that is not", async () => {
    const mine = `trace-${randomUUID()}`;
    const kept = await fetch(`${api.url}/v1/runs`, {
      headers: { authorization: `Bearer ${key}`, 'x-request-id': mine },
    });
    expect(kept.headers.get('x-request-id')).toBe(mine);
    expect(
      await waitFor(
        async () => requestLines(mine),
        (found) => found.length > 0,
        5000,
        'the request log line',
      ),
    ).toHaveLength(1);
    for (const bad of ['a b', 'x'.repeat(129), '{"inject":1}', 'semi;colon']) {
      const replaced = await fetch(`${api.url}/v1/runs`, {
        headers: { authorization: `Bearer ${key}`, 'x-request-id': bad },
      });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('serves /metrics as Prometheus text whose request counter, latency histogram and Kafka produce latency move with the traffic', async () => {
    const labels = { method: 'POST', route: '/v1/events', status: '202' };
    const before = await scrapeMetrics(api.url);
    const body = { ...structuredClone(exampleEventInputs['rater.profiled']), idempotencyKey: `k-${randomUUID()}` };
    expect((await api.post('/v1/events', body, key)).status).toBe(202);
    const count = (e: Exposition) => sampleSum(e, 'hindsight_http_requests_total', labels);
    // Counted when the answer has been sent, which the client may see first.
    const after = await waitFor(
      () => scrapeMetrics(api.url),
      (e) => count(e) > count(before),
      5000,
      'the request counter to move',
    );
    expect(count(after) - count(before)).toBe(1);
    expect(
      sampleSum(after, 'hindsight_http_request_duration_seconds_count', labels) -
        sampleSum(before, 'hindsight_http_request_duration_seconds_count', labels),
    ).toBe(1);
    expect(sampleSum(after, 'hindsight_kafka_produce_duration_seconds_count', { outcome: 'acked' })).toBeGreaterThan(
      sampleSum(before, 'hindsight_kafka_produce_duration_seconds_count', { outcome: 'acked' }),
    );
    expect(after.types.get('hindsight_http_request_duration_seconds')).toBe('histogram');
    expect(after.samples.some((s) => s.name === 'nodejs_heap_size_used_bytes' && s.labels.service === 'api')).toBe(
      true,
    );
  });

  it('gzips a large JSON answer when the client asks, and not when it does not', async () => {
    const asked = await rawGet(`${api.url}/docs/openapi.json`, { 'accept-encoding': 'gzip' });
    expect(asked.status).toBe(200);
    expect(asked.headers['content-encoding']).toBe('gzip');
    const document = JSON.parse(gunzipSync(asked.body).toString('utf8')) as unknown;
    expect(document).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(asked.body.length).toBeLessThan(JSON.stringify(document).length / 3);
    const plain = await rawGet(`${api.url}/docs/openapi.json`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8'))).toEqual(document);
  });
});
