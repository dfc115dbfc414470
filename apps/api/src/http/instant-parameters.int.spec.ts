import { startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

/* An `asOf` that is present but not an instant is refused saying the form expected, never as "required". */

const DATE_ALONE =
  'must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)';

describe('asOf on the api routes', () => {
  let api: ApiUnderTest;
  let key: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    key = (await api.issueKey({ scopes: ['read'] })).key;
  });
  afterAll(() => api.close());

  const get = async (path: string) => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('POST /v1/datasets with asOf 2026-12-06 answers 400 saying the form expected', async () => {
    const response = await api.post('/v1/datasets', { asOf: '2026-12-06' }, key);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation',
      message: `asOf: ${DATE_ALONE}`,
      issues: [{ path: 'asOf', rule: DATE_ALONE }],
    });
  });

  it('POST /v1/datasets without asOf still says required, with the form', async () => {
    const response = await api.post('/v1/datasets', {}, key);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      issues: [{ path: 'asOf', rule: 'required: an ISO-8601 instant with Z or an offset, e.g. 2026-09-30T23:59:59Z' }],
    });
  });

  it('GET /v1/quality/report?asOf=2026-12-06 answers 400 saying the form expected', async () => {
    const response = await get('/v1/quality/report?asOf=2026-12-06');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'validation', issues: [{ path: 'asOf', rule: DATE_ALONE }] });
  });

  it('GET /v1/quality/report with an offset whose + was not encoded says to write it as %2B', async () => {
    const response = await get('/v1/quality/report?asOf=2026-12-06T10:00:00+02:00');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      issues: [
        {
          path: 'asOf',
          rule: 'must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T10:00:00+02:00 (in a URL query write + as %2B: a bare + reads as a space)',
        },
      ],
    });
    expect((await get('/v1/quality/report?asOf=2026-12-06T10:00:00%2B02:00')).status).toBe(200);
  });
});
