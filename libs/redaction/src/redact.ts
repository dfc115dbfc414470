import type { CountryCode } from 'libphonenumber-js/max';
import { findCards } from './detectors/card';
import { findEmails } from './detectors/email';
import { findIbans } from './detectors/iban';
import { findIps } from './detectors/ip';
import { findPhones } from './detectors/phone';
import { findCustom, type CompiledPattern } from './custom/custom-patterns';
import { PII_KINDS, placeholderOf, type PiiMatch, type RedactionCounts } from './pii-kinds';

/** What to look for: the region whose national phone format is recognised, and the tenant's compiled patterns. */
export interface RedactionRules {
  readonly phoneRegion?: CountryCode;
  readonly custom?: readonly CompiledPattern[];
}

export interface Redacted {
  readonly text: string;
  readonly counts: RedactionCounts;
}

const PRIORITY = new Map<string, number>(PII_KINDS.map((kind, i) => [kind, i]));
const priorityOf = (m: PiiMatch) => PRIORITY.get(m.kind) ?? PII_KINDS.length;

/**
 * Every match in `text`, without overlaps, in text order. Where two detectors claim overlapping text the
 * earlier match wins, then the longer, then the kind listed first in PII_KINDS (custom patterns last):
 * a card number is not also a phone number, an e-mail's digits are not an IP. Pure.
 */
export function findPii(text: string, rules: RedactionRules = {}): PiiMatch[] {
  const all = [
    ...findEmails(text),
    ...findIbans(text),
    ...findCards(text),
    ...findIps(text),
    ...findPhones(text, rules.phoneRegion),
    ...(rules.custom && rules.custom.length > 0 ? findCustom(text, rules.custom) : []),
  ];
  if (all.length <= 1) return all;
  all.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || priorityOf(a) - priorityOf(b));
  const kept: PiiMatch[] = [];
  let end = -1;
  for (const m of all) {
    if (m.start < end) continue;
    kept.push(m);
    end = m.end;
  }
  return kept;
}

/**
 * `text` with every match replaced by its typed placeholder (`[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`,
 * `[IP]`, `[CUSTOM:<name>]`), and the number of matches per kind. Pure and deterministic: the same text
 * and rules give the same result, so a replay of the stored event agrees with the api.
 *
 * @example redactText('mail ada@example.org') // { text: 'mail [EMAIL]', counts: { email: 1 } }
 */
export function redactText(text: string, rules: RedactionRules = {}): Redacted {
  const matches = findPii(text, rules);
  if (matches.length === 0) return { text, counts: {} };
  const counts = new Map<string, number>();
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + placeholderOf(m.kind);
    at = m.end;
    counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  }
  out += text.slice(at);
  return { text: out, counts: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}
