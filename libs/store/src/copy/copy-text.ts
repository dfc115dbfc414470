/** A value of one column, as the projector and the benchmarks hand it to COPY. */
export type CopyValue = string | number | boolean | null | undefined | Date | object;

/**
 * One field in PostgreSQL's COPY text format: `\N` for NULL; backslash, newline,
 * carriage return and tab escaped, since they delimit fields and rows. Objects
 * are written as JSON (for json and jsonb columns).
 * Reference: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
export function copyTextField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, escapeChar) : text;
}

/** Rows in COPY text format, each ending with a newline. */
export function copyTextRows(rows: readonly (readonly CopyValue[])[]): string {
  let out = '';
  for (const row of rows) out += `${row.map(copyTextField).join('\t')}\n`;
  return out;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      return '\\t';
  }
}
