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
  const text =
    typeof value === 'string'
      ? value
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[\\\n\r\t]/.test(text) ? text.replace(/[\\\n\r\t]/g, escapeChar) : text;
}

/**
 * Rows in COPY text format, each ending with a newline, as UTF-8 bytes.
 * Each row is written into one growing buffer as soon as it is formatted:
 * converting one long concatenated string instead made V8 flatten it first,
 * which took as long as formatting the rows.
 */
export function copyTextRows(rows: readonly (readonly CopyValue[])[], initialBytes = 64 * 1024): Buffer {
  let buffer = Buffer.allocUnsafe(Math.max(16, initialBytes));
  let used = 0;
  for (const row of rows) {
    // Concatenated in a loop: `row.map(…).join('\t')` made an array per row.
    let line = row.length > 0 ? copyTextField(row[0]) : '';
    for (let i = 1; i < row.length; i++) line += `\t${copyTextField(row[i])}`;
    line += '\n';
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = line.length * 3;
    if (used + worst > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + worst));
      buffer.copy(grown, 0, 0, used);
      buffer = grown;
    }
    used += buffer.write(line, used, 'utf8');
  }
  return buffer.subarray(0, used);
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
