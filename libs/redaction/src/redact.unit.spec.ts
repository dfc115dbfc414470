import { compileCustomPatterns } from './custom/custom-patterns';
import { addCounts } from './pii-kinds';
import { findPii, redactText } from './redact';

// Planted truth: each sentence below carries exactly the items named in its expected counts (documentation
// addresses of RFC 2606/5737/3849, Stripe's test card, the SWIFT registry's German IBAN, NANP 555-01xx).
describe('redactText', () => {
  it('replaces every kind with its typed placeholder and counts per kind', () => {
    const text =
      'I am ada@example.org, call (212) 555-0123 or +44 20 7946 0958; card 4242 4242 4242 4242, ' +
      'IBAN DE89 3704 0044 0532 0130 00, from 203.0.113.7 and 2001:db8::1, ticket TCK-004211.';
    const custom = compileCustomPatterns([{ name: 'ticket', pattern: 'TCK-\\d{6}' }]);
    expect(redactText(text, { phoneRegion: 'US', custom })).toEqual({
      text: 'I am [EMAIL], call [PHONE] or [PHONE]; card [CARD], IBAN [IBAN], from [IP] and [IP], ticket [CUSTOM:ticket].',
      counts: { card: 1, 'custom:ticket': 1, email: 1, iban: 1, ip: 2, phone: 2 },
    });
  });

  it('returns the text itself and no counts when nothing is found', () => {
    const text = 'Version 1.2.3, released 2026-12-06, order #88213007, 999.1.1.1 is not an address.';
    expect(redactText(text, { phoneRegion: 'US' })).toEqual({ text, counts: {} });
  });

  it('settles overlaps: the card wins over the phone reading of its digits, the e-mail over a custom pattern inside it', () => {
    const custom = compileCustomPatterns([{ name: 'name', pattern: 'ada' }]);
    const matches = findPii('4242424242424242 ada@example.org', { phoneRegion: 'US', custom });
    expect(matches.map((m) => m.kind)).toEqual(['card', 'email']);
  });

  it('is deterministic', () => {
    const text = 'mail ada@example.org and bo@example.net';
    expect(redactText(text)).toEqual(redactText(text));
    expect(redactText(text).counts).toEqual({ email: 2 });
  });
});

describe('addCounts', () => {
  it('sums per kind with sorted keys and drops zeros', () => {
    expect(addCounts({ phone: 1, email: 2 }, null, { email: 1, ip: 0 })).toEqual({ email: 3, phone: 1 });
    expect(Object.keys(addCounts({ phone: 1 }, { card: 1 }))).toEqual(['card', 'phone']);
  });
});
