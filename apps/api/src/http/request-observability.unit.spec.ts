import { requestIdOf, withRequestId } from './request-observability';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it.each([
    'abc-1',
    '0f8e2c4a-5b1d-4c3e-9a7f-2d6b8e1c3a5f',
    '01HZX3Q8J4K5M6N7P8Q9R0S1T2',
    'trace:span/1+2=3@edge',
    'x'.repeat(128),
  ])("keeps the caller's %s", (id) => {
    expect(requestIdOf({ headers: { 'x-request-id': id } })).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['a space', 'a b'],
    ['a quote', 'a"b'],
    ['a newline', 'a\nb'],
    ['non-ASCII', 'idé'],
    ['given twice', ['a', 'b']],
  ])('replaces one that is %s with a new UUID', (_name, id) => {
    expect(requestIdOf({ headers: { 'x-request-id': id as string } })).toMatch(UUID);
  });

  it('makes a new UUID for each request without one', () => {
    const a = requestIdOf({ headers: {} });
    expect(a).toMatch(UUID);
    expect(requestIdOf({ headers: {} })).not.toBe(a);
  });
});

describe('withRequestId', () => {
  it('adds the id to an error body and leaves everything else as it is', () => {
    const error = { error: 'validation', message: 'x: required', issues: [{ path: 'x', rule: 'required' }] };
    expect(withRequestId(error, 'r-1')).toEqual({ ...error, requestId: 'r-1' });
    const batch = { accepted: 0, rejected: 1, results: [] };
    expect(withRequestId(batch, 'r-1')).toBe(batch);
    expect(withRequestId('text', 'r-1')).toBe('text');
    expect(withRequestId(null, 'r-1')).toBeNull();
    expect(withRequestId([{ error: 'x' }], 'r-1')).toEqual([{ error: 'x' }]);
  });
});
