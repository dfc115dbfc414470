import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { assertWritableOutput } from './writable-output';
import {
  ValidationError,
  HindsightError,
  LOCALE_PATTERN,
  RULE_LOCALE,
  RULE_SLUG,
  RULE_TOKEN,
  SLUG_PATTERN,
  TOKEN_PATTERN,
  ID_PATTERN,
  RULE_ID,
  validateEventInput,
  type FieldIssue,
} from '@hindsight/contracts';
import {
  BatchSendError,
  HindsightClient,
  MAX_BATCH_EVENTS,
  type BatchResult,
  type EventToSend,
} from '@hindsight/client';
import {
  DATASET_FORMAT_READERS,
  DATASET_FORMATS,
  detectDatasetFormats,
  FORMAT_DEFAULTS,
  mapRecord,
  parseHistoryMappingYaml,
  type DatasetFormatName,
  type FormatOptions,
  type GroupedRow,
  type HistoryMapping,
  type MappedRecord,
} from '@hindsight/history-import';
import { FILE_ENCODINGS, firstRecord, openDatasetFile, type FileEncoding } from '@hindsight/dataset-files';
import type { CommandRegistrar } from './command-registrar';
import { inputAsPath, readInputText, STDIN } from './input-file';
import { ProgressBar } from './progress-bar';

/** How the rows are written in the file (`json` one array, `jsonl` one row per line, `csv`, `parquet`). */
export type ImportFormat = FileEncoding;

/** How each row becomes comparisons: a mapping file, or a published format by name. */
export type RowReader =
  | { readonly kind: 'mapping'; readonly mapping: HistoryMapping }
  | { readonly kind: 'format'; readonly format: DatasetFormatName; readonly options: FormatOptions };

export interface ImportOptions {
  readonly file: string;
  /** How the rows are written; default from the file's first bytes and name. */
  readonly fileType?: ImportFormat;
  readonly reader: RowReader;
  /** The api's base URL and an `ingest` key; not needed for a dry run. */
  readonly apiUrl?: string;
  readonly apiKey?: string;
  /** `occurredAt` for records without a time of their own. */
  readonly occurredAt?: string;
  /** Events per batch request (≤ 1000). */
  readonly batchSize?: number;
  /** Map and validate locally against the event contracts; send nothing. */
  readonly dryRun?: boolean;
  /** `rowsTotal` is undefined while unknown (JSON arrays and CSV are not counted ahead). */
  readonly onProgress?: (rowsDone: number, rowsTotal: number | undefined) => void;
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
  /** How the rows were written. */
  readonly format: ImportFormat;
  readonly gzip: boolean;
  /** `mapping`, or the published format's name. */
  readonly reader: 'mapping' | DatasetFormatName;
  /** The data set's name in idempotency keys and provenance. */
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
  const source = await openDatasetFile(options.file, { encoding: options.fileType }).catch((error: unknown) => {
    throw unreadable(options.file, error);
  });
  const readRow = rowReader(options);
  const sourceName = options.reader.kind === 'mapping' ? options.reader.mapping.source : options.reader.options.dataset;
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

