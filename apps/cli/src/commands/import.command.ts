import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { assertWritableOutput } from './writable-output';
import { createInterface } from 'node:readline';
import { ValidationError, HindsightError, validateEventInput, type FieldIssue } from '@hindsight/contracts';
import { BatchSendError, HindsightClient, MAX_BATCH_EVENTS, type BatchResult, type EventToSend } from '@hindsight/client';
import { mapRecord, parseHistoryMappingYaml, type HistoryMapping } from '@hindsight/history-import';
import type { CommandRegistrar } from './command-registrar';
import { ProgressBar } from './progress-bar';

export type ImportFormat = 'json' | 'jsonl';

export interface ImportOptions {
  readonly file: string;
  readonly format: ImportFormat;
  readonly mapping: HistoryMapping;
  /** The api's base URL and an `ingest` key; not needed for a dry run. */
  readonly apiUrl?: string;
  readonly apiKey?: string;
  /** `occurredAt` for records without a time of their own. */
  readonly occurredAt?: string;
  /** Events per batch request (≤ 1000). */
  readonly batchSize?: number;
  /** Map and validate locally against the event contracts; send nothing. */
  readonly dryRun?: boolean;
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** One rejected row (no `column`) or one rejected comparison of a row (`column`, the annotator). */
export interface ImportRejection {
  /** 0-based position of the record in the file. */
  readonly row: number;
  /** 1-based line, for JSON Lines. */
  readonly line?: number;
  readonly rowId?: string;
  readonly column?: string;
  /** `parse`: not JSON; `mapping`: the mapping could not build it; `validation`: the contracts refused it (dry run); `api`: the api refused it. */
  readonly stage: 'parse' | 'mapping' | 'validation' | 'api';
  readonly issues: readonly FieldIssue[];
}

export interface ImportSummary {
  readonly file: string;
  readonly format: ImportFormat;
  readonly source: string;
  readonly dryRun: boolean;
  /** Where `occurredAt` came from. */
  readonly occurredAt: string;
  readonly rows: { readonly read: number; readonly imported: number; readonly rejected: number };
  readonly comparisons: {
    readonly mapped: number;
    /** Accepted by the api: new ones plus `replayed`. */
    readonly accepted: number;
    /** Accepted earlier under the same idempotency key: nothing new was published. */
    readonly replayed: number;
    readonly rejected: number;
    /** Annotator columns without a label. */
    readonly unlabelled: number;
  };
  readonly rejections: readonly ImportRejection[];
  readonly seconds: number;
}

type SourceItem =
  | { readonly row: number; readonly line?: number; readonly record: unknown }
  | { readonly row: number; readonly line: number; readonly parseError: string };

interface Pending {
  readonly event: EventToSend;
  readonly row: number;
  readonly line?: number;
  readonly rowId: string;
  readonly column: string;
}

/**
 * Turns a file of existing preference records into `comparison.recorded` events through the api:
 * each record is mapped (`mapRecord`), the events go in batches with idempotency keys fixed by row
 * and column, and every row that could not be mapped or was refused is reported with its reasons.
 * Re-running the same import publishes nothing new (within the api's idempotency window).
 *
 * @throws ValidationError for a file that cannot be read or is not the format named;
 *   BatchSendError when the api stays unreachable (re-running resumes safely).
 */
export async function importHistory(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 500;
  const client = options.dryRun ? undefined : createClient(options, batchSize);
  const source = await openSource(options.file, options.format);
  const rejections: ImportRejection[] = [];
  const rejectedRows = new Set<number>();
  const reject = (r: ImportRejection) => {
    rejections.push(r);
    rejectedRows.add(r.row);
  };
  let read = 0;
  let mapped = 0;
  let unlabelled = 0;
  let accepted = 0;
  let replayed = 0;
  let pending: Pending[] = [];

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    if (!client) return;
    const result: BatchResult = await client.sendBatch(batch.map((p) => p.event));
    for (const item of result.results) {
      const p = batch[item.index];
      if (item.status === 'accepted') {
        accepted += 1;
        if (item.replayed) replayed += 1;
      } else {
        // The api prefixes paths with `events[i].`; the row and column already say which item it was.
        const issues = item.issues.map((i) => ({ path: i.path.replace(/^events\[\d+\]\.?/, ''), rule: i.rule }));
        reject({ row: p.row, line: p.line, rowId: p.rowId, column: p.column, stage: 'api', issues });
      }
    }
  };

