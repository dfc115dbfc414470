import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ExportColumn } from './export-columns';

/** The schema element type of the writer's own hyparquet (it pins its version). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/**
 * hyparquet-writer's byte buffer, emptied into a file after every row group
 * (ParquetWriter calls `flush` then), hashing the bytes as they go: memory holds
 * one row group, never the file.
 */
class StreamedByteWriter extends ByteWriter {
  readonly hash: Hash = createHash('sha256');
  private failure: Error | undefined;

  constructor(
    private readonly stream: WriteStream,
    path: string,
  ) {
    super(1 << 16);
    stream.on('error', (error) => {
      this.failure ??= new Error(`cannot write ${path}: ${error.message}`, { cause: error });
    });
  }

  async flush(): Promise<void> {
    this.throwIfFailed();
    const chunk = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    this.hash.update(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain').catch(() => undefined);
    this.throwIfFailed();
  }

  override async finish(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish').catch(() => undefined);
    this.throwIfFailed();
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

function schemaOf(columns: readonly ExportColumn[]): SchemaElement[] {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const column of columns) {
    if (column.kind === 'string')
      schema.push({ name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    else if (column.kind === 'boolean')
      schema.push({ name: column.name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
    else if (column.kind === 'double') schema.push({ name: column.name, type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    else {
      // A list of {role, content} structs, Parquet's standard three-level LIST (what pyarrow and HF datasets read as list<struct>).
      schema.push(
        { name: column.name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'role', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'content', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      );
    }
  }
  return schema;
}

/**
 * Writes rows to a Parquet file (hyparquet-writer, snappy), one row group per
 * `writeRows` call, with a fixed schema from the export's columns. Same rows in
 * the same order: the same bytes (no clock, no random in the file).
 */
export class ParquetFileWriter {
  private readonly bytes: StreamedByteWriter;
  private readonly parquet: ParquetWriter;
  rows = 0;

  constructor(
    readonly path: string,
    private readonly columns: readonly ExportColumn[],
  ) {
    this.bytes = new StreamedByteWriter(createWriteStream(path), path);
    this.parquet = new ParquetWriter({ writer: this.bytes, schema: schemaOf(columns), createdBy: 'hindsight' });
  }

  async writeRows(rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    this.bytes.throwIfFailed();
    const columnData = this.columns.map((c) => ({ name: c.name, data: rows.map((r) => r[c.name] ?? null) }));
    await this.parquet.write({ columnData, rowGroupSize: rows.length });
    this.rows += rows.length;
  }

  /** Writes the footer and closes the file; resolves to its SHA-256 and size. */
  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.parquet.finish();
    return { sha256: this.bytes.hash.digest('hex'), bytes: this.bytes.offset };
  }
}