  const items = (async function* () {
    try {
      yield* source.rows();
    } catch (error) {
      throw unreadable(options.file, error);
    }
  })();
  const handle = async (row: number, line: number | undefined, result: MappedRecord) => {
    unlabelled += result.unlabelled.length;
    for (const r of result.rejections)
      reject({ row, line, rowId: result.rowId, column: r.column, stage: 'mapping', issues: r.issues });
    for (const c of result.comparisons) {
      mapped += 1;
      if (options.dryRun) {
        const issues = contractIssues(c.event);
        if (issues.length > 0)
          reject({ row, line, rowId: result.rowId, column: c.column, stage: 'validation', issues });
        else accepted += 1;
      } else pending.push({ event: c.event as EventToSend, row, line, rowId: result.rowId, column: c.column });
    }
    if (pending.length >= batchSize) await flush();
  };
  // Layouts whose records span rows (the ratings export) are read whole, then grouped.
  const readAll = options.reader.kind === 'format' ? DATASET_FORMAT_READERS[options.reader.format].readAll : undefined;
  const held: GroupedRow[] = [];
  for await (const item of items) {
    read += 1;
    if ('parseError' in item) {
      reject({
        row: item.row,
        line: item.line,
        stage: 'parse',
        issues: [{ path: item.line === undefined ? `row ${item.row}` : `line ${item.line}`, rule: item.parseError }],
      });
    } else if (readAll) held.push({ record: item.record, row: item.row, line: item.line });
    else await handle(item.row, item.line, readRow(item.record, item.row));
    options.onProgress?.(read, source.total);
  }
  if (readAll && options.reader.kind === 'format') {
    for (const r of readAll(held, formatOptionsOf(options, options.reader))) await handle(r.row, r.line, r.result);
  }
  await flush();
  options.onProgress?.(read, source.total ?? read);

