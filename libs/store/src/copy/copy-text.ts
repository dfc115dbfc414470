/** A value of one column, as the projector and the benchmarks hand it to COPY. */
export type CopyValue = string | number | boolean | null | undefined | Date | object;

/**
 * One field in PostgreSQL's COPY text format: `\N` for NULL; backslash, newline,
 * carriage return and tab escaped, since they delimit fields and rows. Objects
 * are written as JSON (for json and jsonb columns).
 * Reference: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
export function copyTextField(value: CopyValue): string {
  // Strings first: most fields of the projector's rows are.
  if (typeof value === 'string') return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, escapeChar) : value;
  if (value === null || value === undefined) return '\\N';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return value.toISOString();
  // JSON.stringify escapes every control character (a newline as `\n`, …), so of the four characters COPY
  // escapes only the backslash can occur in JSON text: `includes` finds it without the regex's scan of the
  // whole (often the longest) field.
  const json = JSON.stringify(value) as string | undefined;
  // An object whose toJSON gives undefined: the text `undefined`, as always (PostgreSQL refuses it).
  if (json === undefined) return String(json);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const MAX_INITIAL_BYTES = 8 * 1024 * 1024;

/**
 * Rows in COPY text format, each ending with a newline, as UTF-8 bytes.
 * Each row is written into one buffer as soon as it is formatted:
 * converting one long concatenated string instead made V8 flatten it first,
 * which took as long as formatting the rows. The buffer is sized from the
 * first row (the rows of one table are alike), so it rarely grows; growing
 * doubled it from 64 KiB, allocating and copying twice the bytes written.
 */
export function copyTextRows(rows: readonly (readonly CopyValue[])[], initialBytes?: number): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  let buffer: Buffer | undefined;
  let used = 0;
  for (const row of rows) {
    // Concatenated in a loop: `row.map(…).join('\t')` made an array per row.
    let line = row.length > 0 ? copyTextField(row[0]) : '';
    for (let i = 1; i < row.length; i++) line += `\t${copyTextField(row[i])}`;
    line += '\n';
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = line.length * 3;
    if (buffer === undefined)
      // A quarter more than the first row's length for every row, up to 8 MiB (a huge first row must not reserve
      // a thousand times itself); at least the first row's worst case.
      buffer = Buffer.allocUnsafe(
        Math.max(16, worst, initialBytes ?? Math.min(MAX_INITIAL_BYTES, Math.ceil(line.length * 1.25) * rows.length)),
      );
    else if (used + worst > buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + worst));
      buffer.copy(grown, 0, 0, used);
      buffer = grown;
    }
    used += buffer.write(line, used, 'utf8');
  }
  return (buffer as Buffer).subarray(0, used);
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
