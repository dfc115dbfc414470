import type { PiiMatch } from '../pii-kinds';

/**
 * E-mail addresses: the WHATWG HTML Standard's "valid e-mail address" (§ 4.10.5.1.5,
 * https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address), the syntax browsers accept,
 * with one change for running text: the domain must have a dot (`a@localhost` is not an address a user
 * types into a chat). No library is used: the standard defines the syntax as this one expression.
 *
 * @example findEmails('write to ada@example.org.') // [{ kind: 'email', start: 9, end: 24 }]
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(
  `(?<![A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-])[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]+@${LABEL}(?:\\.${LABEL})+`,
  'g',
);

export function findEmails(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  // A cheap pre-check: most texts have no '@'.
  if (!text.includes('@')) return found;
  for (const m of text.matchAll(EMAIL)) found.push({ kind: 'email', start: m.index, end: m.index + m[0].length });
  return found;
}
