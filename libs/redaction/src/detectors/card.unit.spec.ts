import { findCards, luhnValid } from './card';

// References: the Luhn algorithm, ISO/IEC 7812-1 Annex B (worked example 79927398713, Wikipedia "Luhn algorithm");
// the card numbers are the published test numbers of Stripe's testing documentation
// (https://docs.stripe.com/testing#cards): Visa 4242 4242 4242 4242, Mastercard 5555 5555 5555 4444,
// Amex 3782 822463 10005, Diners 3056 9300 0902 0004, Discover 6011 1111 1111 1117, UnionPay 6200 0000 0000 0005.
const spans = (text: string) => findCards(text).map((m) => text.slice(m.start, m.end));

describe('luhnValid', () => {
  it('accepts the worked example and rejects one digit changed', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('7992739871x')).toBe(false);
  });
});

describe('findCards', () => {
  it('finds the published test cards in any of the printed layouts', () => {
    expect(spans('Visa 4242424242424242 and MC 5555-5555-5555-4444.')).toEqual([
      '4242424242424242',
      '5555-5555-5555-4444',
    ]);
    expect(spans('Amex 3782 822463 10005, Diners 3056 9300 0902 0004')).toEqual([
      '3782 822463 10005',
      '3056 9300 0902 0004',
    ]);
    expect(spans('Discover 6011111111111117; UnionPay 6200 0000 0000 0005')).toEqual([
      '6011111111111117',
      '6200 0000 0000 0005',
    ]);
  });

  it('does not run into the expiry date that follows', () => {
    expect(spans('card 4242 4242 4242 4242 12 27 cvc 123')).toEqual(['4242 4242 4242 4242']);
  });

  it('leaves numbers that fail Luhn, mixed separators, other lengths and non-card prefixes', () => {
    expect(spans('ref 4242 4242 4242 4241')).toEqual([]);
    expect(spans('4242-4242 4242-4242')).toEqual([]);
    expect(spans('order 424242424242 (12 digits)')).toEqual([]);
    // Luhn-valid but starting with 0, 1, 7, 8 or 9: account and tracking numbers, not cards.
    expect(spans('tracking 1000000000000008 and 9000000000000006')).toEqual([]);
    expect(spans('1.4242424242424242 is a decimal, not a card')).toEqual([]);
    expect(spans('CH4242424242424242 is glued to letters')).toEqual([]);
  });
});
