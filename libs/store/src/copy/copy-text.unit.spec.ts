import { copyTextField, copyTextRows, copyTextRowsOf, JsonText, type CopyValue } from './copy-text';

// The rules are PostgreSQL's, "Text Format" of COPY: https://www.postgresql.org/docs/current/sql-copy.html
describe('copyTextField', () => {
  it('writes NULL as \\N and keeps a literal "\\N" string distinguishable', () => {
    expect(copyTextField(null)).toBe('\\N');
    expect(copyTextField(undefined)).toBe('\\N');
    expect(copyTextField('\\N')).toBe('\\\\N');
  });

  it('escapes backslash, newline, carriage return and tab, which delimit fields and rows', () => {
    expect(copyTextField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
  });

  it('writes objects as JSON, keeping the backslashes of JSON escapes', () => {
    expect(copyTextField({ text: 'line 1\nline 2', quote: '"' })).toBe('{"text":"line 1\\\\nline 2","quote":"\\\\""}');
  });

  it("escapes an object's JSON exactly as it escapes the same JSON given as a string", () => {
    // The object path escapes only backslashes (JSON.stringify leaves no raw newline, return or tab);
    // every character below 0x20, the four COPY escapes and non-ASCII text must come out as the string path's.
    const controls = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('');
    const values: object[] = [
      { all: controls },
      { text: 'a\\b\tc\nd\re', nested: [{ q: '"\\"' }, 'ü 日本 🧪', 7, null, true] },
      ['\\N', '\\', '\t\t'],
      { [`key\n${controls}`]: '\u2028\u2029' },
      {},
    ];
    for (const value of values) expect(copyTextField(value)).toBe(copyTextField(JSON.stringify(value)));
  });

  it('writes numbers, booleans and dates as PostgreSQL reads them', () => {
    expect(copyTextField(42)).toBe('42');
    expect(copyTextField(true)).toBe('true');
    expect(copyTextField(new Date('2026-09-30T23:59:59.000Z'))).toBe('2026-09-30T23:59:59.000Z');
  });
});

describe('copyTextRows', () => {
  it('joins fields with tabs and ends every row with a newline', () => {
    expect(
      copyTextRows([
        ['a', 1, null],
        ['b\tc', 2, false],
      ]).toString('utf8'),
    ).toBe('a\t1\t\\N\nb\\tc\t2\tfalse\n');
  });

  it('sizes its buffer from the first row and still grows for longer rows after it', () => {
    const rows = [['a'], ['b'.repeat(10_000)], ['c'.repeat(100_000)], ['d']];
    const expected = rows.map((r) => `${r[0]}\n`).join('');
    expect(copyTextRows(rows).toString('utf8')).toBe(expected);
  });

  it('writes nothing for no rows', () => {
    expect(copyTextRows([]).length).toBe(0);
  });

  it('encodes UTF-8, growing its buffer past the initial size without losing a byte', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`row ${i}: naïve café, 日本語, emoji 🧪`, { text: 'ü\n' }]);
    const expected = rows.map((r) => `${r[0] as string}\t{"text":"ü\\\\n"}\n`).join('');
    const bytes = copyTextRows(rows, 16);
    expect(bytes.toString('utf8')).toBe(expected);
    expect(bytes.length).toBe(Buffer.byteLength(expected, 'utf8'));
  });
});

describe('copyTextRows with JsonText', () => {
  const texts = [
    '{"a":1}',
    '{"s":"quote \\" backslash \\\\ escapes \\n \\u00e9 ü 日本 🧪"}',
    '{\n\t"a" :\r\n [1, 2]\t}\n',
    '\\\t\n\r',
    '',
  ];

  it('writes the bytes as copyTextField writes the same text as a string, between the other fields', () => {
    for (const text of texts) {
      const rows = [['a\tb', new JsonText(Buffer.from(text, 'utf8')), 3]];
      expect(copyTextRows(rows).toString('utf8')).toBe(`a\\tb\t${copyTextField(text)}\t3\n`);
    }
  });

  it('writes the parts one after another', () => {
    const parts = ['{"k":"\\n","data":', '{"x":"\\\\"}', '}'];
    const whole = parts.join('');
    const value = new JsonText(...parts.map((p) => Buffer.from(p)));
    expect(copyTextRows([[value, null]]).toString('utf8')).toBe(`${copyTextField(whole)}\t\\N\n`);
    expect(copyTextField(value)).toBe(copyTextField(whole));
  });

  it('grows its buffer for bytes that all need escaping', () => {
    const body = Buffer.alloc(50_000, 0x5c);
    const bytes = copyTextRows([[new JsonText(Buffer.from('{}'))], [new JsonText(body)]]);
    expect(bytes.toString('utf8')).toBe(`{}\n${'\\'.repeat(100_000)}\n`);
  });
});

