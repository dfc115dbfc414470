import { findPhones } from './phone';

// Reference: the numbering plans in Google libphonenumber's metadata (via libphonenumber-js/max); the numbers
// are Ofcom's drama numbers (020 7946 0xxx, reserved for fiction) and the NANP's 555-01xx fictional range
// (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama).
const spans = (text: string, region?: 'US' | 'GB') => findPhones(text, region).map((m) => text.slice(m.start, m.end));

describe('findPhones', () => {
  it('finds international numbers whatever the region', () => {
    expect(spans('Call +44 20 7946 0958 tomorrow.')).toEqual(['+44 20 7946 0958']);
    expect(spans('Call +44 20 7946 0958 tomorrow.', 'US')).toEqual(['+44 20 7946 0958']);
  });

  it("finds national numbers in the region's plan only", () => {
    expect(spans('ring me on (212) 555-0123 after six', 'US')).toEqual(['(212) 555-0123']);
    expect(spans('ring me on (212) 555-0123 after six')).toEqual([]);
    expect(spans('office 020 7946 0018', 'GB')).toEqual(['020 7946 0018']);
  });

  it('leaves dates, short numbers and invalid plans', () => {
    expect(spans('on 2026-12-06 at 10:30, order 88213', 'US')).toEqual([]);
    // NANP area codes never start with 0 or 1.
    expect(spans('number (123) 555-0123', 'US')).toEqual([]);
  });
});

describe('findPhones in code-like tokens', () => {
  it('leaves numbers glued into order numbers, dotted runs and IBAN groups', () => {
    expect(spans('ticket ORD-2026-456085 is late', 'US')).toEqual([]);
    expect(spans('not an address: 999.212.555.0123', 'US')).toEqual([]);
    expect(spans('moved to 306.86.141.92, okay?', 'US')).toEqual([]);
    expect(spans('IBAN DE12 2125 5501 2300 0000 00 failed', 'US')).toEqual([]);
    expect(spans('call 212-555-0123.', 'US')).toEqual(['212-555-0123']);
  });
});
