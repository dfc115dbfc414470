import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { PiiMatch } from '../pii-kinds';
import { continuesIbanGroups, insideLongerToken } from './token-context';

/**
 * Phone numbers, found by `libphonenumber-js` (the JavaScript port of Google's libphonenumber) with its
 * full metadata (`/max`), so a number counts only when it is a valid number of its country's numbering
 * plan, not merely the right length. Numbers in international format (`+44 20 7946 0958`) are found
 * whatever the region; numbers in national format (`(415) 555-2671`) only in `region`'s plan. A match
 * glued into a longer token (`ORD-2026-456085`, `999.123.45.67`) or continuing the groups of an IBAN-shaped
 * string is not a phone number: the library finds valid numbers in any run of digits.
 *
 * @example findPhones('call (415) 555-2671', 'US') // one match: '(415) 555-2671'
 */
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function findPhones(text: string, region: CountryCode | undefined): PiiMatch[] {
  // Fewer than 7 digits cannot be a phone number anywhere: skip the library's scan of most texts.
  if (!/(?:\d\D{0,3}){7}/.test(text)) return [];
  return findPhoneNumbersInText(text, region ? { defaultCountry: region } : undefined)
    .filter(
      (found) =>
        !insideLongerToken(text, found.startsAt, found.endsAt) &&
        !continuesIbanGroups(text, found.startsAt) &&
        // A dotted quad is an IPv4 address (or, with a part above 255, no address at all): never a phone number.
        !DOTTED_QUAD.test(text.slice(found.startsAt, found.endsAt)),
    )
    .map((found) => ({ kind: 'phone', start: found.startsAt, end: found.endsAt }));
}