describe('copyTextRows, field by field', () => {
  // What the rows' bytes were when each row's fields were joined into one line and the line written: the
  // byte-for-byte reference for writing each field straight into the buffer.
  const asOneLine = (rows: readonly (readonly unknown[])[]) =>
    Buffer.from(rows.map((row) => `${row.map((v) => copyTextField(v as never)).join('\t')}\n`).join(''), 'utf8');

  // A deterministic generator, so a failure reproduces.
  let seed = 17;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const units = [
    'a',
    'Z',
    '0',
    ' ',
    '\\',
    '\t',
    '\n',
    '\r',
    '"',
    'é',
    'ü',
    '日',
    '🧪',
    '\ud800',
    '\udfff',
    '\u0001',
    '\u007f',
    '\u0080',
    '\u2028',
  ];
  const randomText = (max: number) =>
    Array.from({ length: Math.floor(next() * max) }, () => units[Math.floor(next() * units.length)]).join('');
  const randomValue = (): unknown => {
    switch (Math.floor(next() * 9)) {
      case 0:
        return null;
      case 1:
        return Math.floor(next() * 1e9) - 5e8;
      case 2:
        return next() < 0.5;
      case 3:
        return new Date(Math.floor(next() * 4e12));
      case 4:
        return { text: randomText(20), n: [1, null, randomText(5)] };
      case 5:
        return new JsonText(Buffer.from(JSON.stringify({ s: randomText(30) })));
      case 6:
        return randomText(200);
      default:
        return randomText(70);
    }
  };

  it('writes the very bytes the joined line did, for every kind of field and character', () => {
    for (let round = 0; round < 200; round++) {
      const rows = Array.from({ length: 1 + Math.floor(next() * 20) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 8) }, randomValue),
      );
      expect(copyTextRows(rows as never)).toEqual(asOneLine(rows));
    }
  });

  it('escapes a short string whose first non-ASCII unit comes after escaped ones, and one at each length limit', () => {
    const rows = [
      ['a\\b\tc\nd\re ü', 'x'.repeat(63) + '\t', 'y'.repeat(64) + '\n', 'z'.repeat(65) + '\\', 'é'.repeat(64)],
      ['\ud83e', '\udd2a', '\ud83e\udd2a', '', 'ascii only'],
    ];
    expect(copyTextRows(rows)).toEqual(asOneLine(rows));
  });

  it('writes only the rows from start to end', () => {
    const rows = [['a'], ['b', 1], ['c', null], ['d']];
    expect(copyTextRows(rows, undefined, 1, 3).toString('utf8')).toBe('b\t1\nc\t\\N\n');
    expect(copyTextRows(rows, undefined, 2, 2).length).toBe(0);
  });
});

describe('copyTextRowsOf', () => {
  it("writes each item's row as copyTextRows writes the rows, with one scratch array for all of them", () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `id-${i}`, n: i, text: i % 3 === 0 ? 'a\tü' : null }));
    const scratches = new Set<CopyValue[]>();
    const rowOf = (item: (typeof items)[number], row: CopyValue[]) => {
      scratches.add(row);
      row[0] = item.id;
      row[1] = item.n;
      row[2] = item.text;
      return row;
    };
    expect(copyTextRowsOf(items, rowOf, 5, 25)).toEqual(
      copyTextRows(items.slice(5, 25).map((item) => [item.id, item.n, item.text])),
    );
    expect(scratches.size).toBe(1);
  });
});
