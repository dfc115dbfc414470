import { ValidationError } from '@hindsight/contracts';
import { encodeCursor } from '@hindsight/store';
import { MAX_LIMIT, parseReadQuery, readParameters } from './read-filters';

const issuesOf = (
  query: Record<string, unknown>,
  filters: Parameters<typeof parseReadQuery>[1] = ['from', 'to', 'rater', 'status'],
) => {
  try {
    parseReadQuery('comparisons', filters, query);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
};

describe('parseReadQuery', () => {
  it('defaults to the first page of 50 and passes the filters on', () => {
    expect(
      parseReadQuery('comparisons', ['from', 'rater'], { rater: 'r-1', from: '2026-12-06T10:00:00+02:00' }),
    ).toEqual({
      limit: 50,
      after: undefined,
      from: '2026-12-06T08:00:00.000Z',
      to: undefined,
      filters: { rater: 'r-1' },
    });
  });

  it('reads a cursor of its own route', () => {
    const at = { at: '2026-12-06T10:00:00.000001Z', id: 'a' };
    expect(parseReadQuery('comparisons', [], { cursor: encodeCursor('comparisons', at), limit: '3' })).toMatchObject({
      limit: 3,
      after: at,
    });
  });

  it('names each bad parameter with its rule', () => {
    expect(issuesOf({ limit: '0' })).toEqual([{ path: 'limit', rule: `must be an integer from 1 to ${MAX_LIMIT}` }]);
    expect(issuesOf({ limit: '501' })[0].path).toBe('limit');
    expect(issuesOf({ limit: '2.5' })[0].path).toBe('limit');
    expect(issuesOf({ cursor: 'nope!' })[0].path).toBe('cursor');
    expect(issuesOf({ cursor: encodeCursor('ratings', { at: '2026-12-06T10:00:00.000001Z', id: 'a' }) })[0].path).toBe(
      'cursor',
    );
    expect(issuesOf({ from: '2026-12-06' })).toEqual([
      { path: 'from', rule: expect.stringContaining('a date alone has no time or zone') },
    ]);
    expect(issuesOf({ from: '2026-12-06T10:00:00Z', to: '2026-12-06T09:00:00Z' })).toEqual([
      { path: 'to', rule: 'must be later than from' },
    ]);
    expect(issuesOf({ rater: '' })).toEqual([{ path: 'rater', rule: 'must not be empty: a rater id' }]);
    expect(issuesOf({ rater: 'a\u0001b' })[0]).toEqual({ path: 'rater', rule: 'must not contain control characters' });
    expect(issuesOf({ status: 'done' })).toEqual([
      { path: 'status', rule: 'must be one of requested, dataset-built, completed, failed' },
    ]);
    expect(issuesOf({ rater: ['a', 'b'] })).toEqual([{ path: 'rater', rule: 'must be given once' }]);
    // Several at once, each named.
    expect(issuesOf({ limit: 'x', from: 'y' }).map((i) => i.path)).toEqual(['limit', 'from']);
  });

  it("documents limit, cursor and exactly the route's filters", () => {
    expect(readParameters(['from', 'rater']).map((p) => p.name)).toEqual(['limit', 'cursor', 'from', 'rater']);
  });
});
