import { findIbans } from './iban';

// References: ISO 13616-1:2020 (structure, mod-97-10 check digits of ISO 7064); the IBANs are the examples of the
// SWIFT IBAN Registry (release 99): DE89 3704 0044 0532 0130 00, GB29 NWBK 6016 1331 9268 19,
// FR14 2004 1010 0505 0001 3M02 606, NL91 ABNA 0417 1643 00, and Wikipedia's "International Bank Account
// Number" validation example GB82 WEST 1234 5698 7654 32.
const spans = (text: string) => findIbans(text).map((m) => text.slice(m.start, m.end));

describe('findIbans', () => {
  it('finds registry examples in print and electronic format', () => {
    expect(spans('Pay to DE89 3704 0044 0532 0130 00 by Friday.')).toEqual(['DE89 3704 0044 0532 0130 00']);
    expect(spans('IBAN: GB29NWBK60161331926819, ref 7')).toEqual(['GB29NWBK60161331926819']);
    expect(spans('FR14 2004 1010 0505 0001 3M02 606 EUR and NL91ABNA0417164300')).toEqual([
      'FR14 2004 1010 0505 0001 3M02 606',
      'NL91ABNA0417164300',
    ]);
  });

  it('stops at the country length even when a word follows the last group', () => {
    expect(spans('GB82 WEST 1234 5698 7654 32 EUR')).toEqual(['GB82 WEST 1234 5698 7654 32']);
  });

  it('leaves strings that fail mod-97, the country length or the country code', () => {
    expect(spans('DE88 3704 0044 0532 0130 00')).toEqual([]); // check digits off by one
    expect(spans('DE89 3704 0044 0532 0130 0')).toEqual([]); // one character short
    expect(spans('DE89370400440532013000123')).toEqual([]); // a longer token
    expect(spans('XX89 3704 0044 0532 0130 00')).toEqual([]); // no such country
    expect(spans('de89 3704 0044 0532 0130 00')).toEqual([]); // lower case is not the print format
  });
});
