import { parseTailQuery, visibleInTail } from './tail-query';

const reader = { tenant: 'acme', scopes: ['read'] as const };
const admin = { tenant: 'acme', scopes: ['admin'] as const };

describe('what a tail follows', () => {
  it('follows the key’s tenant, every type by default', () => {
    expect(parseTailQuery({}, reader)).toEqual({ tenant: 'acme' });
    expect(parseTailQuery({ tenant: 'acme' }, reader)).toEqual({ tenant: 'acme' });
  });

  it('reads a comma-separated list of known types', () => {
    expect(parseTailQuery({ type: 'comparison.recorded, rating.recorded' }, reader).types).toEqual(
      new Set(['comparison.recorded', 'rating.recorded']),
    );
  });

  it('refuses another tenant (forbidden, naming tenant) and unknown or empty types (naming type)', () => {
    expect(() => parseTailQuery({ tenant: 'globex' }, reader)).toThrow(
      expect.objectContaining({
        code: 'forbidden',
        issues: [{ path: 'tenant', rule: "must be the key's own tenant" }],
      }),
    );
    expect(() => parseTailQuery({ type: 'comparison.recorded,nope.done' }, reader)).toThrow(
      /^type: unknown event type nope\.done \(one of /,
    );
    expect(() => parseTailQuery({ type: ' , ' }, reader)).toThrow('type: must name at least one event type');
  });

  it('shows only the tenant’s events of the asked types, and api-key events to admin keys only', () => {
    const all = parseTailQuery({}, reader);
    expect(visibleInTail({ tenant: 'acme', type: 'rating.recorded' }, all, reader)).toBe(true);
    expect(visibleInTail({ tenant: 'globex', type: 'rating.recorded' }, all, reader)).toBe(false);
    expect(visibleInTail({ type: 'rating.recorded' }, all, reader)).toBe(false);
    expect(visibleInTail({ tenant: 'acme', type: 'made.up' }, all, reader)).toBe(false);
    const ratings = parseTailQuery({ type: 'rating.recorded' }, reader);
    expect(visibleInTail({ tenant: 'acme', type: 'comparison.recorded' }, ratings, reader)).toBe(false);
    expect(visibleInTail({ tenant: 'acme', type: 'api-key.created' }, all, reader)).toBe(false);
    expect(visibleInTail({ tenant: 'acme', type: 'api-key.created' }, all, admin)).toBe(true);
  });
});
