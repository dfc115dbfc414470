import { apiService } from '@hindsight/api-service';
import { startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';

/* The webhook routes on the real api, broker and database: the secret is answered once, never listed. */
describe('webhook routes', () => {
  let api: ApiUnderTest;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    const tenant = uniqueTenant('webhooks');
    admin = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
    reader = (await api.issueKey({ tenant, scopes: ['read'] })).key;
  });
  afterAll(async () => {
    await api.close();
  });

  const call = async (method: string, path: string, body?: unknown, key = admin) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, unknown> };
  };

  it('creates, lists without the secret, refuses bad input naming the field, and deletes', async () => {
    const created = await call('POST', '/v1/webhooks', {
      id: 'wh-ops',
      url: 'https://ops.example.com/hindsight',
      kinds: ['retrain.failed', 'dead-letter.recorded'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.webhook).toMatchObject({ id: 'wh-ops', kinds: ['retrain.failed', 'dead-letter.recorded'] });

    const listed = await call('GET', '/v1/webhooks', undefined, reader);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(String(created.body.secret));
    expect(JSON.stringify(listed.body)).not.toContain('wrapped');
    expect((listed.body.webhooks as { id: string }[]).map((w) => w.id)).toEqual(['wh-ops']);

    expect(
      (await call('POST', '/v1/webhooks', { id: 'wh-ops', url: 'https://a.example', kinds: ['retrain.failed'] }))
        .status,
    ).toBe(409);
    const bad = await call('POST', '/v1/webhooks', { url: 'ftp://x', kinds: ['retrain.exploded'] });
    expect(bad.status).toBe(400);
    expect((bad.body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['kinds[0]', 'url']);
    expect(
      (await call('POST', '/v1/webhooks', { url: 'https://a.example', kinds: ['retrain.failed'] }, reader)).status,
    ).toBe(403);

    const deliveries = await call('GET', '/v1/webhooks/deliveries?status=dead&limit=10', undefined, reader);
    expect(deliveries).toEqual({ status: 200, body: { deliveries: [] } });
    const badQuery = await call('GET', '/v1/webhooks/deliveries?status=lost', undefined, reader);
    expect(badQuery.status).toBe(400);
    expect((badQuery.body.issues as { path: string }[])[0].path).toBe('status');

    expect((await call('DELETE', '/v1/webhooks/wh-ops')).status).toBe(204);
    expect((await call('DELETE', '/v1/webhooks/wh-ops')).status).toBe(404);
    expect((await call('GET', '/v1/webhooks', undefined, reader)).body).toEqual({ webhooks: [] });
  });
});
