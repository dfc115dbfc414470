import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, TOPICS } from '@hindsight/contracts';
import { buildDataset, normaliseRecipe } from '@hindsight/datasets';
import { createKafka } from '@hindsight/kafka';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger, startService, type RunningService } from '@hindsight/runtime';
import {
  freePort,
  openEventValues,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';

// Planted truth: each text carries the items its expected counts name (RFC 2606 example.org addresses,
// Ofcom's drama number +44 20 7946 0958, RFC 5737's 203.0.113.7, Stripe's test card 4242 4242 4242 4242).
const EMAIL_PROMPT = 'My address is ada@example.org, please write back.';
const MIXED_RESPONSE = 'Call +44 20 7946 0958 or pay with 4242 4242 4242 4242 from 203.0.113.7.';

describe('PII redaction at ingestion (real Kafka and PostgreSQL)', () => {
  const config = loadPlatformConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'redaction-test' });
  const deploymentTopic = topicName(config.kafka.topicPrefix, TOPICS.deployment);
  let api: ApiUnderTest;
  let projector: RunningService;
  let redacting: { tenant: string; key: string };
  let refusing: { tenant: string; key: string };

  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.running.context.dataSource.query(sql, params);
  const call = async (method: string, path: string, key: string, body?: unknown) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const interactionRow = (tenant: string, id: string) =>
    query<{
      prompt: string | null;
      response: string | null;
      redactions: Record<string, number> | null;
      erased: boolean;
    }>('SELECT prompt, response, redactions, erased FROM interactions WHERE tenant = $1 AND interaction_id = $2', [
      tenant,
      id,
    ]).then((rows) => rows[0]);

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    for (const which of ['redacting', 'refusing'] as const) {
      const tenant = uniqueTenant(which);
      const { key } = await api.issueKey({ tenant, scopes: ['ingest', 'read', 'admin'] });
      if (which === 'redacting') redacting = { tenant, key };
      else refusing = { tenant, key };
    }
  });
  afterAll(async () => {
    await projector?.app.close();
    await api?.close();
  });

  it('stores an e-mail in an interaction prompt as [EMAIL] with counts per kind; the sealed event alone keeps the original', async () => {
    // A tenant that never set a policy redacts (the default).
    expect(await call('GET', '/v1/redaction-policy', redacting.key)).toMatchObject({
      status: 200,
      body: { mode: 'redact', phoneRegion: 'US', isDefault: true },
    });
    const sent = await api.post(
      '/v1/interactions',
      {
        interactionId: 'int-email',
        prompt: EMAIL_PROMPT,
        response: MIXED_RESPONSE,
        modelVersion: 'm-1',
        userId: 'u-1',
      },
      redacting.key,
    );
    expect(sent.status).toBe(202);
    const row = await waitFor(
      () => interactionRow(redacting.tenant, 'int-email'),
      (r) => r !== undefined,
      60_000,
      'projected',
    );
    expect(row).toEqual({
      prompt: 'My address is [EMAIL], please write back.',
      response: 'Call [PHONE] or pay with [CARD] from [IP].',
      redactions: { card: 1, email: 1, ip: 1, phone: 1 },
      erased: false,
    });
    // The read API serves the projection: redacted.
    const read = await call('GET', '/v1/interactions', redacting.key);
    expect(JSON.stringify(read.body)).not.toContain('ada@example.org');

    // On Kafka the event is sealed (no plain text); opened with the interaction's key it holds the redacted
    // fields and, under `redaction.original`, the original text.
    const [message] = (
      await readTopicUntil(kafka, deploymentTopic, (ms) => ms.some((m) => m.key === 'int-email'))
    ).filter((m) => m.key === 'int-email');
    expect(message.value).not.toContain('ada@example.org');
    const [opened] = await openEventValues(api.running.context.dataSource, [message.value]);
    // The projector's event store keeps the redacted event and its counts, not the original.
    const [stored] = await query<{ payload: { data: Record<string, unknown> } }>(
      "SELECT payload FROM events WHERE tenant = $1 AND type = 'interaction.logged' AND subject_id = 'int-email'",
      [redacting.tenant],
    );
    expect(stored.payload.data.redaction).toEqual({ counts: { card: 1, email: 1, ip: 1, phone: 1 } });
    expect(JSON.stringify(stored.payload)).not.toContain('ada@example.org');
    expect(opened).toMatchObject({
      version: 2,
      data: {
        prompt: 'My address is [EMAIL], please write back.',
        redaction: {
          counts: { card: 1, email: 1, ip: 1, phone: 1 },
          original: { prompt: EMAIL_PROMPT, response: MIXED_RESPONSE },
        },
      },
    });
  }, 120_000);

  it('refuses a client-sent redaction record, an unsafe custom pattern, and a policy from a key without admin', async () => {
    const forged = await api.post(
      '/v1/interactions',
      { interactionId: 'int-forged', prompt: 'hi', response: 'ok', modelVersion: 'm-1', redaction: { counts: {} } },
      redacting.key,
    );
    expect(forged).toMatchObject({
      status: 400,
      body: { issues: [{ path: 'redaction', rule: 'set by the api; must not be sent' }] },
    });
    const evil = await call('PUT', '/v1/redaction-policy', redacting.key, {
      mode: 'redact',
      custom: [{ name: 'evil', pattern: '(a+)+$' }],
    });
    expect(evil.status).toBe(400);
    expect(evil.body.issues).toEqual([{ path: 'custom[0].pattern', rule: expect.stringMatching(/backtrack/) }]);
    const reader = (await api.issueKey({ tenant: redacting.tenant, scopes: ['read'] })).key;
    expect((await call('PUT', '/v1/redaction-policy', reader, { mode: 'off' })).status).toBe(403);
  });

  it('answers 422 naming the field and the kind for a refuse-mode tenant, and writes nothing', async () => {
    const set = await call('PUT', '/v1/redaction-policy', refusing.key, {
      mode: 'refuse',
      phoneRegion: null,
      custom: [{ name: 'ticket', pattern: 'TCK-\\d{6}', caseInsensitive: true }],
    });
    expect(set).toMatchObject({ status: 200, body: { mode: 'refuse', phoneRegion: null, isDefault: false } });
    expect((await call('GET', '/v1/redaction-policy', refusing.key)).body).toMatchObject({
      mode: 'refuse',
      custom: [{ name: 'ticket', pattern: 'TCK-\\d{6}', caseInsensitive: true }],
      setBy: expect.stringMatching(/^api-key:/),
    });
    const refused = await api.post(
      '/v1/interactions',
      { interactionId: 'int-refused', prompt: EMAIL_PROMPT, response: 'see tck-004211', modelVersion: 'm-1' },
      refusing.key,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      error: 'personal-data',
      issues: [
        { path: 'prompt', rule: "contains personal data (email); the tenant's redaction policy refuses it" },
        { path: 'response', rule: "contains personal data (custom:ticket); the tenant's redaction policy refuses it" },
      ],
    });
    // In a batch the refused item is rejected on its own; the clean one is written.
    const batch = await api.post(
      '/v1/events/batch',
      {
        events: [
          {
            type: 'interaction.logged',
            idempotencyKey: 'clean',
            data: {
              interactionId: 'int-clean',
              prompt: 'How do I sort a list?',
              response: 'sorted(xs)',
              modelVersion: 'm-1',
            },
          },
          {
            type: 'interaction.logged',
            idempotencyKey: 'dirty',
            data: { interactionId: 'int-dirty', prompt: 'from 203.0.113.7', response: 'ok', modelVersion: 'm-1' },
          },
        ],
      },
      refusing.key,
    );
    expect(batch.status).toBe(207);
    expect((batch.body as { results: unknown[] }).results[1]).toEqual({
      index: 1,
      status: 'rejected',
      issues: [
        {
          path: 'events[1].data.prompt',
          rule: "contains personal data (ip); the tenant's redaction policy refuses it",
        },
      ],
    });
    const clean = await waitFor(
      () => interactionRow(refusing.tenant, 'int-clean'),
      (r) => r !== undefined,
      60_000,
      'projected',
    );
    // Nothing found, nothing redacted: a refuse-mode event carries no redaction record.
    expect(clean).toMatchObject({ prompt: 'How do I sort a list?', redactions: null });
    // Nothing of the refused ones reached Kafka or PostgreSQL.
    const messages = await readTopicUntil(kafka, deploymentTopic, (ms) => ms.some((m) => m.key === 'int-clean'));
    expect(messages.filter((m) => m.key === 'int-refused' || m.key === 'int-dirty')).toEqual([]);
    expect(
      await query('SELECT 1 FROM events WHERE tenant = $1 AND subject_id IN ($2, $3)', [
        refusing.tenant,
        'int-refused',
        'int-dirty',
      ]),
    ).toEqual([]);
  }, 120_000);

  it("counts the redactions of the dataset's interactions in its manifest", async () => {
    for (const [id, prompt] of [
      ['int-kto-1', 'Mail me at bo@example.net or bo@example.com'],
      ['int-kto-2', 'Nothing personal here'],
    ] as const) {
      expect(
        (
          await api.post(
            '/v1/interactions',
            { interactionId: id, prompt, response: 'ok', modelVersion: 'm-1' },
            redacting.key,
          )
        ).status,
      ).toBe(202);
      expect((await api.post('/v1/feedback', { interactionId: id, kind: 'thumbs-up' }, redacting.key)).status).toBe(
        202,
      );
    }
    await waitFor(
      () => query('SELECT 1 FROM feedback WHERE tenant = $1', [redacting.tenant]),
      (rows) => rows.length === 2,
      60_000,
      'feedback projected',
    );
    const outDir = await mkdtemp(join(tmpdir(), 'redaction-manifest-'));
    const manifest = await buildDataset(api.running.context.dataSource, {
      tenant: redacting.tenant,
      asOf: new Date().toISOString(),
      recipe: normaliseRecipe({ outputs: ['kto'] }),
      outDir,
      codeVersion: 'test',
    });
    // int-email had no feedback (no KTO row): only int-kto-1's two addresses count.
    expect(manifest.counts.redactions).toEqual({ email: 2 });
    const files = await Promise.all(manifest.files.map((f) => readFile(join(outDir, f.name), 'utf8')));
    expect(files.join('')).toContain('Mail me at [EMAIL] or [EMAIL]');
    expect(files.join('')).not.toContain('@example.');
  }, 120_000);

  it('an erasure still shreds the original, and a replay into an empty schema rebuilds the same redacted rows and policies', async () => {
    const [before] = (
      await readTopicUntil(kafka, deploymentTopic, (ms) => ms.some((m) => m.key === 'int-email'))
    ).filter((m) => m.key === 'int-email');
    const erasure = await api.post(
      '/v1/events',
      {
        type: 'subject.erasure.requested',
        idempotencyKey: 'erase-int-email',
        data: { subjectKind: 'interaction', subjectId: 'int-email', reason: 'request' },
      },
      redacting.key,
    );
    expect(erasure.status).toBe(202);
    await waitFor(
      () => interactionRow(redacting.tenant, 'int-email'),
      (r) => r?.erased === true,
      60_000,
      'erased',
    );
    expect(await interactionRow(redacting.tenant, 'int-email')).toMatchObject({ prompt: null, response: null });
    // The key is destroyed: the sealed event, original included, opens as a tombstone only.
    const [shredded] = await openEventValues(api.running.context.dataSource, [before.value]);
    expect(shredded.data).toEqual({ erased: true });
    const [stored] = await query<{ payload: unknown }>(
      "SELECT payload FROM events WHERE tenant = $1 AND type = 'interaction.logged' AND subject_id = 'int-email'",
      [redacting.tenant],
    );
    expect(JSON.stringify(stored.payload)).not.toContain('ada@example.org');

    const snapshot = async () => ({
      interactions: await query(
        'SELECT tenant, interaction_id, prompt, response, redactions FROM interactions WHERE tenant IN ($1, $2) AND NOT erased ORDER BY tenant, interaction_id',
        [redacting.tenant, refusing.tenant],
      ),
      policies: await query('SELECT * FROM redaction_policies WHERE tenant IN ($1, $2) ORDER BY tenant', [
        redacting.tenant,
        refusing.tenant,
      ]),
    });
    const live = await snapshot();
    expect(live.interactions.length).toBe(3);
    expect(live.policies.length).toBe(1);
    const result = await replayProjections(config, createLogger('redaction-replay-test', 'warn'), {}, () => undefined);
    expect(result.switched).toBe(true);
    expect(await snapshot()).toEqual(live);
    // The erased interaction comes back erased or not at all (the replay opens its event as a tombstone).
    const replayed = await interactionRow(redacting.tenant, 'int-email');
    expect(replayed === undefined || (replayed.erased && replayed.prompt === null)).toBe(true);
  }, 240_000);
});
