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
  if (value instanceof JsonText) return copyTextField(Buffer.concat(value.parts).toString('utf8'));
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
/** Strings up to this many code units are copied by `CopyBuffer#writeString`'s loop, longer ones by `Buffer#write`. */
const SHORT_STRING = 64;

/**
 * JSON text for a json or jsonb column, written as it is with COPY's escaping only: the UTF-8 bytes of `parts`
 * one after another (together valid UTF-8 and valid JSON). A consumer hands over the bytes of the message it read
 * (which `storesAsParsed` and its schema showed to store as the parsed event would) instead of an object
 * `copyTextField` would serialise again. The bytes go into the COPY buffer without being decoded.
 */
export class JsonText {
  readonly parts: readonly Buffer[];

  constructor(...parts: Buffer[]) {
    this.parts = parts;
  }
}

/**
 * Rows in COPY text format, each ending with a newline, as UTF-8 bytes.
 * Each field is written into one buffer as soon as it is formatted: no row's line is built as a string
 * (its concatenation made a string per field and its UTF-8 write flattened the line: a third of the
 * projector's allocations per event, round 8), and a short ASCII string is escaped while its bytes are
 * copied, without the regex. Converting one long concatenated string instead made V8 flatten it first,
 * which took as long as formatting the rows. The buffer is sized from the first row (the rows of one table
 * are alike), so it rarely grows; growing doubled it from 64 KiB, allocating and copying twice the bytes
 * written. A `JsonText` field's bytes are copied in, not encoded from a string.
 * `rows` from `start` up to `end` (all of them by default), so a chunk of a batch needs no copy of its rows.
 */
export function copyTextRows(
  rows: readonly (readonly CopyValue[])[],
  initialBytes?: number,
  start = 0,
  end = rows.length,
): Buffer {
  return copyTextRowsOf(rows, itself, start, end, initialBytes);
}

/**
 * `copyTextRows` of `rowOf(item, scratch)` for `items` from `start` up to `end`: a row is made only while it is
 * written, into one array reused for every row of the chunk, so a table's rows need no array each (`rowOf` sets
 * every column of `scratch`, or returns a row of its own).
 */
export function copyTextRowsOf<T>(
  items: readonly T[],
  rowOf: (item: T, scratch: CopyValue[]) => readonly CopyValue[],
  start = 0,
  end = items.length,
  initialBytes?: number,
): Buffer {
  if (end <= start) return Buffer.alloc(0);
  const out = new CopyBuffer(initialBytes ?? FIRST_ROW_BYTES);
  const scratch: CopyValue[] = [];
  let first = initialBytes === undefined;
  for (let r = start; r < end; r++) {
    const row = rowOf(items[r], scratch);
    for (let i = 0; i < row.length; i++) {
      if (i > 0) out.writeByte(TAB);
      out.writeField(row[i]);
    }
    out.writeByte(NEWLINE);
    if (first) {
      // A quarter more than the first row for every row, up to 8 MiB (a huge first row must not reserve
      // a thousand times itself).
      out.reserve(Math.min(MAX_INITIAL_BYTES, Math.ceil(out.used * 1.25) * (end - start)));
      first = false;
    }
  }
  return out.bytes();
}

const itself = (row: readonly CopyValue[]): readonly CopyValue[] => row;

/** What the first row is written into before the rest are sized from it. */
const FIRST_ROW_BYTES = 4096;

/** A growing byte buffer of COPY text. */
class CopyBuffer {
  private buffer: Buffer;
  used = 0;

