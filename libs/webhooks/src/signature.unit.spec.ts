import { createHmac } from 'node:crypto';
import { deliveryIdOf } from './delivery-id';
import { signatureHeader } from './signature';

describe('signatureHeader', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 over "t.body"> (RFC 4231 test case 2 as the check of the HMAC itself)', () => {
    // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?".
    expect(createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const header = signatureHeader('Jefe', 1767225600, '{"a":1}');
    expect(header).toBe(`t=1767225600,v1=${createHmac('sha256', 'Jefe').update('1767225600.{"a":1}').digest('hex')}`);
  });
});

describe('deliveryIdOf', () => {
  it('is a stable version-8 UUID per tenant, webhook and source', () => {
    const id = deliveryIdOf('acme', 'wh-1', 'evt-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deliveryIdOf('acme', 'wh-1', 'evt-1')).toBe(id);
    expect(deliveryIdOf('acme', 'wh-2', 'evt-1')).not.toBe(id);
    expect(deliveryIdOf('other', 'wh-1', 'evt-1')).not.toBe(id);
  });
});
