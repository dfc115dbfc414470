import {
  MAX_IDEMPOTENCY_KEY_CHARS,
  TOKEN_PATTERN,
  type ComparisonRecordedInput,
  type FeedbackRecordedInput,
  type FieldIssue,
  type InteractionLoggedInput,
  type RatingRecordedInput,
} from '@hindsight/contracts';
import { describeValue, readPath, renderTemplate } from '../mapping/field-path';
import type { HistoryMapping } from '../mapping/history-mapping';

/** What an import sends: comparisons; the KTO layout an interaction and its thumb; the ratings layout a rating. */
export type ImportedEventInput =
  ComparisonRecordedInput | InteractionLoggedInput | FeedbackRecordedInput | RatingRecordedInput;

/** One comparison built from one annotator column of one record (or one event of a row of the KTO and ratings layouts). */
export interface MappedComparison<E extends ImportedEventInput = ImportedEventInput> {
  /** The annotator column it came from. */
  readonly column: string;
  readonly event: E;
}

/** Why a whole row (no `column`) or one annotator's comparison (`column`) could not be built. */
export interface MappingRejection {
  readonly column?: string;
  /** `path` names the source field (`response1`, `annotator2`); `rule` says what was wrong. */
  readonly issues: readonly FieldIssue[];
}

export interface MappedRecord<E extends ImportedEventInput = ImportedEventInput> {
  /** The row id used in idempotency keys: the `rowId` field, or the position. */
  readonly rowId: string;
  readonly comparisons: readonly MappedComparison<E>[];
  readonly rejections: readonly MappingRejection[];
  /** Columns with no label (missing, null or empty): not a comparison, not an error. */
  readonly unlabelled: readonly string[];
}

export interface MapRecordOptions {
  /** `occurredAt` for records without one of their own (overrides the mapping's default). */
  readonly defaultOccurredAt?: string;
}

/** The column name of a mapping's constant label (`winner`) in idempotency keys and rejections. */
export const WINNER_COLUMN = 'winner';

/**
 * The idempotency key of one imported comparison: the same row and column always give the same key.
 * A key longer than the contract's 200 characters keeps its readable start and ends in a hash of
 * the whole (FNV-1a, 64 bits), so it stays deterministic.
 *
 * @example importIdempotencyKey('pandalm-testset-v1', '7', 'annotator1') // 'import:pandalm-testset-v1:7:annotator1'
 */
export function importIdempotencyKey(source: string, rowId: string, column: string): string {
  const key = `import:${source}:${rowId}:${column}`;
  return key.length <= MAX_IDEMPOTENCY_KEY_CHARS
    ? key
    : `${key.slice(0, MAX_IDEMPOTENCY_KEY_CHARS - 17)}~${fnv1a64(key)}`;
}

/** FNV-1a over UTF-16 code units, 64 bits, as 16 hex digits. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/**
 * Builds the `comparison.recorded` inputs of one source record, one per annotator column holding
 * a label. Pure and total: a record that cannot be mapped comes back as rejections with reasons
 * naming the source field, never as an exception. It checks what the mapping itself needs (text
 * where text is expected, known labels, a usable time); the full event rules are the api's.
 *
 * @example
 * mapRecord(pandalm, { idx: 0, instruction: 'Fix', input: '', response1: 'a', response2: 'b',
 *   cmp_key: 'x_y', annotator1: 2, annotator2: 2, annotator3: 0 }, 0).comparisons.length // 3
 */
