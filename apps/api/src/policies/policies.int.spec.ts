import { NUL_RULE } from '@hindsight/contracts';
import { startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

/*
 * The policy routes through the real api and database: validation names the
 * field, writes nothing, and every route is tenant-scoped. The pause and resume
 * actions need no body (an empty JSON object is accepted too).
 */

interface PolicyView {
  id: string;
  tenant: string;
  name: string;
  cadence: string;
  timezone: string;
  status: string;
  pausedAt: string | null;
  nextFireAt: string | null;
  [key: string]: unknown;
}

describe('retrain policy routes', () => {
  let api: ApiUnderTest;
  let admin: string;
  let reader: string;
  let otherAdmin: string;
  let ingestOnly: string;
  let tenant: string;

  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as unknown };
  };
  const names = async (key: string) =>
    ((await call('GET', '/v1/policies', key)).body as { policies: PolicyView[] }).policies.map((p) => p.name);
  const valid = (name: string) => ({
    name,
    cadence: 'quarterly',
    timezone: 'Europe/Berlin',
    objectives: ['helpfulness', 'harmlessness'],
    recipe: { id: 'default', version: 3, inline: { recencyHalfLifeDays: 30, gates: { minPairs: 200 } } },
    catchUp: 'all',
    minNewComparisons: 1_000_000_000,
    driftThreshold: 0.25,
  });

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    tenant = uniqueTenant('policies');
    admin = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
    reader = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    ingestOnly = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    otherAdmin = (await api.issueKey({ tenant: uniqueTenant('elsewhere'), scopes: ['admin'] })).key;
  });

  afterAll(async () => {
    for (const p of ((await call('GET', '/v1/policies', admin)).body as { policies: PolicyView[] }).policies)
      await call('DELETE', `/v1/policies/${p.id}`, admin);
    await api.close();
  });

  it('creates a policy for the key tenant and shows it with its next fire time', async () => {
    const created = await call('POST', '/v1/policies', admin, valid('quarterly-hh'));
    expect(created.status).toBe(201);
    const view = created.body as PolicyView;
    expect(view).toMatchObject({ ...valid('quarterly-hh'), tenant, status: 'active', pausedAt: null });
    expect(view.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    // The next quarter starts at local midnight in Berlin: 22:00 or 23:00 UTC the day before.
    expect(view.nextFireAt).toMatch(/^\d{4}-(12-31T23|03-31T22|06-30T22|09-30T22):00:00\.000Z$/);
    expect(Date.parse(view.nextFireAt!)).toBeGreaterThan(Date.now());
    expect((await call('GET', `/v1/policies/${view.id}`, reader)).body).toEqual(view);
    expect(await names(reader)).toContain('quarterly-hh');
  });

  it.each([
    ['a bad cadence', { cadence: 'every other tuesday' }, 'cadence: not a valid cron expression or shorthand'],
    ['an unknown time zone', { timezone: 'Europe/Atlantis' }, 'timezone: unknown IANA time zone'],
    ['an unknown catch-up mode', { catchUp: 'some' }, 'catchUp: must be one of: latest-only, all'],
    ['a missing recipe', { recipe: undefined }, 'recipe: required'],
    ['a duplicate objective', { objectives: ['honesty', 'honesty'] }, 'objectives[1]: must be unique'],
    ['a zero volume trigger', { minNewComparisons: 0 }, 'minNewComparisons: must be >= 1'],
    // The inline recipe is checked by the trainer's rules now, not when the first run starts.
    [
      'an inline recipe the trainer would refuse',
      { recipe: { id: 'mine', version: 1, inline: { split: { test: 0.9 } } } },
      'recipe.inline.split.test: must be <= 0.5',
    ],
    [
      'bad gates in the inline recipe',
      { recipe: { id: 'mine', version: 1, inline: { gates: { minPairs: 0 } } } },
      'recipe.inline.gates.minPairs: must be an integer >= 1',
    ],
  ])('rejects %s with a 400 naming the field, and stores nothing', async (_what, change, issue) => {
    const before = await names(admin);
    const response = await call('POST', '/v1/policies', admin, { ...valid('bad-one'), ...change });
    expect(response.status).toBe(400);
    const body = response.body as { error: string; issues: { path: string; rule: string }[] };
    expect(body.error).toBe('validation');
    expect(body.issues.map((i) => `${i.path}: ${i.rule}`)).toEqual([issue]);
    expect(await names(admin)).toEqual(before);
  });

  it('names a NUL character PostgreSQL could not store, wherever it is, and stores nothing', async () => {
    const before = await names(admin);
    const response = await call('POST', '/v1/policies', admin, { ...valid('nul-one'), cadence: '@daily\u0000' });
    expect(response.status).toBe(400);
    expect((response.body as { issues: { path: string; rule: string }[] }).issues).toContainEqual({
      path: 'cadence',
      rule: NUL_RULE,
    });
    expect(await names(admin)).toEqual(before);
  });

  it('refuses a second live policy with the same name (409)', async () => {
    expect((await call('POST', '/v1/policies', admin, valid('twice'))).status).toBe(201);
    const again = await call('POST', '/v1/policies', admin, valid('twice'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ issues: [{ path: 'name', rule: 'already used by another policy' }] });
  });

  it('lets one of many concurrent creates of a name through and refuses the rest (409), without starving the connection pool', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, () => call('POST', '/v1/policies', admin, valid('raced'))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array.from({ length: 15 }, () => 409)]);
    expect((await names(admin)).filter((n) => n === 'raced')).toHaveLength(1);
  });

  it('pauses, resumes and deletes', async () => {
    const { id } = (await call('POST', '/v1/policies', admin, valid('lifecycle'))).body as PolicyView;
    const paused = await call('POST', `/v1/policies/${id}/pause`, admin);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ status: 'paused', nextFireAt: null });
    expect((paused.body as PolicyView).pausedAt).not.toBeNull();
    const resumed = await call('POST', `/v1/policies/${id}/resume`, admin, {});
    expect(resumed.body).toMatchObject({ status: 'active', pausedAt: null });
    expect((await call('DELETE', `/v1/policies/${id}`, admin)).status).toBe(204);
    expect((await call('GET', `/v1/policies/${id}`, admin)).status).toBe(404);
    expect((await call('DELETE', `/v1/policies/${id}`, admin)).status).toBe(404);
    expect(await names(admin)).not.toContain('lifecycle');
    // The name is free again once deleted.
    expect((await call('POST', '/v1/policies', admin, valid('lifecycle'))).status).toBe(201);
  });

  it('is scoped to the tenant of the key and to the admin scope for changes', async () => {
    const { id } = (await call('POST', '/v1/policies', admin, valid('mine'))).body as PolicyView;
    expect(await names(otherAdmin)).not.toContain('mine');
    for (const [method, path] of [
      ['GET', `/v1/policies/${id}`],
      ['POST', `/v1/policies/${id}/pause`],
      ['POST', `/v1/policies/${id}/resume`],
      ['DELETE', `/v1/policies/${id}`],
    ]) {
      const response = await call(method, path, otherAdmin, method === 'POST' ? {} : undefined);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect((await call('POST', '/v1/policies', reader, valid('by-reader'))).status).toBe(403);
    expect((await call('POST', `/v1/policies/${id}/pause`, reader, {})).status).toBe(403);
    expect((await call('GET', '/v1/policies', ingestOnly)).status).toBe(403);
    expect((await call('GET', '/v1/policies', 'not-a-key')).status).toBe(401);
    expect((await call('GET', `/v1/policies/${id}`, admin)).body).toMatchObject({ status: 'active' });
    expect((await call('GET', '/v1/policies/not-a-uuid', admin)).status).toBe(404);
  });
});
