import { ValidationError } from '@hindsight/contracts';

/**
 * Where a page ended: the sort instant of its last item (microseconds, as
 * PostgreSQL holds it, UTC ISO-8601) and that item's id, the tie-breaker.
 */
export interface PagePosition {
  readonly at: string;
  readonly id: string;
}

/** The rule every refused cursor names. */
export const CURSOR_RULE = 'must be a nextCursor returned by this route (opaque; send it back unchanged)';

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MAX_CURSOR_CHARS = 1024;

/**
 * The opaque cursor of a position on one kind of list: base64url of
 * `{"k": kind, "t": at, "i": id}`. The kind is inside so that a cursor of one
 * route is refused by another rather than read as a position it never was.
 *
 * @example encodeCursor('comparisons', { at: '2026-12-06T10:00:00.000000Z', id: 'a1' }) // 'eyJrIjoiY29tcGFyaXNvbnMi…'
 */
export function encodeCursor(kind: string, position: PagePosition): string {
  return Buffer.from(JSON.stringify({ k: kind, t: position.at, i: position.id }), 'utf8').toString('base64url');
}

/**
 * The position in a cursor `encodeCursor(kind, …)` made.
 * @throws ValidationError naming `parameter` (`cursor`) with `CURSOR_RULE` when it is anything else:
 * not base64url, not the JSON it encodes, another route's cursor, or a malformed position.
 */
export function decodeCursor(kind: string, raw: string, parameter = 'cursor'): PagePosition {
  const refuse = (): never => {
    throw new ValidationError([{ path: parameter, rule: CURSOR_RULE }]);
  };
  if (raw.length === 0 || raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) return refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  const { k, t, i } = (parsed ?? {}) as { k?: unknown; t?: unknown; i?: unknown };
  if (
    k !== kind ||
    typeof t !== 'string' ||
    !AT.test(t) ||
    Number.isNaN(Date.parse(t)) ||
    typeof i !== 'string' ||
    i.length === 0 ||
    i.length > 512 ||
    i.includes('\u0000')
  ) {
    return refuse();
  }
  return { at: t, id: i };
}
