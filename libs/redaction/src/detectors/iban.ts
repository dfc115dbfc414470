import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import type { PiiMatch } from '../pii-kinds';

/**
 * IBANs (ISO 13616-1): a country code, two check digits and the country's BBAN, written together
 * (electronic format) or in groups separated by single spaces (print format). The length and the
 * BBAN format per country and the ISO 7064 mod-97-10 checksum are checked by `ibantools`; this file
 * only finds where a candidate starts and how far the country's length reaches in running text.
 * Upper-case only: the standard's print format is upper case.
 *
 * @example findIbans('pay to DE89 3704 0044 0532 0130 00 by Friday') // 'DE89 3704 0044 0532 0130 00'
 */
const START = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}/g;
const SPECS = getCountrySpecifications();

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
}

export function findIbans(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const m of text.matchAll(START)) {
    const length = SPECS[m[0].slice(0, 2)]?.chars;
    if (!length) continue;
    // Collect `length` characters, allowing one space between any two; stop at anything else.
    let i = m.index;
    let electronic = '';
    while (i < text.length && electronic.length < length) {
      const code = text.charCodeAt(i);
      if (isAlnum(code)) electronic += text[i];
      else if (code !== 32 || electronic.length === 0 || i + 1 >= text.length || !isAlnum(text.charCodeAt(i + 1)))
        break;
      i++;
    }
    if (electronic.length !== length) continue;
    // Not a prefix of a longer token (an IBAN-like string with more characters is not this IBAN).
    if (i < text.length && /[A-Za-z0-9]/.test(text[i])) continue;
    if (isValidIBAN(electronic)) found.push({ kind: 'iban', start: m.index, end: i });
  }
  return found;
}
