import type { PiiMatch } from '../pii-kinds';
import { continuesIbanGroups } from './token-context';

/**
 * Payment card numbers (PANs): 13 to 19 digits, written together or in the groups cards print
 * (4-4-4-4, 4-4-4-4-3, Amex 4-6-5, Diners 4-6-4) with one kind of separator, starting with a major
 * industry identifier of 2 to 6 (ISO/IEC 7812-1: airlines 2, travel 3, banking 4-5, merchandising 6),
 * and passing the Luhn check (ISO/IEC 7812-1 Annex B). No library: card validators (`card-validator`)
 * check one field's value, not a running text, and the check itself is six lines.
 *
 * @example findCards('card 4111 1111 1111 1111, exp 12/27') // one match: '4111 1111 1111 1111'
 */
const CANDIDATE = new RegExp(
  [
    '(?<![A-Za-z0-9.,-])(?:',
    '[2-6]\\d{12,18}',
    '|[2-6]\\d{3}([ -])\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{3})?',
    '|3\\d{3}([ -])\\d{6}\\2\\d{4,5}',
    ')(?![\\d]|[.,]\\d)',
  ].join(''),
  'g',
);

/** The Luhn mod-10 check of a string of digits: double every second digit from the right, sum, divisible by 10. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function findCards(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !continuesIbanGroups(text, m.index))
      found.push({ kind: 'card', start: m.index, end: m.index + m[0].length });
  }
  return found;
}