  rejections.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
  return {
    file: options.file,
    format: source.layout.encoding,
    gzip: source.layout.gzip,
    reader: options.reader.kind === 'mapping' ? 'mapping' : options.reader.format,
    source: sourceName,
    dryRun: options.dryRun === true,
    occurredAt: describeOccurredAt(options),
    rows: { read, imported: read - rejectedRows.size, rejected: rejectedRows.size },
    comparisons: {
      mapped,
      accepted,
      replayed,
      rejected: rejections.filter(
        (r) => r.stage === 'api' || r.stage === 'validation' || (r.stage === 'mapping' && r.column !== undefined),
      ).length,
      unlabelled,
    },
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
  new ValidationError([
    { path: 'FILE', rule: `cannot read ${file} (${error instanceof Error ? error.message : String(error)})` },
  ]);

/** One row's comparisons, by the mapping or by the named format. */
function rowReader(options: ImportOptions): (record: unknown, position: number) => MappedRecord {
  const reader = options.reader;
  if (reader.kind === 'mapping')
    return (record, position) => mapRecord(reader.mapping, record, position, { defaultOccurredAt: options.occurredAt });
  const format = DATASET_FORMAT_READERS[reader.format];
  const formatOptions = formatOptionsOf(options, reader);
  return (record, position) => format.read(record, position, formatOptions);
}

const formatOptionsOf = (options: ImportOptions, reader: Extract<RowReader, { kind: 'format' }>): FormatOptions =>
  options.occurredAt === undefined ? reader.options : { ...reader.options, occurredAt: options.occurredAt };

function describeOccurredAt(options: ImportOptions): string {
  const none = 'none in the data: the api sets it to recordedAt';
  if (options.reader.kind === 'format') {
    const fallback = options.occurredAt ?? options.reader.options.occurredAt;
    if (options.reader.format === 'label-studio')
      return `each annotation's created_at${fallback ? `, else ${fallback}` : ''}`;
    return fallback ?? none;
  }
  const mapping = options.reader.mapping;
  return mapping.occurredAt.field
    ? `field ${mapping.occurredAt.field}${(options.occurredAt ?? mapping.occurredAt.default) ? `, else ${options.occurredAt ?? mapping.occurredAt.default}` : ''}`
    : (options.occurredAt ?? mapping.occurredAt.default ?? none);
}

/**
 * The data set name a file gives when none is named: its base name without extensions, as a slug
 * (`hh-rlhf/helpful-base/train.jsonl.gz` → `train`, `UltraFeedback_v2.parquet` → `ultrafeedback-v2`).
 */
export function datasetNameOfFile(file: string): string {
  const stem = basename(file).replace(/(\.(jsonl|ndjson|json|csv|parquet|gz))+$/i, '');
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? 'import' : slug;
}

interface ImportCliOptions {
  format?: string;
  fileType?: string;
  mapping?: string;
  dataset?: string;
  objective?: string;
  taskType?: string;
  locale?: string;
  rater?: string;
  guidelineVersion?: string;
  modelVersion?: string;
  licence?: string;
  api?: string;
  key?: string;
  occurredAt?: string;
  rejectsOut?: string;
  batchSize: string;
  dryRun?: boolean;
  json?: boolean;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

const isFileType = (value: string): value is ImportFormat => (FILE_ENCODINGS as readonly string[]).includes(value);
const isDatasetFormat = (value: string): value is DatasetFormatName =>
  (DATASET_FORMATS as readonly string[]).includes(value);

/** Reads and checks the command line; every problem is a ValidationError naming the option (exit 2). */
async function resolveOptions(file: string, o: ImportCliOptions): Promise<ImportOptions> {
  const issues: FieldIssue[] = [];
  // `--format json|jsonl|csv|parquet` still names the file type (how mappings were always used).
  let fileType = o.fileType;
  let format = o.format;
  if (format !== undefined && isFileType(format)) {
    if (fileType !== undefined && fileType !== format)
      issues.push({ path: '--format', rule: `names the file type ${format}, but --file-type says ${fileType}` });
    fileType = format;
    format = undefined;
  }
  if (fileType !== undefined && !isFileType(fileType))
    issues.push({ path: '--file-type', rule: `must be one of: ${FILE_ENCODINGS.join(', ')}` });
  if (format !== undefined && !isDatasetFormat(format))
    issues.push({
      path: '--format',
      rule: `must be one of: ${DATASET_FORMATS.join(', ')} (or a file type: ${FILE_ENCODINGS.join(', ')})`,
    });
  if (format !== undefined && o.mapping !== undefined)
    issues.push({
      path: '--format',
      rule: `${format} reads the file without a mapping: give --format or --mapping, not both`,
    });
  const batchSize = Number(o.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_EVENTS)
    issues.push({ path: '--batch-size', rule: `must be an integer from 1 to ${MAX_BATCH_EVENTS}` });
  if (o.occurredAt !== undefined && (!ISO_UTC.test(o.occurredAt) || Number.isNaN(Date.parse(o.occurredAt)))) {
    issues.push({ path: '--occurred-at', rule: 'must be an ISO-8601 UTC instant such as 2023-06-01T00:00:00Z' });
  }
  const check = (flag: string, value: string | undefined, pattern: RegExp, rule: string) => {
    if (value !== undefined && !pattern.test(value)) issues.push({ path: flag, rule });
  };
  check('--dataset', o.dataset, SLUG_PATTERN, RULE_SLUG);
  check('--objective', o.objective, SLUG_PATTERN, RULE_SLUG);
  check('--task-type', o.taskType, SLUG_PATTERN, RULE_SLUG);
  check('--locale', o.locale, LOCALE_PATTERN, RULE_LOCALE);
  check('--rater', o.rater, ID_PATTERN, RULE_ID);
  check('--guideline-version', o.guidelineVersion, TOKEN_PATTERN, RULE_TOKEN);
  check('--model-version', o.modelVersion, TOKEN_PATTERN, RULE_TOKEN);
  check('--licence', o.licence, TOKEN_PATTERN, RULE_TOKEN);
  if (o.mapping !== undefined) {
    const formatFlags = (
      ['dataset', 'objective', 'taskType', 'locale', 'rater', 'guidelineVersion', 'modelVersion', 'licence'] as const
    ).filter((k) => o[k] !== undefined);
    for (const k of formatFlags)
      issues.push({
        path: `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        rule: 'goes with --format (a mapping says this itself)',
      });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const common = {
    file,
    ...(fileType === undefined ? {} : { fileType: fileType as ImportFormat }),
    apiUrl: o.api ?? process.env.HINDSIGHT_API_URL,
    apiKey: o.key ?? process.env.HINDSIGHT_API_KEY,
    occurredAt: o.occurredAt,
    batchSize,
    dryRun: o.dryRun,
  };
  if (o.mapping !== undefined) {
    const mappingFile = o.mapping;
    const text = await readInputText(mappingFile, '--mapping').catch((error: unknown) => {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError([
        {
          path: '--mapping',
          rule: `cannot read ${mappingFile} (${error instanceof Error ? error.message : String(error)})`,
        },
      ]);
    });
    return { ...common, reader: { kind: 'mapping', mapping: parseHistoryMappingYaml(text) } };
  }
  const named = format as DatasetFormatName | undefined;
  const dataset = o.dataset ?? datasetNameOfFile(file);
  const formatOptions: FormatOptions = {
    dataset,
    objective: o.objective ?? FORMAT_DEFAULTS.objective,
    taskType: o.taskType ?? FORMAT_DEFAULTS.taskType,
    locale: o.locale ?? FORMAT_DEFAULTS.locale,
    ...(o.rater === undefined ? {} : { rater: o.rater }),
    guidelineVersion: o.guidelineVersion ?? FORMAT_DEFAULTS.guidelineVersion,
    modelVersion: o.modelVersion ?? FORMAT_DEFAULTS.modelVersion,
    ...(o.licence === undefined ? {} : { licence: o.licence }),
  };
  return {
    ...common,
    reader: {
      kind: 'format',
      format: named ?? (await detectFormat(file, fileType as ImportFormat | undefined)),
      options: formatOptions,
    },
  };
}

/**
 * The format of a file whose format was not named, from its first row.
 * @throws ValidationError on `--format` naming the candidates when it is not exactly one.
 */
export async function detectFormat(file: string, fileType?: ImportFormat): Promise<DatasetFormatName> {
  const source = await openDatasetFile(file, { encoding: fileType, countRows: false }).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  const first = await firstRecord(source).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  const candidates = detectDatasetFormats(first);
  if (candidates.length === 1) return candidates[0];
  const keys = first !== null && typeof first === 'object' ? Object.keys(first).slice(0, 12).join(', ') : 'no object';
  if (candidates.length === 0) {
    throw new ValidationError([
      {
        path: '--format',
        rule: `required: the first row (keys ${keys}) has the shape of none of ${DATASET_FORMATS.join(', ')}; name one, or give a --mapping`,
      },
    ]);
  }
  throw new ValidationError([
    {
      path: '--format',
      rule: `required: the first row has the shape of several formats (${candidates.join(', ')}); name one of them`,
    },
  ]);
}

const describeRejection = (r: ImportRejection) =>
  `  row ${r.row}${r.line !== undefined ? ` (line ${r.line})` : ''}${r.rowId !== undefined && r.rowId !== String(r.row) ? ` id ${r.rowId}` : ''}${r.column ? ` ${r.column}` : ''} [${r.stage}]: ${r.issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}`;

export const registerImportCommands: CommandRegistrar = (program) => {
  program
    .command('import')
    .argument(
      '<file>',
      'the data set file (json, jsonl, csv, parquet; .gz decompressed); - reads standard input (then --dataset or --mapping names it)',
    )
    .description(
      'import an existing preference data set through the api: comparison.recorded events; KTO rows as interaction.logged + a thumb; ratings rows as rating.recorded (idempotent: re-running publishes nothing new)',
    )
    .option(
      '--format <name>',
      `a published layout: ${DATASET_FORMATS.join(', ')} (default: detected from the first row); json|jsonl|csv|parquet still name the file type`,
    )
    .option(
      '--mapping <file>',
      'mapping YAML instead of --format: how a record becomes comparisons (see examples/pandalm/mapping.yaml; - reads standard input)',
    )
    .option(
      '--file-type <type>',
      `how rows are written: ${FILE_ENCODINGS.join(', ')} (default: from the file's first bytes and name; .gz is decompressed)`,
    )
    .option(
      '--dataset <slug>',
      'the data set name in idempotency keys, task ids and provenance (default: the file name)',
    )
    .option(
      '--objective <slug>',
      `objective of formats without one (default ${FORMAT_DEFAULTS.objective}; UltraFeedback uses its aspects)`,
    )
    .option('--task-type <slug>', `task type (default ${FORMAT_DEFAULTS.taskType})`)
    .option('--locale <tag>', `locale (default ${FORMAT_DEFAULTS.locale})`)
    .option('--rater <id>', 'rater id of rows that name no annotator (default import-<dataset>)')
    .option('--guideline-version <v>', `guideline version (default ${FORMAT_DEFAULTS.guidelineVersion})`)
    .option(
      '--model-version <v>',
      `model version of responses whose model is not named (default ${FORMAT_DEFAULTS.modelVersion})`,
    )
    .option('--licence <id>', "the data set's licence (an SPDX id such as MIT), kept in each comparison's provenance")
    .option('--api <url>', 'api base URL (default: HINDSIGHT_API_URL)')
    .option('--key <key>', 'api key with the ingest scope (default: HINDSIGHT_API_KEY)')
    .option('--occurred-at <instant>', 'occurredAt for records without a time of their own (ISO-8601 UTC)')
    .option('--rejects-out <file>', 'write every rejected row, with its reasons, as JSON Lines')
    .option('--batch-size <n>', `events per batch request (1-${MAX_BATCH_EVENTS})`, '500')
    .option('--dry-run', 'map and validate against the event contracts locally; send nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: ImportCliOptions) => {
      await assertWritableOutput(o.rejectsOut, '--rejects-out');
      if (file === STDIN && o.dataset === undefined && o.mapping === undefined) {
        // The data set name fixes the idempotency keys; standard input has no file name to take it from.
        throw new ValidationError([
          {
            path: '--dataset',
            rule: 'is required when FILE is - (standard input): it names the rows in idempotency keys',
          },
        ]);
      }
      const input = await inputAsPath(file, 'FILE');
      let summary: ImportSummary;
      try {
        const options = await resolveOptions(input.path, o);
        const bar = new ProgressBar(options.dryRun ? 'import (dry run)' : 'import');
        try {
          summary = await importHistory({ ...options, onProgress: (done, total) => bar.update(done, total) });
        } catch (error) {
          if (error instanceof BatchSendError) {
            process.stderr.write(
              `\nimport stopped: ${error.message}\nre-running the same command is safe: accepted rows keep their idempotency keys and are not published twice\n`,
            );
          }
          throw error;
        }
        bar.done(
          `${summary.comparisons.accepted} comparisons ${summary.dryRun ? 'valid' : 'accepted'}, ${summary.rows.rejected} rows rejected`,
        );
      } finally {
        input.release();
      }
      if (file === STDIN) summary = { ...summary, file: STDIN };
      if (o.rejectsOut) await writeFile(o.rejectsOut, summary.rejections.map((r) => `${JSON.stringify(r)}\n`).join(''));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        return;
      }
      const c = summary.comparisons;
      const lines = [
        `${summary.dryRun ? 'dry run of ' : ''}import of ${summary.file} (${summary.reader === 'mapping' ? 'mapping' : `format ${summary.reader}`}, ${summary.format}${summary.gzip ? ' gzip' : ''}, data set ${summary.source}) in ${summary.seconds.toFixed(1)} s`,
        `  rows: ${summary.rows.read} read, ${summary.rows.imported} imported in full, ${summary.rows.rejected} with rejections`,
        `  comparisons: ${c.mapped} mapped, ${c.accepted} ${summary.dryRun ? 'valid' : `accepted (${c.replayed} already imported before: nothing new published)`}, ${c.rejected} rejected, ${c.unlabelled} without a label`,
        `  occurredAt: ${summary.occurredAt}`,
      ];
      if (summary.rejections.length > 0) {
        lines.push(
          `  rejected (${summary.rejections.length}${summary.rejections.length > 20 ? ', first 20' : ''}${o.rejectsOut ? `; all in ${o.rejectsOut}` : '; --rejects-out FILE.jsonl for all'}):`,
        );
        lines.push(...summary.rejections.slice(0, 20).map(describeRejection));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
};
