import { ValidationError } from '@hindsight/contracts';
import { CURSOR_RULE, decodeCursor, encodeCursor } from './page-cursor';

describe('page cursors', () => {
  const position = { at: '2026-12-06T10:00:00.123456Z', id: '0193a5b2-7c1e-7000-8000-000000000001' };

  it('round-trips a position, microseconds included', () => {
    expect(decodeCursor('comparisons', encodeCursor('comparisons', position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'abc+/='],
    ['empty', ''],
    ['base64url of something not JSON', Buffer.from('{{{').toString('base64url')],
    ['JSON without a position', Buffer.from('{"k":"comparisons"}').toString('base64url')],
    [
      'an instant in milliseconds',
      Buffer.from('{"k":"comparisons","t":"2026-12-06T10:00:00.123Z","i":"x"}').toString('base64url'),
    ],
    ["another route's cursor", encodeCursor('ratings', position)],
    ['too long', 'A'.repeat(2000)],
  ])('refuses %s with a 400 naming the cursor parameter', (_, raw) => {
    try {
      decodeCursor('comparisons', raw);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: 'cursor', rule: CURSOR_RULE }]);
    }
  });
});
