/** The built-in kinds of personal data the redactor finds, in the order a tie between two matches is settled. */
export const PII_KINDS = ['email', 'iban', 'card', 'ip', 'phone'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** A kind of match: a built-in kind, or a tenant's custom pattern as `custom:<name>`. */
export type RedactionKind = PiiKind | `custom:${string}`;

/** How many matches of each kind were replaced; kinds with no match are absent. */
export type RedactionCounts = Readonly<Record<string, number>>;

const PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  card: '[CARD]',
  iban: '[IBAN]',
  ip: '[IP]',
};

/** The typed placeholder a match is replaced with: `[EMAIL]`, …, `[CUSTOM:<name>]`. */
export function placeholderOf(kind: RedactionKind): string {
  if (kind.startsWith('custom:')) return `[CUSTOM:${kind.slice('custom:'.length)}]`;
  return PLACEHOLDERS[kind as PiiKind];
}

/** One match in a text: `[start, end)` in UTF-16 code units. */
export interface PiiMatch {
  readonly kind: RedactionKind;
  readonly start: number;
  readonly end: number;
}

/** Sums counts (a dataset's items, an event's fields). Pure; keys sorted so equal sums serialise equally. */
export function addCounts(...all: readonly (RedactionCounts | null | undefined)[]): RedactionCounts {
  const sum = new Map<string, number>();
  for (const counts of all) {
    if (!counts) continue;
    for (const [kind, n] of Object.entries(counts)) sum.set(kind, (sum.get(kind) ?? 0) + n);
  }
  return Object.fromEntries([...sum].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