  for await (const item of source.items) {
    read += 1;
    if ('parseError' in item) {
      reject({ row: item.row, line: item.line, stage: 'parse', issues: [{ path: `line ${item.line}`, rule: item.parseError }] });
    } else {
      const result = mapRecord(options.mapping, item.record, item.row, { defaultOccurredAt: options.occurredAt });
      unlabelled += result.unlabelled.length;
      for (const r of result.rejections) reject({ row: item.row, line: item.line, rowId: result.rowId, column: r.column, stage: 'mapping', issues: r.issues });
      for (const c of result.comparisons) {
        mapped += 1;
        if (options.dryRun) {
          const issues = contractIssues(c.event);
          if (issues.length > 0) reject({ row: item.row, line: item.line, rowId: result.rowId, column: c.column, stage: 'validation', issues });
          else accepted += 1;
        } else pending.push({ event: c.event as EventToSend, row: item.row, line: item.line, rowId: result.rowId, column: c.column });
      }
    }
    if (pending.length >= batchSize) await flush();
    options.onProgress?.(read, source.total);
  }
  await flush();
  options.onProgress?.(read, source.total);

  rejections.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  return {
    file: options.file,
    format: options.format,
    source: options.mapping.source,
    dryRun: options.dryRun === true,
    occurredAt: options.mapping.occurredAt.field
      ? `field ${options.mapping.occurredAt.field}${options.occurredAt ?? options.mapping.occurredAt.default ? `, else ${options.occurredAt ?? options.mapping.occurredAt.default}` : ''}`
      : (options.occurredAt ?? options.mapping.occurredAt.default ?? 'none in the data: the api sets it to recordedAt'),
    rows: { read, imported: read - rejectedRows.size, rejected: rejectedRows.size },
    comparisons: { mapped, accepted, replayed, rejected: rejections.filter((r) => r.stage === 'api' || r.stage === 'validation' || (r.stage === 'mapping' && r.column !== undefined)).length, unlabelled },
    rejections,
    seconds: (Date.now() - started) / 1000,
  };
}

function createClient(options: ImportOptions, batchSize: number): HindsightClient {
  const issues: FieldIssue[] = [];
  if (!options.apiUrl) issues.push({ path: '--api', rule: 'required (or set HINDSIGHT_API_URL)' });
  if (!options.apiKey) issues.push({ path: '--key', rule: 'required (or set HINDSIGHT_API_KEY)' });
  if (issues.length > 0) throw new ValidationError(issues);
  return new HindsightClient({ baseUrl: options.apiUrl ?? '', apiKey: options.apiKey ?? '', batchSize });
}

function contractIssues(event: unknown): FieldIssue[] {
  try {
    validateEventInput(event);
    return [];
  } catch (error) {
    if (error instanceof HindsightError && error.code === 'validation') return [...error.issues];
    throw error;
  }
}

const unreadable = (file: string, error: unknown) =>
  new ValidationError([{ path: 'FILE', rule: `cannot read ${file} (${error instanceof Error ? error.message : String(error)})` }]);

/** The records of a file, with the total for progress. JSON is parsed whole; JSON Lines is streamed line by line. */
async function openSource(file: string, format: ImportFormat): Promise<{ total: number; items: AsyncIterable<SourceItem> }> {
  if (format === 'json') {
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw unreadable(file, error);
    });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ValidationError([{ path: 'FILE', rule: `must be one JSON array for --format json (${error instanceof Error ? error.message : String(error)}); use --format jsonl for one record per line` }]);
    }
    if (!Array.isArray(value)) throw new ValidationError([{ path: 'FILE', rule: 'must be one JSON array for --format json; use --format jsonl for one record per line' }]);
    const records = value as unknown[];
    return {
      total: records.length,
      items: (async function* () {
        for (let row = 0; row < records.length; row++) yield { row, record: records[row] };
      })(),
    };
  }
  const total = await countLines(file).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  return {
    total,
    items: (async function* () {
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      let line = 0;
      let row = 0;
      for await (const text of lines) {
        line += 1;
        if (text.trim() === '') continue;
        let record: unknown;
        try {
          record = JSON.parse(text);
        } catch (error) {
          yield { row: row++, line, parseError: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
          continue;
        }
        yield { row: row++, line, record };
      }
    })(),
  };
}

/** Non-blank lines, counted in one streaming pass (the progress bar's total). */
async function countLines(file: string): Promise<number> {
  let count = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of lines) if (text.trim() !== '') count += 1;
  return count;
}

