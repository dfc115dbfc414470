import { parseApiKey } from '@hindsight/access';
import { startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

/** The cookie pair (`name=value`) of a Set-Cookie header. */
const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

describe('sign-in sessions (POST/GET/DELETE /v1/session) and the pages', () => {
  let api: ApiUnderTest;

  const send = async (
    method: string,
    path: string,
    init: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(init.cookie && { cookie: init.cookie }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: response.status, body, headers: response.headers };
  };
  const signIn = async (key: string) => {
    const r = await send('POST', '/v1/session', { body: { key } });
    expect(r.status).toBe(201);
    return {
      cookie: cookieOf(r.headers.get('set-cookie')),
      setCookie: r.headers.get('set-cookie') ?? '',
      body: r.body,
    };
  };

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
  });
  afterAll(() => api.close());

  it('turns a key into an HttpOnly, SameSite=Strict cookie with an expiry, never echoing the key', async () => {
    const tenant = uniqueTenant('session');
    const issued = await api.issueKey({ tenant, scopes: ['read'] });
    const { setCookie, body } = await signIn(issued.key);
    expect(setCookie).toMatch(
      /^hindsight_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28800; Expires=/,
    );
    // Plain HTTP here: not Secure (a proxy saying https makes it so, see below).
    expect(setCookie).not.toContain('Secure');
    // The lookup id is base64url and may itself hold '_': the secret is taken by the key's own format.
    expect(setCookie).not.toContain(parseApiKey(issued.key)!.secret);
    expect(body).toMatchObject({ tenant, scopes: ['read'], keyLookupId: issued.lookupId, raterId: null });
    expect(JSON.stringify(body)).not.toContain(issued.key);
    const secure = await send('POST', '/v1/session', {
      body: { key: issued.key },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(secure.headers.get('set-cookie')).toContain('; Secure');
  });

  it('refuses a bad, malformed or missing key naming the field, and a widget (feedback-only) key', async () => {
    const real = (await api.issueKey({ tenant: uniqueTenant('session'), scopes: ['read'] })).key;
    const bad = await send('POST', '/v1/session', {
      body: { key: `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}` },
    });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ issues: [{ path: 'key', rule: 'not a valid API key' }] });
    expect(bad.headers.get('set-cookie')).toBeNull();
    expect((await send('POST', '/v1/session', { body: { key: 'nope' } })).body).toMatchObject({
      issues: [{ path: 'key' }],
    });
    expect(await send('POST', '/v1/session', { body: {} })).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'key', rule: 'required: the API key (hsk_…)' }] },
    });
    const widget = await api.issueKey({ tenant: uniqueTenant('session'), scopes: ['feedback'] });
    expect(await send('POST', '/v1/session', { body: { key: widget.key } })).toMatchObject({
      status: 403,
      body: { issues: [{ path: 'key' }] },
    });
  });

  it('lets the cookie stand for its key exactly: same tenant and scopes, nothing more', async () => {
    const tenant = uniqueTenant('session');
    const reader = await api.issueKey({ tenant, scopes: ['read'] });
    const { cookie } = await signIn(reader.key);
    expect(await send('GET', '/v1/session', { cookie })).toMatchObject({
      status: 200,
      body: { tenant, scopes: ['read'] },
    });
    // A read route answers; a route needing admin refuses the read key's session, as it refuses the key.
    expect(
      (await send('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, { cookie })).status,
    ).toBe(200);
    const write = await send('POST', '/v1/queues', {
      cookie,
      body: { name: 'q', overlap: 1, counterbalance: false },
      headers: { 'x-hindsight-csrf': '1' },
    });
    expect(write).toMatchObject({
      status: 403,
      body: { issues: [{ path: 'authorization', rule: 'needs scope admin' }] },
    });
    // Another tenant's queue stays invisible through an admin session too.
    const otherTenant = uniqueTenant('session');
    const otherAdmin = await api.issueKey({ tenant: otherTenant, scopes: ['admin', 'ingest'] });
    const created = await api.post('/v1/queues', { name: 'theirs', overlap: 1, counterbalance: false }, otherAdmin.key);
    const mineAdmin = await signIn((await api.issueKey({ tenant, scopes: ['admin', 'ingest'] })).key);
    const peek = await send('GET', `/v1/tasks/next?queue=${(created.body as { id: string }).id}&rater=r1`, {
      cookie: mineAdmin.cookie,
    });
    expect(peek.status).toBe(404);
  });

  it('requires the CSRF header on writes authenticated by the cookie (a cross-site form cannot send it)', async () => {
    const { cookie } = await signIn((await api.issueKey({ tenant: uniqueTenant('session'), scopes: ['admin'] })).key);
    const forged = await send('POST', '/v1/queues', { cookie, body: { name: 'q', overlap: 1, counterbalance: false } });
    expect(forged).toMatchObject({
      status: 403,
      body: { issues: [{ path: 'x-hindsight-csrf', rule: 'required on writes authenticated by the session cookie' }] },
    });
    const real = await send('POST', '/v1/queues', {
      cookie,
      body: { name: 'q', overlap: 1, counterbalance: false },
      headers: { 'x-hindsight-csrf': '1' },
    });
    expect(real.status).toBe(201);
  });

  it('signs out: the cookie is cleared and the old one refused; a revoked key ends its sessions', async () => {
    const issued = await api.issueKey({ tenant: uniqueTenant('session'), scopes: ['read'] });
    const { cookie } = await signIn(issued.key);
    expect((await send('DELETE', '/v1/session', { cookie })).status).toBe(403);
    const out = await send('DELETE', '/v1/session', { cookie, headers: { 'x-hindsight-csrf': '1' } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^hindsight_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
    expect((await send('GET', '/v1/session', { cookie })).status).toBe(401);
    expect(
      await send('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, { cookie }),
    ).toMatchObject({ status: 401, body: { issues: [{ path: 'cookie' }] } });

    const again = await signIn(issued.key);
    await api.revokeKey(issued.id);
    expect((await send('GET', '/v1/session', { cookie: again.cookie })).status).toBe(401);
  });

  it('refuses a tampered cookie', async () => {
    const { cookie } = await signIn((await api.issueKey({ tenant: uniqueTenant('session'), scopes: ['read'] })).key);
    const [name, value] = cookie.split('=');
    const [payload, signature] = value.split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), e: Date.now() + 10 ** 9 }),
    ).toString('base64url');
    expect((await send('GET', '/v1/session', { cookie: `${name}=${other}.${signature}` })).status).toBe(401);
  });

  it('serves the pages and their hashed bundles, with no CDN', async () => {
    for (const path of ['/annotate', '/annotate/some-queue', '/console', '/console/quality']) {
      const page = await send('GET', path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = page.body as string;
      expect(html).not.toMatch(/https?:\/\//);
      const script = /<script type="module" src="(\/assets\/[^"]+\.js)"><\/script>/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${api.url}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    }
    expect((await send('GET', '/assets/..%2Fmanifest.json')).status).toBe(404);
    expect((await send('GET', '/assets/nothing-here.js')).status).toBe(404);
  });

  it('says how to build the pages when they were not built', async () => {
    const unbuilt = await startApiUnderTest(apiService, { WEB_DIST_DIR: '/nonexistent/hindsight-web' });
    try {
      const page = await fetch(`${unbuilt.url}/annotate`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build:web');
    } finally {
      await unbuilt.close();
    }
  });
});
