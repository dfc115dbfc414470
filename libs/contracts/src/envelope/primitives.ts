import { z } from 'zod';
import {
  MAX_ID_CHARS,
  MAX_STORED_INT,
  MAX_IDEMPOTENCY_KEY_CHARS,
  MAX_LABEL_CHARS,
  MAX_LIST_ITEMS,
  MAX_METADATA_KEYS,
  MAX_METADATA_VALUE_CHARS,
  MAX_REASON_CHARS,
} from './limits';

/**
 * Building blocks shared by every event schema. Each pattern carries its rule
 * as the zod message, so a broken pattern surfaces as `{ path, rule }` with a
 * rule a person can act on (see `formatZodIssues`).
 */

/** Lower-case slug: tenants, objectives, task types, rubric dimensions. 1–63 chars. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Opaque identifier chosen by a client: letters, digits and `._:-`, 1–200 chars. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/** Canonical lower-case UUIDv7 (RFC 9562 §5.7). */
export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Visible ASCII without spaces: idempotency keys, model and guideline versions. */
export const TOKEN_PATTERN = /^[\x21-\x7e]+$/;
/** BCP 47 language tag, simplified (`en`, `en-GB`, `pt-BR`, `zh-Hant-TW`). */
export const LOCALE_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** ISO 3166-1 alpha-2 country (`DE`) or UN M49 numeric area (`150` = Europe). */
export const REGION_PATTERN = /^(?:[A-Z]{2}|\d{3})$/;
/** Lower-case hex SHA-256 digest. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export const RULE_SLUG = 'must be a slug (lower-case letters, digits and hyphens, 1-63 chars)';
export const RULE_ID = 'must be an id (letters, digits and ._:- , starting with a letter or digit)';
export const RULE_UUID_V7 = 'must be a lower-case UUIDv7';
export const RULE_TOKEN = 'must be visible ASCII without spaces';
export const RULE_LOCALE = 'must be a BCP 47 language tag';
export const RULE_REGION = 'must be an ISO 3166-1 alpha-2 code or a UN M49 area code';
export const RULE_SHA256 = 'must be a lower-case hex SHA-256 digest';
export const RULE_DATETIME = 'must be an ISO-8601 UTC date-time (e.g. 2026-01-31T12:00:00.000Z)';
export const RULE_DATETIME_YEAR = 'must be in year 1 or later';

export const slug = () => z.string().regex(SLUG_PATTERN, { error: RULE_SLUG });
export const id = () => z.string().max(MAX_ID_CHARS).regex(ID_PATTERN, { error: RULE_ID });
export const uuidV7 = () => z.string().regex(UUID_V7_PATTERN, { error: RULE_UUID_V7 });
export const token = (max = MAX_LABEL_CHARS) => z.string().max(max).regex(TOKEN_PATTERN, { error: RULE_TOKEN });
export const locale = () => z.string().max(35).regex(LOCALE_PATTERN, { error: RULE_LOCALE });
export const region = () => z.string().regex(REGION_PATTERN, { error: RULE_REGION });
export const sha256 = () => z.string().regex(SHA256_PATTERN, { error: RULE_SHA256 });
/**
 * ISO-8601 date-time in UTC with a `Z` suffix, any sub-second precision, from year 1:
 * the format allows year 0000, which PostgreSQL's timestamptz refuses (it would stop the projector).
 */
export const isoDateTime = () =>
  z.iso.datetime({ error: RULE_DATETIME }).refine((value) => !value.startsWith('0000-'), { error: RULE_DATETIME_YEAR });
/** Non-empty text up to `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);
export const reason = () => text(MAX_REASON_CHARS);
export const idempotencyKey = () => token(MAX_IDEMPOTENCY_KEY_CHARS);
/** Integers as PostgreSQL stores them (`integer`): at most MAX_STORED_INT. */
export const nonNegativeInt = () => z.number().int().min(0).max(MAX_STORED_INT);
export const positiveInt = () => z.number().int().min(1).max(MAX_STORED_INT);

/** A list of unique items, at least `min`, at most `MAX_LIST_ITEMS`. */
export function uniqueList<T extends z.ZodType<string>>(item: T, min = 1) {
  return z
    .array(item)
    .min(min)
    .max(MAX_LIST_ITEMS)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: 'must be unique', input: value });
        seen.add(value);
      });
    });
}

/** Free-form metadata: up to 50 keys, values are short strings, finite numbers, booleans or null. */
export const metadata = () =>
  z
    .record(
      z.string().min(1).max(100).regex(ID_PATTERN, { error: RULE_ID }),
      z.union([z.string().max(MAX_METADATA_VALUE_CHARS), z.number(), z.boolean(), z.null()]),
    )
    .superRefine((value, ctx) => {
      if (Object.keys(value).length > MAX_METADATA_KEYS) {
        ctx.addIssue({ code: 'custom', message: `must have at most ${MAX_METADATA_KEYS} keys`, input: value });
      }
    });

/** The built-in objectives; a tenant may also name its own objective (any slug). */
export const BUILT_IN_OBJECTIVES = ['helpfulness', 'harmlessness', 'honesty'] as const;
export type BuiltInObjective = (typeof BUILT_IN_OBJECTIVES)[number];
/** An objective: one of `BUILT_IN_OBJECTIVES` or a tenant's own slug. */
export const objective = () => slug();
