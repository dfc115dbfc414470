import { invalidInput } from '../agreement/invalid-input';

/**
 * Splits CSV text (RFC 4180) into rows of fields: comma separated, fields may be
 * quoted with `"` (a doubled `""` inside quotes is one quote; quoted fields may
 * hold commas and line breaks), lines end in LF or CRLF, a leading byte-order
 * mark and a final line break are ignored. Fields are returned verbatim (no
 * trimming); an empty field is `''`, which callers read as missing.
 *
 * @example
 * parseCsv('a,b\n1,"x, ""y"""\n'); // [['a', 'b'], ['1', 'x, "y"']]
 * @throws ValidationError naming the line when a quoted field is never closed or
 *   a quote appears inside an unquoted field or right after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const fn = 'parseCsv';
  if (typeof text !== 'string') throw invalidInput(fn, 'text', 'must be a string');
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  let atFieldStart = true;
  let quoted = false;
  let quoteLine = 1;
  while (i < source.length) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = source[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw invalidInput(fn, `line ${line}`, 'must not have characters between a closing quote and the next comma');
        }
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (!atFieldStart)
        throw invalidInput(
          fn,
          `line ${line}`,
          'must not have a quote inside an unquoted field (quote the whole field)',
        );
      quoted = true;
      quoteLine = line;
      atFieldStart = false;
      i++;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      i += ch === '\r' && source[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (quoted) throw invalidInput(fn, `line ${quoteLine}`, 'has a quoted field that is never closed');
  if (!atFieldStart || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
