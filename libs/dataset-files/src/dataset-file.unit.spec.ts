import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { detectFileLayout, firstRecord, layoutOfName, openDatasetFile, type FileRow } from './dataset-file';

const dir = mkdtempSync(join(tmpdir(), 'dataset-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer | ArrayBuffer) => {
  const file = join(dir, name);
  writeFileSync(file, content instanceof ArrayBuffer ? Buffer.from(content) : content);
  return file;
};
async function rowsOf(file: string, options: Parameters<typeof openDatasetFile>[1] = {}): Promise<FileRow[]> {
  const opened = await openDatasetFile(file, options);
  const rows: FileRow[] = [];
  for await (const row of opened.rows()) rows.push(row);
  return rows;
}
const rows = [
  { prompt: 'Q1', chosen: 'A1', rejected: 'B1' },
  { prompt: 'Q2 "quoted", with comma\nand a newline', chosen: 'A2', rejected: 'B2' },
];

describe('dataset files', () => {
  it('tells the layout from the name', () => {
    expect(layoutOfName('hh.train.jsonl.gz')).toEqual({ encoding: 'jsonl', gzip: true });
    expect(layoutOfName('x.NDJSON')).toEqual({ encoding: 'jsonl', gzip: false });
    expect(layoutOfName('tasks.json')).toEqual({ encoding: 'json', gzip: false });
    expect(layoutOfName('data.parquet')).toEqual({ encoding: 'parquet', gzip: false });
    expect(layoutOfName('data.txt')).toBeUndefined();
  });

  it('streams JSON Lines, gzip or not, with line numbers and broken lines reported', async () => {
    const text = `${JSON.stringify(rows[0])}\n\n{"prompt": \n${JSON.stringify(rows[1])}\n`;
    for (const file of [
      write('a.jsonl', text),
      write('a.jsonl.gz', gzipSync(text)),
      write('no-extension-gz', gzipSync(text)),
    ]) {
      const options = file.endsWith('no-extension-gz') ? ({ encoding: 'jsonl' } as const) : {};
      expect((await openDatasetFile(file, options)).total).toBe(3);
      const read = await rowsOf(file, options);
      expect(read).toEqual([
        { row: 0, line: 1, record: rows[0] },
        { row: 1, line: 3, parseError: expect.stringContaining('not valid JSON') },
        { row: 2, line: 4, record: rows[1] },
      ]);
    }
  });

  it('streams a JSON array element by element, each with the line it starts on, a broken element reported and the rest read', async () => {
    const text = `[\n  ${JSON.stringify(rows[0])},\n  {"prompt": tru},\n  ${JSON.stringify(rows[1])}\n]\n`;
    const file = write('a.json.gz', gzipSync(text));
    expect(await detectFileLayout(file)).toEqual({ encoding: 'json', gzip: true });
    expect(await rowsOf(file)).toEqual([
      { row: 0, line: 2, record: rows[0] },
      { row: 1, line: 3, parseError: expect.stringContaining('not valid JSON') },
      { row: 2, line: 4, record: rows[1] },
    ]);
    // Strings holding brackets, commas and escaped quotes do not end an element.
    const tricky = [{ a: 'x],[{"y"', b: ['\\', ',', '}'] }, 2, 'three'];
    expect(
      (await rowsOf(write('tricky.json', JSON.stringify(tricky)))).map((r) => ('record' in r ? r.record : r)),
    ).toEqual(tricky);
    await expect(rowsOf(write('open.json', '[{"a": 1},'))).rejects.toThrow('the JSON array is not closed');
  });

  it('reads CSV with a header (RFC 4180 quoting), gzip or not', async () => {
    const csv = 'prompt,chosen,rejected\nQ1,A1,B1\n"Q2 ""quoted"", with comma\nand a newline",A2,B2\n';
    for (const file of [write('a.csv', csv), write('a.csv.gz', gzipSync(csv))]) {
      expect(await rowsOf(file)).toEqual([
        { row: 0, line: 2, record: rows[0] },
        { row: 1, line: 4, record: rows[1] },
      ]);
    }
  });

  it('reports a CSV row with the wrong number of cells with its line', async () => {
    const read = await rowsOf(write('bad.csv', 'prompt,chosen,rejected\nQ1,A1,B1\nQ2,A2\n'));
    expect(read[0]).toEqual({ row: 0, line: 2, record: rows[0] });
    expect(read[1]).toMatchObject({ row: 1, line: 3, parseError: expect.stringContaining('not valid CSV') });
  });

  it('reads Parquet written by hyparquet-writer row group by row group, whatever the file is named', async () => {
    const n = 2500;
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Array.from({ length: n }, (_, i) => BigInt(i)), type: 'INT64' },
        { name: 'prompt', data: Array.from({ length: n }, (_, i) => `Q${i}`), type: 'STRING' },
        { name: 'chosen', data: Array.from({ length: n }, (_, i) => `A${i}`), type: 'STRING' },
      ],
      rowGroupSize: 1000,
    });
    const file = write('rows.bin', buffer);
    const opened = await openDatasetFile(file);
    expect(opened.layout).toEqual({ encoding: 'parquet', gzip: false });
    expect(opened.total).toBe(n);
    expect(await firstRecord(opened)).toEqual({ id: 0, prompt: 'Q0', chosen: 'A0' });
    const read = await rowsOf(file);
    expect(read).toHaveLength(n);
    expect(read[2499]).toEqual({ row: 2499, record: { id: 2499, prompt: 'Q2499', chosen: 'A2499' } });
  });

  it('reads Parquet JSON columns (how hyparquet-writer writes TRL conversational messages) back as lists of messages', async () => {
    const prompt = [[{ role: 'user', content: 'Name a prime.' }]];
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'prompt', data: prompt, type: 'JSON' },
        { name: 'chosen', data: [[{ role: 'assistant', content: '7' }]], type: 'JSON' },
      ],
    });
    expect(await rowsOf(write('conversational.parquet', buffer))).toEqual([
      { row: 0, record: { prompt: prompt[0], chosen: [{ role: 'assistant', content: '7' }] } },
    ]);
  });

  it('says when it cannot tell how a file is written', async () => {
    await expect(openDatasetFile(write('notes.txt', 'hello'))).rejects.toThrow('cannot tell how');
  });
});
