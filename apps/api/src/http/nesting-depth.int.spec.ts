import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, MAX_JSON_NESTING_DEPTH, topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { endOffsetTotal, startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'nesting-depth-test' });
const comparisons = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));

/** `depth` arrays one inside the other around a string: the shape that overflowed the stack. */
const nested = (depth: number): string => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

function comparison(): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  delete (input.data as Record<string, unknown>).assignmentId;
  delete (input.data as Record<string, unknown>).queueId;
  return { ...input, idempotencyKey: `deep-${randomUUID()}` };
}

/** The comparison's JSON with `value` spliced in at its top level (key `deep`): the body object is level 1, `value` starts level 2. */
const comparisonWith = (value: string): string => JSON.stringify(comparison()).replace(/\}$/, `,"deep":${value}}`);

describe('request bodies nested deeper than the limit', () => {
  let api: ApiUnderTest;
  let key: string;
  let admin: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    const tenant = uniqueTenant('deep');
    key = (await api.issueKey({ tenant, scopes: ['ingest', 'feedback', 'read'] })).key;
    admin = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
  });
  afterAll(() => api.close());

  const deep = nested(10_000);
  const expectRefused = (response: { status: number; body: unknown }) => {
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation',
      issues: [{ path: '', rule: `must not nest arrays and objects more than ${MAX_JSON_NESTING_DEPTH} levels deep` }],
    });
  };

  it('answers 400 naming the limit for a comparison 10,000 levels deep, publishes nothing, and goes on answering', async () => {
    const before = await endOffsetTotal(kafka, comparisons);
    const started = Date.now();
    expectRefused(await api.post('/v1/events', comparisonWith(deep), key));
    expectRefused(await api.post('/v1/events/batch', `{"events":[${comparisonWith(deep)}]}`, key));
    expectRefused(await api.post('/v1/comparisons', `{"prompt":${deep}}`, key));
    // Generous for a shared machine; the old code spent about half a second of CPU on a 2 MB body before failing.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before);
    expect((await api.post('/v1/events', comparison(), key)).status).toBe(202);
  });

  it('refuses it the same way compressed, as a text/plain beacon and on the other write routes', async () => {
    expectRefused(
      await api.post('/v1/events', gzipSync(Buffer.from(comparisonWith(deep))), key, { 'content-encoding': 'gzip' }),
    );
    expectRefused(await api.post('/v1/feedback', `{"data":${deep}}`, key, { 'content-type': 'text/plain' }));
    expectRefused(
      await api.post('/v1/queues', `{"name":"q","overlap":1,"counterbalance":false,"objective":${deep}}`, admin),
    );
    expectRefused(await api.post('/v1/policies', `{"name":"p","recipe":${deep}}`, admin));
    expectRefused(await api.post('/v1/datasets', `{"asOf":"2026-01-01T00:00:00Z","recipe":${deep}}`, key));
    const budget = await fetch(`${api.url}/v1/runs/${randomUUID()}/budget`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: `{"klBudget":${deep}}`,
    });
    expectRefused({ status: budget.status, body: await budget.json() });
  });

  it('refuses a body 2 MB of brackets deep (about a million levels) with the same 400', async () => {
    const depth = 1_000_000;
    expectRefused(await api.post('/v1/events', `{"type":"comparison.recorded","data":${nested(depth)}}`, key));
    expect((await api.post('/v1/events', comparison(), key)).status).toBe(202);
  });

  it(`parses a body exactly ${MAX_JSON_NESTING_DEPTH} levels deep (the limit itself is allowed) and refuses one level more`, async () => {
    const atLimit = await api.post('/v1/events', comparisonWith(nested(MAX_JSON_NESTING_DEPTH - 1)), key);
    expect(atLimit.status).toBe(400);
    expect(atLimit.body).toMatchObject({ issues: [{ path: 'deep' }] });
    expectRefused(await api.post('/v1/events', comparisonWith(nested(MAX_JSON_NESTING_DEPTH)), key));
  });
});
