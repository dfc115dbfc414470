import { loadPlatformConfig } from '@hindsight/config';
import { topicName, TOPICS } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { readTopicUntil, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

/*
 * Sign-out across api processes (real Kafka and PostgreSQL): two api apps in this
 * process, each with its own follower of the configuration topic and the same
 * SESSION_SECRET (as replicas behind one load balancer). A session signed in on A
 * and signed out on B is refused by A once A has read `session.ended`, and by an api
 * started afterwards (it rebuilds the sign-outs from the topic).
 */
const config = loadPlatformConfig();
const SECRET = 'sign-out-spec-secret-0123456789abcdef0123';
const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

describe('sign-out holds on every api process (session.ended on the configuration topic)', () => {
  let a: ApiUnderTest;
  let b: ApiUnderTest;

  const send = async (
    api: ApiUnderTest,
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
    return {
      status: response.status,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      headers: response.headers,
    };
  };
  const signIn = async (api: ApiUnderTest, key: string) => {
    const r = await send(api, 'POST', '/v1/session', { body: { key } });
    expect(r.status).toBe(201);
    return cookieOf(r.headers.get('set-cookie'));
  };
  const report = (api: ApiUnderTest, cookie: string) =>
    send(api, 'GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, { cookie });

  beforeAll(async () => {
    a = await startApiUnderTest(apiService, { SESSION_SECRET: SECRET });
    b = await startApiUnderTest(apiService, { SESSION_SECRET: SECRET });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('signed in on A and signed out on B: A refuses the cookie once it read session.ended; other sessions of the key live on', async () => {
    const tenant = uniqueTenant('signout');
    const issued = await a.issueKey({ tenant, scopes: ['read'] });
    const cookie = await signIn(a, issued.key);
    const other = await signIn(a, issued.key);
    // Both processes accept the session first (the same secret signs it).
    expect(await send(a, 'GET', '/v1/session', { cookie })).toMatchObject({ status: 200, body: { tenant } });
    expect(await send(b, 'GET', '/v1/session', { cookie })).toMatchObject({ status: 200, body: { tenant } });

    const out = await send(b, 'DELETE', '/v1/session', { cookie, headers: { 'x-hindsight-csrf': '1' } });
    expect(out.status).toBe(204);
    const signedOutAt = Date.now();
    // B refuses it at once: it applied its own event before answering.
    expect(await send(b, 'GET', '/v1/session', { cookie })).toMatchObject({
      status: 401,
      body: { issues: [{ path: 'cookie' }] },
    });
    // A refuses it once it has read the event: on /v1/session and on every route.
    await waitFor(
      async () => (await send(a, 'GET', '/v1/session', { cookie })).status,
      (status) => status === 401,
      30_000,
      'A refusing the signed-out session',
    );
    const lagMs = Date.now() - signedOutAt;
    expect(await report(a, cookie)).toMatchObject({
      status: 401,
      body: { issues: [{ path: 'cookie', rule: 'session expired, signed out or not valid' }] },
    });
    // Only that session ended: another session of the same key still works on both.
    expect((await report(a, other)).status).toBe(200);
    expect((await send(b, 'GET', '/v1/session', { cookie: other })).status).toBe(200);
    // Signing out again (on A) is a no-op: 204, and nothing more is published.
    expect((await send(a, 'DELETE', '/v1/session', { cookie, headers: { 'x-hindsight-csrf': '1' } })).status).toBe(204);
    process.stdout.write(`A refused the session ${lagMs} ms after B answered the sign-out\n`);

    // The event on the configuration topic: the session and key named, tenant from the key, keyed by the key.
    const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'sign-out-spec' });
    const sessionId = JSON.parse(Buffer.from(cookie.split('=')[1].split('.')[0], 'base64url').toString('utf8'))
      .s as string;
    const messages = await readTopicUntil(kafka, topicName(config.kafka.topicPrefix, TOPICS.configuration), (ms) =>
      ms.some((m) => m.value.includes(sessionId)),
    );
    const ended = messages.filter(
      (m) => m.headers['hindsight-type'] === 'session.ended' && m.value.includes(sessionId),
    );
    expect(ended).toHaveLength(1);
    expect(ended[0].key).toBe(issued.id);
    expect(JSON.parse(ended[0].value)).toMatchObject({
      type: 'session.ended',
      version: 1,
      tenant,
      source: 'api',
      subject: { kind: 'session', id: sessionId },
      data: { sessionId, keyId: issued.id },
    });

    // An api started afterwards rebuilds the sign-outs from the topic: it never accepts the cookie (its first
    // requests wait for it to read the topic, and answer 503 if that takes over 10 s).
    const c = await startApiUnderTest(apiService, { SESSION_SECRET: SECRET });
    try {
      expect([401, 503]).toContain((await send(c, 'GET', '/v1/session', { cookie })).status);
      await waitFor(
        async () => (await send(c, 'GET', '/v1/session', { cookie })).status,
        (status) => status !== 503,
        30_000,
        'C reading the configuration topic',
      );
      expect((await send(c, 'GET', '/v1/session', { cookie })).status).toBe(401);
      expect((await send(c, 'GET', '/v1/session', { cookie: other })).status).toBe(200);
    } finally {
      await c.close();
    }
  }, 120_000);
});