interface ImportCliOptions {
  format?: string;
  mapping: string;
  api?: string;
  key?: string;
  occurredAt?: string;
  rejectsOut?: string;
  batchSize: string;
  dryRun?: boolean;
  json?: boolean;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** Reads and checks the command line; every problem is a ValidationError naming the option (exit 2). */
async function resolveOptions(file: string, o: ImportCliOptions): Promise<ImportOptions> {
  const issues: FieldIssue[] = [];
  const format = o.format ?? (file.endsWith('.jsonl') || file.endsWith('.ndjson') ? 'jsonl' : file.endsWith('.json') ? 'json' : undefined);
  if (format === undefined) issues.push({ path: '--format', rule: 'required when the file name does not end in .json or .jsonl' });
  else if (format !== 'json' && format !== 'jsonl') issues.push({ path: '--format', rule: 'must be one of: json, jsonl' });
  const batchSize = Number(o.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_EVENTS) issues.push({ path: '--batch-size', rule: `must be an integer from 1 to ${MAX_BATCH_EVENTS}` });
  if (o.occurredAt !== undefined && (!ISO_UTC.test(o.occurredAt) || Number.isNaN(Date.parse(o.occurredAt)))) {
    issues.push({ path: '--occurred-at', rule: 'must be an ISO-8601 UTC instant such as 2023-06-01T00:00:00Z' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const text = await readFile(o.mapping, 'utf8').catch((error: unknown) => {
    throw new ValidationError([{ path: '--mapping', rule: `cannot read ${o.mapping} (${error instanceof Error ? error.message : String(error)})` }]);
  });
  return {
    file,
    format: format as ImportFormat,
    mapping: parseHistoryMappingYaml(text),
    apiUrl: o.api ?? process.env.HINDSIGHT_API_URL,
    apiKey: o.key ?? process.env.HINDSIGHT_API_KEY,
    occurredAt: o.occurredAt,
    batchSize,
    dryRun: o.dryRun,
  };
}

const describeRejection = (r: ImportRejection) =>
  `  row ${r.row}${r.line !== undefined ? ` (line ${r.line})` : ''}${r.rowId !== undefined && r.rowId !== String(r.row) ? ` id ${r.rowId}` : ''}${r.column ? ` ${r.column}` : ''} [${r.stage}]: ${r.issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}`;

export const registerImportCommands: CommandRegistrar = (program) => {
  program
    .command('import <file>')
    .description('import an existing preference data set as comparison.recorded events through the api (idempotent: re-running publishes nothing new)')
    .option('--format <format>', 'json (one array) or jsonl (one record per line); default from the file name')
    .requiredOption('--mapping <file>', 'mapping YAML: how a record becomes comparisons (see examples/pandalm/mapping.yaml)')
    .option('--api <url>', 'api base URL (default: HINDSIGHT_API_URL)')
    .option('--key <key>', 'api key with the ingest scope (default: HINDSIGHT_API_KEY)')
    .option('--occurred-at <instant>', 'occurredAt for records without a time of their own (ISO-8601 UTC)')
    .option('--rejects-out <file>', 'write every rejected row, with its reasons, as JSON Lines')
    .option('--batch-size <n>', `events per batch request (1-${MAX_BATCH_EVENTS})`, '500')
    .option('--dry-run', 'map and validate against the event contracts locally; send nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: ImportCliOptions) => {
      await assertWritableOutput(o.rejectsOut, '--rejects-out');
      const options = await resolveOptions(file, o);
      const bar = new ProgressBar(options.dryRun ? 'import (dry run)' : 'import');
      let summary: ImportSummary;
      try {
        summary = await importHistory({ ...options, onProgress: (done, total) => bar.update(done, total) });
      } catch (error) {
        if (error instanceof BatchSendError) {
          process.stderr.write(`\nimport stopped: ${error.message}\nre-running the same command is safe: accepted rows keep their idempotency keys and are not published twice\n`);
        }
        throw error;
      }
      bar.done(`${summary.comparisons.accepted} comparisons ${summary.dryRun ? 'valid' : 'accepted'}, ${summary.rows.rejected} rows rejected`);
      if (o.rejectsOut) await writeFile(o.rejectsOut, summary.rejections.map((r) => `${JSON.stringify(r)}\n`).join(''));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      const c = summary.comparisons;
      const lines = [
        `${summary.dryRun ? 'dry run of ' : ''}import of ${summary.file} (${summary.format}, source ${summary.source}) in ${summary.seconds.toFixed(1)} s`,
        `  rows: ${summary.rows.read} read, ${summary.rows.imported} imported in full, ${summary.rows.rejected} with rejections`,
        `  comparisons: ${c.mapped} mapped, ${c.accepted} ${summary.dryRun ? 'valid' : `accepted (${c.replayed} already imported before: nothing new published)`}, ${c.rejected} rejected, ${c.unlabelled} annotator columns without a label`,
        `  occurredAt: ${summary.occurredAt}`,
      ];
      if (summary.rejections.length > 0) {
        lines.push(`  rejected (${summary.rejections.length}${summary.rejections.length > 20 ? ', first 20' : ''}${o.rejectsOut ? `; all in ${o.rejectsOut}` : '; --rejects-out FILE.jsonl for all'}):`);
        lines.push(...summary.rejections.slice(0, 20).map(describeRejection));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
