import { operations } from '../docs/operations';
import { allowedQueryParameters, queryIssues } from './query-policy';

describe('allowedQueryParameters', () => {
  const allowed = allowedQueryParameters(operations);

  it('names routes as Fastify does, with the parameters each operation declares', () => {
    expect([...(allowed.get('GET /v1/models') ?? [])].sort()).toEqual(['limit', 'objective']);
    expect([...(allowed.get('GET /v1/tasks/next') ?? [])].sort()).toEqual(['queue', 'rater']);
    expect(allowed.get('GET /v1/models/:version')?.size).toBe(0);
  });

  it('allows ?key= only where a key may travel in the URL', () => {
    expect(allowed.get('POST /v1/feedback')?.has('key')).toBe(true);
    expect(allowed.get('POST /v1/events')?.has('key')).toBe(false);
  });

  it('leaves public routes without parameters alone (health checks, the docs)', () => {
    expect(allowed.has('GET /health')).toBe(false);
    expect(allowed.has('GET /docs/openapi.json')).toBe(false);
  });
});

describe('queryIssues', () => {
  const allowed = new Set(['objective', 'limit']);

  it('accepts the allowed parameters, each given once', () => {
    expect(queryIssues({ objective: 'helpfulness', limit: '5' }, { version: 'm-1' }, allowed)).toEqual([]);
  });

  it('names an unknown parameter, one given twice, and a NUL in a query or path parameter', () => {
    expect(
      queryIssues({ objectve: 'x', objective: ['a', 'b'], limit: 'a\u0000b' }, { version: 'm\u0000' }, allowed),
    ).toEqual([
      { path: 'objectve', rule: 'unknown query parameter' },
      { path: 'objective', rule: 'must be given once' },
      { path: 'limit', rule: 'must not contain the NUL character (U+0000)' },
      { path: 'version', rule: 'must not contain the NUL character (U+0000)' },
    ]);
  });
});
