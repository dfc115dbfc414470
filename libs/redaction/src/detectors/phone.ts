import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { PiiMatch } from '../pii-kinds';

/**
 * Phone numbers, found by `libphonenumber-js` (the JavaScript port of Google's libphonenumber) with its
 * full metadata (`/max`), so a number counts only when it is a valid number of its country's numbering
 * plan, not merely the right length. Numbers in international format (`+44 20 7946 0958`) are found
 * whatever the region; numbers in national format (`(415) 555-2671`) only in `region`'s plan.
 *
 * @example findPhones('call (415) 555-2671', 'US') // one match: '(415) 555-2671'
 */
export function findPhones(text: string, region: CountryCode | undefined): PiiMatch[] {
  // Fewer than 7 digits cannot be a phone number anywhere: skip the library's scan of most texts.
  if (!/(?:\d\D{0,3}){7}/.test(text)) return [];
  return findPhoneNumbersInText(text, region ? { defaultCountry: region } : undefined).map((found) => ({
    kind: 'phone',
    start: found.startsAt,
    end: found.endsAt,
  }));
}
