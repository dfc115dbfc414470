import { randomUUID } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { loadPlatformConfig } from '@hindsight/config';
import { exampleEventInputs, topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { endOffsetTotal, startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { sendRaw } from './fuzzing/raw-http';

/** Not the default (10 MiB): the api must take its limit from API_BODY_LIMIT_BYTES. */
const LIMIT = 64 * 1024;
const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'request-body-test' });
const comparisons = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));

function comparison(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as Record<string, unknown>;
  delete input.occurredAt;
  delete (input.data as Record<string, unknown>).assignmentId;
  delete (input.data as Record<string, unknown>).queueId;
  return { ...input, idempotencyKey: `body-${randomUUID()}`, ...overrides };
}

describe('request bodies: the configured size limit and compressed bodies', () => {
  let api: ApiUnderTest;
  let key: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService, { API_BODY_LIMIT_BYTES: String(LIMIT) });
    key = (await api.issueKey({ scopes: ['ingest'] })).key;
  });
  afterAll(() => api.close());

  it('takes its body limit from API_BODY_LIMIT_BYTES: 413 just above it, 202 below', async () => {
    const before = await endOffsetTotal(kafka, comparisons);
    const above = comparison({ padding: 'x'.repeat(LIMIT) });
    const refused = await api.post('/v1/events', above, key);
    expect(refused.status).toBe(413);
    expect(refused.body).toMatchObject({ error: 'payload-too-large' });
    expect((await api.post('/v1/events', comparison(), key)).status).toBe(202);
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before + 1);
  });

  it('answers a POST without any body (nor content type) on a route that needs one with 400, not 415', async () => {
    const before = await endOffsetTotal(kafka, comparisons);
    const response = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'validation',
      issues: [{ path: '', rule: expect.stringMatching(/JSON/) }],
    });
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('accepts a %s-compressed batch and publishes every event of it', async (encoding, compress) => {
    const before = await endOffsetTotal(kafka, comparisons);
    const body = compress(Buffer.from(JSON.stringify({ events: Array.from({ length: 50 }, () => comparison()) })));
    const response = await api.post('/v1/events/batch', body, key, { 'content-encoding': encoding });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 50, rejected: 0 });
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before + 50);
  });

  it.each(['compress', 'gzip, br', 'zstd'])(
    'answers 415 naming content-encoding for %j, before reading the body',
    async (encoding) => {
      const before = await endOffsetTotal(kafka, comparisons);
      const response = await api.post('/v1/events', comparison(), key, { 'content-encoding': encoding });
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({
        issues: [{ path: 'content-encoding', rule: 'must be gzip, deflate, br or identity' }],
      });
      expect(await endOffsetTotal(kafka, comparisons)).toBe(before);
    },
  );

  it('answers 400 naming content-encoding when the body is not compressed as the header says', async () => {
    const before = await endOffsetTotal(kafka, comparisons);
    const response = await api.post('/v1/events', comparison(), key, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: 'validation',
      issues: [{ path: 'content-encoding', rule: 'the body must be compressed as the header says' }],
    });
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before);
  });

  it('counts the decoded size against the limit: a small body that expands past it is a 413', async () => {
    const before = await endOffsetTotal(kafka, comparisons);
    const bomb = gzipSync(Buffer.from(JSON.stringify(comparison({ padding: ' '.repeat(50 * LIMIT) }))));
    expect(bomb.length).toBeLessThan(LIMIT / 4);
    const response = await api.post('/v1/events', bomb, key, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(await endOffsetTotal(kafka, comparisons)).toBe(before);
  });

  it.each([
    ['two Content-Lengths', ['Content-Length: 2', 'Content-Length: 3'], 400, 'content-length'],
    ['a NUL in a header', ['Content-Length: 2', 'X-Note: a\u0000b'], 400, 'headers'],
    ['a chunk size that is not hex', ['Transfer-Encoding: chunked'], 400, 'transfer-encoding'],
    ['headers beyond 16 KiB', ['Content-Length: 2', `X-Long: ${'h'.repeat(20_000)}`], 431, 'headers'],
  ])(
    'answers bytes that are not well-formed HTTP (%s) with the error body naming the part',
    async (_name, lines, status, part) => {
      const body = lines[0] === 'Transfer-Encoding: chunked' ? 'zz\r\n{}\r\n0\r\n\r\n' : '{}';
      const head = [
        'POST /v1/events HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${key}`,
        'Content-Type: application/json',
        ...lines,
      ].join('\r\n');
      const answer = await sendRaw(api.url, Buffer.from(`${head}\r\n\r\n${body}`, 'latin1'));
      expect(answer?.status).toBe(status);
      expect(JSON.parse(answer?.body ?? '')).toMatchObject({
        error: expect.any(String),
        message: expect.any(String),
        issues: [{ path: part, rule: expect.any(String) }],
      });
    },
  );
});
