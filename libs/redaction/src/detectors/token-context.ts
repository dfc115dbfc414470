/**
 * Whether `[start, end)` is a piece of a longer code-like token rather than a number of its own: glued
 * to letters, digits or `_#/` on either side, to a hyphen before it (`ORD-2026-456085`), or continuing
 * a dotted or hyphenated run of digits (`999.123.45.67`, `…-4567-12`).
 */
export function insideLongerToken(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? ' ';
  const after = text[end] ?? ' ';
  if (/[A-Za-z0-9_#/-]/.test(before) || /[A-Za-z0-9_#/]/.test(after)) return true;
  if (before === '.' && /\d/.test(text[start - 2] ?? '')) return true;
  return /[.-]/.test(after) && /\d/.test(text[end + 1] ?? '');
}

const IBAN_PREFIX = /(?:^|[^A-Za-z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{4})* ?$/;

/**
 * Whether `[start, …)` continues the groups of an IBAN-shaped string (`DE12 3456 …`): digits inside a
 * string that failed the IBAN checksum are not a card or a phone number either.
 */
export function continuesIbanGroups(text: string, start: number): boolean {
  return IBAN_PREFIX.test(text.slice(Math.max(0, start - 40), start));
}
