import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parse as parseCsv } from 'csv-parse';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { JsonArraySplitter } from './json-array-splitter';

/** How rows are written in a file. */
export const FILE_ENCODINGS = ['jsonl', 'json', 'csv', 'parquet'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export interface FileLayout {
  readonly encoding: FileEncoding;
  /** gzip-compressed (JSON Lines, JSON and CSV; Parquet compresses inside). */
  readonly gzip: boolean;
}

/** One row of a file, parsed, or the reason it could not be. */
export type FileRow =
  | { readonly row: number; readonly line?: number; readonly record: unknown }
  | { readonly row: number; readonly line?: number; readonly parseError: string };

/** A file opened for streaming: its layout, the row count when known up front, and its rows. */
export interface DatasetFile {
  readonly layout: FileLayout;
  /** Rows in the file when it is cheap to know (JSON Lines: a counting pass; Parquet: its metadata). */
  readonly total?: number;
  readonly rows: () => AsyncIterable<FileRow>;
}

const NAME = /\.(jsonl|ndjson|json|csv|parquet)(\.gz)?$/i;

/**
 * The layout a file name says: `.jsonl`/`.ndjson`, `.json`, `.csv`, `.parquet`, each optionally
 * `.gz`. `undefined` when the name says nothing.
 *
 * @example layoutOfName('hh.train.jsonl.gz') // { encoding: 'jsonl', gzip: true }
 */
export function layoutOfName(file: string): FileLayout | undefined {
  const match = NAME.exec(file);
  if (!match) return undefined;
  const ext = match[1].toLowerCase();
  return { encoding: ext === 'ndjson' ? 'jsonl' : (ext as FileEncoding), gzip: match[2] !== undefined };
}

/**
 * Decides a file's layout from its first bytes (gzip magic `1f 8b`, Parquet's `PAR1`), then its
 * name, then its first character (`[` JSON, `{` JSON Lines); `encoding` overrides the guess.
 *
 * @throws Error naming the file when it cannot be read or its layout cannot be told.
 */
export async function detectFileLayout(file: string, encoding?: FileEncoding): Promise<FileLayout> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  if (head.toString('latin1') === 'PAR1') return { encoding: 'parquet', gzip: false };
  if (encoding !== undefined) return { encoding, gzip };
  const named = layoutOfName(file);
  if (named !== undefined) return { encoding: named.encoding, gzip };
  if (!gzip) {
    const first = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()[0];
    if (first === '[') return { encoding: 'json', gzip };
    if (first === '{') return { encoding: 'jsonl', gzip };
  }
  throw new Error(
    `cannot tell how ${file} is written: name it .jsonl, .json, .csv or .parquet (optionally .gz), or pass the file type`,
  );
}

/** The file's text, decompressed when gzip, in chunks. */
function textStream(
  file: string,
  gzip: boolean,
): NodeJS.ReadableStream & { setEncoding(e: BufferEncoding): unknown; destroy(e?: Error): unknown } {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  if (gzip) raw.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  return stream;
}

async function* jsonLines(file: string, gzip: boolean): AsyncIterable<FileRow> {
  const lines = createInterface({ input: textStream(file, gzip), crlfDelay: Infinity });
  let line = 0;
  let row = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      yield { row, line, record: JSON.parse(text) as unknown };
    } catch (error) {
      yield { row, line, parseError: `not valid JSON (${messageOf(error)})` };
    }
    row += 1;
  }
}

async function* jsonArray(file: string, gzip: boolean): AsyncIterable<FileRow> {
  const splitter = new JsonArraySplitter();
  let row = 0;
  for await (const chunk of textStream(file, gzip)) {
    for (const element of splitter.push(chunk as string)) {
      try {
        yield { row, line: element.line, record: JSON.parse(element.text) as unknown };
      } catch (error) {
        yield { row, line: element.line, parseError: `not valid JSON (${messageOf(error)})` };
      }
      row += 1;
    }
  }
  splitter.end();
}

/** CSV with a header row; every value is text (a cell holding JSON stays text: name the format's columns as text). */
async function* csvRows(file: string, gzip: boolean): AsyncIterable<FileRow> {
  const parser = textStream(file, gzip).pipe(
    parseCsv({ columns: true, bom: true, info: true, relax_column_count: false, skip_empty_lines: true }),
  );
  let row = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { row, line: item.info.lines, record: item.record };
      row += 1;
    }
  } catch (error) {
    // csv-parse stops at the first broken record (an unclosed quote, a wrong column count): report it, then stop.
    const line = (error as { lines?: number }).lines;
    yield {
      row,
      ...(line === undefined ? {} : { line }),
      parseError: `not valid CSV (${messageOf(error)}); the rest of the file was not read`,
    };
  }
}

/** A Parquet file read by byte range: hyparquet asks for the footer, then one column chunk at a time. */
async function asyncBufferFromFile(file: string): Promise<AsyncBuffer> {
  const { size } = await stat(file);
  return {
    byteLength: size,
    slice: async (start: number, end?: number) => {
      const handle = await open(file, 'r');
      try {
        const length = (end ?? size) - start;
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, start);
        return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + length);
      } finally {
        await handle.close();
      }
    },
  };
}

/** Parquet, one row group at a time: memory holds one row group, not the file. */
async function* parquetRows(file: string): AsyncIterable<FileRow> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const records = await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: end });
    for (let i = 0; i < records.length; i++) yield { row: start + i, record: normaliseParquetValue(records[i]) };
    start = end;
  }
}

/** BigInt (Parquet INT64) to number where exact, so rows compare like their JSON equivalents. */
function normaliseParquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(normaliseParquetValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseParquetValue(v)]));
  }
  return value;
}

async function countJsonLines(file: string, gzip: boolean): Promise<number> {
  let count = 0;
  for await (const text of createInterface({ input: textStream(file, gzip), crlfDelay: Infinity }))
    if (text.trim() !== '') count += 1;
  return count;
}

/**
 * Opens a data set file for streaming in constant memory: JSON Lines line by line, a JSON array
 * element by element, CSV record by record (a header row names the columns), Parquet row group
 * by row group; JSON Lines, JSON and CSV may be gzip-compressed. Broken rows come back as
 * `parseError` with their line; the reader goes on (CSV stops at a broken record, saying so).
 *
 * @throws Error when the file cannot be read or its layout cannot be told.
 */
export async function openDatasetFile(
  file: string,
  options: { readonly encoding?: FileEncoding; readonly countRows?: boolean } = {},
): Promise<DatasetFile> {
  const layout = await detectFileLayout(file, options.encoding);
  let total: number | undefined;
  if (layout.encoding === 'parquet')
    total = Number((await parquetMetadataAsync(await asyncBufferFromFile(file))).num_rows);
  else if (layout.encoding === 'jsonl' && options.countRows !== false) total = await countJsonLines(file, layout.gzip);
  const rows = () => {
    switch (layout.encoding) {
      case 'jsonl':
        return jsonLines(file, layout.gzip);
      case 'json':
        return jsonArray(file, layout.gzip);
      case 'csv':
        return csvRows(file, layout.gzip);
      case 'parquet':
        return parquetRows(file);
    }
  };
  return { layout, ...(total === undefined ? {} : { total }), rows };
}

/** The first row that parses (for format detection); `undefined` for an empty file. */
export async function firstRecord(file: DatasetFile): Promise<unknown> {
  for await (const row of file.rows()) if ('record' in row) return row.record;
  return undefined;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