export function mapRecord(
  mapping: HistoryMapping,
  record: unknown,
  position: number,
  options: MapRecordOptions = {},
): MappedRecord<ComparisonRecordedInput> {
  const positionId = String(position);
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return rejectRow(positionId, [{ path: '(record)', rule: `expected an object, got ${describeValue(record)}` }]);
  }
  const issues: FieldIssue[] = [];
  const rowId = mapping.rowId === undefined ? { value: positionId } : renderTemplate(`{${mapping.rowId}}`, record, {});
  if ('issue' in rowId) return rejectRow(positionId, [rowId.issue]);
  if (!TOKEN_PATTERN.test(rowId.value))
    return rejectRow(positionId, [
      {
        path: mapping.rowId ?? '(row)',
        rule: 'the row id must be visible ASCII without spaces (it is part of the idempotency key)',
      },
    ]);
  const variables = { row: positionId };

  const taskId = renderTemplate(mapping.taskId, record, variables);
  if ('issue' in taskId) issues.push(taskId.issue);

  const parts: string[] = [];
  for (const field of mapping.prompt.fields) {
    const value = readPath(record, field);
    if (typeof value === 'string') {
      if (value.trim() !== '') parts.push(value);
    } else if (value !== undefined && value !== null)
      issues.push({ path: field, rule: `expected prompt text, got ${describeValue(value)}` });
  }
  if (parts.length === 0 && !issues.some((i) => mapping.prompt.fields.includes(i.path))) {
    issues.push({ path: mapping.prompt.fields.join('+'), rule: 'the prompt is empty' });
  }

  const responses = mapping.responses.map((response, i) => {
    const text = readPath(record, response.text);
    if (typeof text !== 'string')
      issues.push({
        path: response.text,
        rule: `expected response text, got ${describeValue(text)} (responses[${i}].text)`,
      });
    const modelVersion = readModelVersion(response.modelVersion, record, issues, i);
    return { id: response.id, text: typeof text === 'string' ? text : '', modelVersion };
  });

  const occurredAt = readOccurredAt(mapping, record, options, issues);
  const dwellTimeMs = readDwellTime(mapping, record, issues);
  if (issues.length > 0) return rejectRow(rowId.value, issues);

  const comparisons: MappedComparison<ComparisonRecordedInput>[] = [];
  const rejections: MappingRejection[] = [];
  const unlabelled: string[] = [];
  const constant = mapping.winner !== undefined;
  for (const column of mapping.raters.columns ?? [WINNER_COLUMN]) {
    const label = constant ? mapping.winner : readPath(record, column);
    if (label === undefined || label === null || label === '') {
      unlabelled.push(column);
      continue;
    }
    const labels = mapping.labels ?? {};
    const target = constant
      ? mapping.winner
      : typeof label === 'string' || typeof label === 'number'
        ? labels[String(label)]
        : undefined;
    const columnIssues: FieldIssue[] = [];
    if (target === undefined)
      columnIssues.push({
        path: column,
        rule: `label ${JSON.stringify(label)} is not one of the mapping's labels (${Object.keys(labels).join(', ')})`,
      });
    const raterId = renderTemplate(mapping.raters.id, record, { ...variables, column });
    if ('issue' in raterId) columnIssues.push(raterId.issue);
    const strength = readStrength(mapping, record, target, columnIssues);
    if (columnIssues.length > 0 || target === undefined || 'issue' in raterId || 'issue' in taskId) {
      rejections.push({ column, issues: columnIssues });
      continue;
    }
    comparisons.push({
      column,
      event: {
        type: 'comparison.recorded',
        idempotencyKey: importIdempotencyKey(mapping.source, rowId.value, column),
        ...(occurredAt === undefined ? {} : { occurredAt }),
        data: {
          taskId: taskId.value,
          taskType: mapping.taskType,
          prompt: parts.join(mapping.prompt.separator),
          responses,
          shownOrder: mapping.shownOrder ?? responses.map((r) => r.id),
          choice: target === 'tie' ? { kind: 'tie' } : { kind: 'preferred', responseId: target },
          ...(strength === undefined ? {} : { strength }),
          objective: mapping.objective,
          raterId: raterId.value,
          guidelineVersion: mapping.guidelineVersion,
          dwellTimeMs,
          locale: mapping.locale,
          ...(mapping.interfaceVersion === undefined ? {} : { interfaceVersion: mapping.interfaceVersion }),
          provenance: {
            dataset: mapping.source,
            row: rowId.value,
            ...(mapping.licence === undefined ? {} : { licence: mapping.licence }),
          },
        },
      },
    });
  }
  return { rowId: rowId.value, comparisons, rejections, unlabelled };
}

function rejectRow(rowId: string, issues: readonly FieldIssue[]): MappedRecord<ComparisonRecordedInput> {
  return { rowId, comparisons: [], rejections: [{ issues }], unlabelled: [] };
}

function readModelVersion(
  spec: HistoryMapping['responses'][number]['modelVersion'],
  record: object,
  issues: FieldIssue[],
  index: number,
): string {
  if (spec.value !== undefined) return spec.value;
  const field = spec.field ?? '';
  const raw = readPath(record, field);
  if (typeof raw !== 'string' || raw === '') {
    issues.push({
      path: field,
      rule: `expected a model version, got ${describeValue(raw)} (responses[${index}].modelVersion)`,
    });
    return '';
  }
  if (spec.split === undefined || spec.part === undefined) return raw;
  const pieces = raw.split(spec.split);
  const piece = pieces[spec.part];
  if (piece === undefined || piece === '') {
    issues.push({
      path: field,
      rule: `${JSON.stringify(raw)} split on ${JSON.stringify(spec.split)} has no part ${spec.part} (responses[${index}].modelVersion)`,
    });
    return '';
  }
  return piece;
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function readOccurredAt(
  mapping: HistoryMapping,
  record: object,
  options: MapRecordOptions,
  issues: FieldIssue[],
): string | undefined {
  const fallback = options.defaultOccurredAt ?? mapping.occurredAt.default;
  if (mapping.occurredAt.field === undefined) return fallback;
  const field = mapping.occurredAt.field;
  const raw = readPath(record, field);
  if (raw === undefined || raw === null || raw === '') return fallback;
  let ms = NaN;
  if (typeof raw === 'number') ms = raw;
  else if (typeof raw === 'string' && (ZONED.test(raw.trim()) || DATE_ONLY.test(raw.trim())))
    ms = Date.parse(raw.trim());
  // Without a zone the instant would depend on the importing machine's time zone.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    issues.push({
      path: field,
      rule: `expected an ISO-8601 time with a zone (2023-06-01T12:00:00Z) or epoch milliseconds, got ${typeof raw === 'string' ? JSON.stringify(raw) : describeValue(raw)}`,
    });
    return undefined;
  }
  return new Date(ms).toISOString();
}

function readDwellTime(mapping: HistoryMapping, record: object, issues: FieldIssue[]): number {
  const { field, default: fallback } = mapping.dwellTimeMs;
  if (field === undefined) return fallback;
  const raw = readPath(record, field);
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
  issues.push({ path: field, rule: `expected a dwell time in whole milliseconds >= 0, got ${describeValue(raw)}` });
  return fallback;
}

function readStrength(
  mapping: HistoryMapping,
  record: object,
  target: string | undefined,
  issues: FieldIssue[],
): number | undefined {
  if (mapping.strength === undefined || target === 'tie') return undefined;
  const raw = readPath(record, mapping.strength);
  if (raw === undefined || raw === null) return undefined;
  if (raw === 1 || raw === 2 || raw === 3) return raw;
  issues.push({ path: mapping.strength, rule: `expected a strength of 1, 2 or 3, got ${describeValue(raw)}` });
  return undefined;
}