  constructor(bytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(16, bytes));
  }

  /** Room for at least `bytes` in all: one copy of what is written so far, if it has to move. */
  reserve(bytes: number): void {
    if (bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(bytes);
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }

  private room(bytes: number): void {
    if (this.used + bytes > this.buffer.length) this.reserve(Math.max(this.buffer.length * 2, this.used + bytes));
  }

  /** Text already in COPY form. */
  writeText(text: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    this.room(text.length * 3);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  writeByte(byte: number): void {
    this.room(1);
    this.buffer[this.used++] = byte;
  }

  /** One field, as `copyTextField(value)` spells it in UTF-8. */
  writeField(value: CopyValue): void {
    if (typeof value === 'string') this.writeString(value, true);
    else if (value instanceof JsonText) for (const part of value.parts) this.writeJsonBytes(part);
    else this.writeString(copyTextField(value), false);
  }

  /**
   * A string's UTF-8 bytes, COPY-escaped if `escape`. A short one (ids, timestamps, names, numbers: most
   * fields) is copied code unit by code unit while it is ASCII, escaping as it goes; on its first non-ASCII
   * unit, and for a long one, the string goes through the regex and `Buffer#write`, whose UTF-8 encoder
   * (lone surrogates as U+FFFD included) is the one the line's write used.
   */
  private writeString(text: string, escape: boolean): void {
    const length = text.length;
    if (length <= SHORT_STRING) {
      // An escaped ASCII unit takes 2 bytes.
      this.room(length * 2);
      const buffer = this.buffer;
      let used = this.used;
      let i = 0;
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        if (escape && (c === BACKSLASH || c === NEWLINE || c === RETURN || c === TAB)) {
          buffer[used++] = BACKSLASH;
          buffer[used++] = c === BACKSLASH ? BACKSLASH : c === NEWLINE ? LETTER_N : c === RETURN ? LETTER_R : LETTER_T;
        } else buffer[used++] = c;
      }
      // All ASCII: done. Else what was written is overwritten by the whole string's write below.
      if (i === length) {
        this.used = used;
        return;
      }
    }
    this.writeText(escape && SPECIAL.test(text) ? text.replace(SPECIAL_ALL, escapeChar) : text);
  }

  /**
   * JSON text's UTF-8 bytes with COPY's escapes: a backslash doubled; a raw newline, return or tab (whitespace
   * between tokens, from a producer that is not JSON.stringify) as `\n`, `\r`, `\t`. None of the four bytes
   * occurs inside a multi-byte UTF-8 sequence, so the bytes are escaped one by one.
   */
  writeJsonBytes(json: Buffer): void {
    this.room(json.length * 2);
    const buffer = this.buffer;
    // Most texts hold none of the four: one copy. Else the bytes before the first are copied, the rest looped
    // over; a short part (the `}` after a sealed event's data) is looped over at once, not searched four times.
    const at = json.length <= SHORT_PART ? 0 : firstSpecial(json);
    if (at === -1) {
      buffer.set(json, this.used);
      this.used += json.length;
      return;
    }
    let used = at === 0 ? this.used : this.used + json.copy(buffer, this.used, 0, at);
    for (let i = at; i < json.length; i++) {
      const c = json[i];
      if (c === BACKSLASH) {
        buffer[used++] = BACKSLASH;
        buffer[used++] = BACKSLASH;
      } else if (c === NEWLINE || c === RETURN || c === TAB) {
        buffer[used++] = BACKSLASH;
        buffer[used++] = c === NEWLINE ? LETTER_N : c === RETURN ? LETTER_R : LETTER_T;
      } else buffer[used++] = c;
    }
    this.used = used;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.used);
  }
}

/** Parts up to this many bytes are escaped byte by byte rather than searched first. */
const SHORT_PART = 32;

/** Where the first of COPY's four special bytes is in `json`, or -1. */
function firstSpecial(json: Buffer): number {
  let at = json.indexOf(BACKSLASH);
  for (const b of WHITESPACE) {
    const w = json.indexOf(b, 0);
    if (w !== -1 && (at === -1 || w < at)) at = w;
  }
  return at;
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const TAB = 0x09;
const WHITESPACE = [NEWLINE, RETURN, TAB] as const;
const LETTER_N = 0x6e;
const LETTER_R = 0x72;
const LETTER_T = 0x74;

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
