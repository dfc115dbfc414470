import { ERASABLE_SUBJECT_KINDS, instantOf, instantRule, ValidationError, type FieldIssue } from '@hindsight/contracts';
import { decodeCursor, type PagePosition } from '@hindsight/store';
import type { ParameterSpec } from '../docs/operations';

/**
 * The one filter parser of the read API. Every list route takes `limit` and
 * `cursor` and some of the filters below; each is declared once here (its rule
 * and its OpenAPI description), so the docs, the query policy (unknown
 * parameters are refused by name) and the parsing cannot drift apart.
 */
export const FILTER_NAMES = [
  'from',
  'to',
  'rater',
  'objective',
  'surface',
  'modelVersion',
  'queue',
  'trigger',
  'status',
  'policy',
  'subjectKind',
  'topic',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_TEXT = 200;

export const RUN_STATUSES = ['requested', 'dataset-built', 'completed', 'failed'] as const;
export const TRIGGER_KINDS = ['policy', 'manual'] as const;

type Parsed = string;
interface FilterSpec {
  readonly description: string;
  readonly schema: Readonly<Record<string, unknown>>;
  /** The value, or the rule it broke. */
  readonly parse: (value: string) => { value: Parsed } | { rule: string };
}

const text = (what: string): FilterSpec => ({
  description: `Only items of this ${what} (exact match).`,
  schema: { type: 'string', minLength: 1, maxLength: MAX_TEXT },
  parse: (value) => {
    if (value.length === 0) return { rule: `must not be empty: a ${what}` };
    if (value.length > MAX_TEXT) return { rule: `must be at most ${MAX_TEXT} characters` };
    if (/[\u0000-\u001f\u007f]/.test(value)) return { rule: 'must not contain control characters' };
    return { value };
  },
});

const oneOf = (what: string, values: readonly string[]): FilterSpec => ({
  description: `Only items whose ${what} is this: one of ${values.join(', ')}.`,
  schema: { type: 'string', enum: [...values] },
  parse: (value) => (values.includes(value) ? { value } : { rule: `must be one of ${values.join(', ')}` }),
});

const instant = (description: string): FilterSpec => ({
  description,
  schema: { type: 'string', format: 'date-time' },
  parse: (value) => {
    const at = instantOf(value);
    return at === undefined ? { rule: instantRule(value) } : { value: at };
  },
});

export const FILTERS: Readonly<Record<FilterName, FilterSpec>> = {
  from: instant(
    'Only items at or after this instant (ISO-8601 with Z or an offset; write + as %2B). The instant is the one the list is sorted by.',
  ),
  to: instant('Only items before this instant (exclusive; ISO-8601 with Z or an offset). Must be later than `from`.'),
  rater: text('rater id'),
  objective: text('objective'),
  surface: text('product surface'),
  modelVersion: text('model version'),
  queue: text('queue id'),
  trigger: oneOf('trigger kind', TRIGGER_KINDS),
  status: oneOf('status', RUN_STATUSES),
  policy: text('retrain policy id'),
  subjectKind: oneOf('subject kind', ERASABLE_SUBJECT_KINDS),
  topic: text('Kafka topic'),
};

/** `limit` and `cursor`, which every list takes, then the route's filters, as OpenAPI parameters. */
export function readParameters(filters: readonly FilterName[]): ParameterSpec[] {
  return [
    {
      name: 'limit',
      in: 'query',
      required: false,
      description: `Items per page, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
    },
    {
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'The `nextCursor` of the previous page, unchanged (opaque). Absent: the first page.',
      schema: { type: 'string' },
    },
    ...filters.map((name): ParameterSpec => ({
      name,
      in: 'query',
      required: false,
      description: FILTERS[name].description,
      schema: FILTERS[name].schema,
    })),
  ];
}

/** A parsed list query: the page window and the route's filters. */
export interface ReadQuery {
  readonly limit: number;
  readonly after?: PagePosition;
  readonly from?: string;
  readonly to?: string;
  readonly filters: Readonly<Partial<Record<Exclude<FilterName, 'from' | 'to'>, string>>>;
}

/**
 * Parses the query of a list route of `kind` taking `filters`.
 * @throws ValidationError naming every bad parameter with its rule: a limit out of range, a cursor this route did not
 * return, a malformed instant, `to` not after `from`, a value outside a filter's set. (Unknown parameters never reach
 * here: the query policy refuses them by name.)
 */
export function parseReadQuery(
  kind: string,
  filters: readonly FilterName[],
  query: Readonly<Record<string, unknown>>,
): ReadQuery {
  const issues: FieldIssue[] = [];
  const single = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      issues.push({ path: name, rule: 'must be given once' });
      return undefined;
    }
    return v;
  };
  let limit = DEFAULT_LIMIT;
  const rawLimit = single('limit');
  if (rawLimit !== undefined) {
    if (!/^\d{1,6}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT)
      issues.push({ path: 'limit', rule: `must be an integer from 1 to ${MAX_LIMIT}` });
    else limit = Number(rawLimit);
  }
  let after: PagePosition | undefined;
  const rawCursor = single('cursor');
  if (rawCursor !== undefined) {
    try {
      after = decodeCursor(kind, rawCursor);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  const values: Partial<Record<FilterName, string>> = {};
  for (const name of filters) {
    const raw = single(name);
    if (raw === undefined) continue;
    const parsed = FILTERS[name].parse(raw);
    if ('rule' in parsed) issues.push({ path: name, rule: parsed.rule });
    else values[name] = parsed.value;
  }
  if (values.from !== undefined && values.to !== undefined && Date.parse(values.to) <= Date.parse(values.from))
    issues.push({ path: 'to', rule: 'must be later than from' });
  if (issues.length > 0) throw new ValidationError(issues);
  const { from, to, ...rest } = values;
  return { limit, after, from, to, filters: rest };
}
