import { MAX_ID_CHARS } from '@hindsight/contracts';
import { startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

describe('unknown query parameters', () => {
  let api: ApiUnderTest;
  let key: string;
  const get = async (path: string, withKey = true) => {
    const response = await fetch(`${api.url}${path}`, { headers: withKey ? { authorization: `Bearer ${key}` } : {} });
    return { status: response.status, body: (await response.json()) as { issues?: { path: string; rule: string }[] } };
  };

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    key = (await api.issueKey({ scopes: ['ingest', 'read', 'admin'] })).key;
  });
  afterAll(() => api.close());

  it.each([
    ['/v1/models?objectve=helpfulness', ['objectve']],
    ['/v1/runs?status=failed', ['status']],
    ['/v1/tasks/next?queue=q1&rater=r1&order=fixed', ['order']],
    ['/v1/quality/report?asOf=2026-09-30T00:00:00Z&tz=UTC&x=1', ['tz', 'x']],
  ])('%s answers 400 naming %j', async (path, names) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.issues).toEqual(names.map((name) => ({ path: name, rule: 'unknown query parameter' })));
  });

  it.each([
    ['/v1/models/a%00b', 'version', 'must not contain the NUL character (U+0000)'],
    ['/v1/runs/%00', 'id', 'must not contain the NUL character (U+0000)'],
    ['/v1/models?objective=%00', 'objective', 'must not contain the NUL character (U+0000)'],
    ['/v1/models/compare?a=x&a=y&b=z', 'a', 'must be given once'],
  ])('%s answers 400 on %s, not a database error', async (path, field, rule) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: field, rule }]);
  });

  it.each(['/v1/runs/%E0%A4%A', '/v1/models/%zz', '/v1/policies/%/pause'])(
    '%s (a path whose escapes do not decode) answers 400 naming the url in the error body',
    async (path) => {
      const { status, body } = await get(path);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        error: 'validation',
        issues: [{ path: 'url', rule: expect.stringMatching(/valid URL/) }],
      });
    },
  );

  it('reads records by ids as long as the api accepts (200 characters, percent-escaped), and answers 414 in the error body beyond', async () => {
    const longest = 'v'.repeat(MAX_ID_CHARS - 1) + '/';
    expect((await get(`/v1/models/${encodeURIComponent(longest)}`)).status).toBe(404);
    expect((await get(`/v1/runs/${'r'.repeat(MAX_ID_CHARS)}`)).status).toBe(404);
    const { status, body } = await get(`/v1/runs/${'r'.repeat(5_000)}`);
    expect(status).toBe(414);
    expect(body).toMatchObject({
      error: 'uri-too-long',
      issues: [{ path: 'url', rule: expect.stringMatching(/at most 600 characters/) }],
    });
  });

  it('answers 404, not a database error, for a dataset id that only looks like a UUID', async () => {
    expect((await get(`/v1/datasets/${'-'.repeat(36)}`)).status).toBe(404);
  });

  it('takes the documented parameters', async () => {
    expect((await get('/v1/models?objective=helpfulness&limit=5')).status).toBe(200);
    expect((await get('/v1/runs')).status).toBe(200);
  });

  it('leaves the health checks alone', async () => {
    expect((await get('/health?probe=kubelet', false)).status).toBe(200);
  });
});
