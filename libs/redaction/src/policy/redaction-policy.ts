import { z } from 'zod';
import {
  DEFAULT_REDACTION_MODE,
  parseRequestBody,
  redactionPolicyConfiguredDataV1,
  PersonalDataRefusedError,
  sealEvent,
  validateEventInput,
  ValidationError,
  type FieldIssue,
  type RedactionMode,
  type RedactionPolicyConfigured,
} from '@hindsight/contracts';
import type { CountryCode } from 'libphonenumber-js/max';
import { compileCustomPatterns, customPatternIssues, type CustomPattern } from '../custom/custom-patterns';
import { addCounts, type RedactionCounts } from '../pii-kinds';
import { findPii, redactText, type RedactionRules } from '../redact';

/** A tenant's redaction policy as it applies: the mode and the compiled rules. */
export interface RedactionPolicy {
  readonly mode: RedactionMode;
  readonly phoneRegion: string | null;
  readonly custom: readonly CustomPattern[];
  /** Who set it and when; null for the default of a tenant that never set one. */
  readonly setBy: string | null;
  readonly setAt: string | null;
  readonly rules: RedactionRules;
}

/** The phone region of the default policy: national numbers of the North American plan are recognised. */
export const DEFAULT_PHONE_REGION = 'US';

/** The policy of a tenant that never set one: `redact`, US phone region, no custom patterns. */
export const DEFAULT_REDACTION_POLICY: RedactionPolicy = {
  mode: DEFAULT_REDACTION_MODE,
  phoneRegion: DEFAULT_PHONE_REGION,
  custom: [],
  setBy: null,
  setAt: null,
  rules: { phoneRegion: DEFAULT_PHONE_REGION },
};

/** The policy a `redaction-policy.configured` event sets (its patterns were checked before it was written). */
export function policyOf(event: RedactionPolicyConfigured): RedactionPolicy {
  const d = event.data;
  return {
    mode: d.mode,
    phoneRegion: d.phoneRegion,
    custom: d.custom,
    setBy: d.setBy,
    setAt: d.setAt,
    rules: {
      ...(d.phoneRegion ? { phoneRegion: d.phoneRegion as CountryCode } : {}),
      custom: compileCustomPatterns(d.custom),
    },
  };
}

/**
 * The body of `PUT /v1/redaction-policy` (and what `hindsight redaction set` sends): the mode, the phone
 * region (default US; null: international numbers only) and the custom patterns (default none).
 */
export const redactionPolicyRequestSchema = z.strictObject({
  mode: redactionPolicyConfiguredDataV1.shape.mode,
  phoneRegion: redactionPolicyConfiguredDataV1.shape.phoneRegion.optional(),
  custom: redactionPolicyConfiguredDataV1.shape.custom.optional(),
});
export type RedactionPolicyRequest = z.output<typeof redactionPolicyRequestSchema>;

/**
 * A validated, sealed `redaction-policy.configured`. Throws `ValidationError` naming every field of the body at
 * fault (`mode`, `custom[2].pattern`: its schema, then the custom patterns' safety rules). Pure: id, time
 * and actor come in as arguments.
 */
export function redactionPolicyConfiguredEvent(s: {
  readonly eventId: string;
  readonly tenant: string;
  readonly source: string;
  readonly setBy: string;
  readonly at: Date;
  readonly request: unknown;
}): RedactionPolicyConfigured {
  const request = parseRequestBody(redactionPolicyRequestSchema, s.request);
  const issues = customPatternIssues(request.custom ?? []);
  if (issues.length > 0) throw new ValidationError(issues);
  const at = s.at.toISOString();
  const input = validateEventInput(
    {
      type: 'redaction-policy.configured',
      idempotencyKey: `redaction-policy:${s.eventId}`,
      occurredAt: at,
      data: {
        mode: request.mode,
        phoneRegion: request.phoneRegion === undefined ? DEFAULT_PHONE_REGION : request.phoneRegion,
        custom: request.custom ?? [],
        setBy: s.setBy,
        setAt: at,
      },
    },
    { types: ['redaction-policy.configured'] },
  );
  return sealEvent(input, {
    id: s.eventId,
    recordedAt: at,
    tenant: s.tenant,
    source: s.source,
  }) as RedactionPolicyConfigured;
}

/** An event's data after the policy: the fields redacted and the `redaction` record, or unchanged. */
export interface RedactedData {
  readonly data: Readonly<Record<string, unknown>>;
  readonly changed: boolean;
  readonly counts: RedactionCounts;
}

/**
 * Applies `policy` to the declared free-text `fields` of an event's `data` (`redactedFields` of its
 * definition). `off`: unchanged. `refuse`: throws `PersonalDataRefusedError` naming each field and the
 * kinds found in it. `redact`: each field holds its redacted text, and `redaction` carries the counts
 * per kind and the original of each field it changed (nothing found: the data unchanged, no record). A field longer than `maxChars` once redacted (the
 * placeholders are longer than what they replace, e.g. a one-letter custom match) is a `ValidationError`.
 * `redaction` sent by a client is a `ValidationError`. `pathPrefix` names the data in the issues. Pure.
 */
export function redactEventData(
  data: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  policy: RedactionPolicy,
  options: { readonly pathPrefix: string; readonly maxChars: number },
): RedactedData {
  if (fields.length === 0) return { data, changed: false, counts: {} };
  if (data.redaction !== undefined)
    throw new ValidationError([{ path: `${options.pathPrefix}redaction`, rule: 'set by the api; must not be sent' }]);
  if (policy.mode === 'off') return { data, changed: false, counts: {} };
  if (policy.mode === 'refuse') {
    const issues: FieldIssue[] = [];
    for (const field of fields) {
      const value = data[field];
      if (typeof value !== 'string') continue;
      const kinds = [...new Set(findPii(value, policy.rules).map((m) => m.kind))];
      if (kinds.length > 0)
        issues.push({
          path: `${options.pathPrefix}${field}`,
          rule: `contains personal data (${kinds.join(', ')}); the tenant's redaction policy refuses it`,
        });
    }
    if (issues.length > 0) throw new PersonalDataRefusedError(issues);
    return { data, changed: false, counts: {} };
  }
  const out: Record<string, unknown> = { ...data };
  const original: Record<string, string> = {};
  const perField: RedactionCounts[] = [];
  const tooLong: FieldIssue[] = [];
  for (const field of fields) {
    const value = data[field];
    if (typeof value !== 'string') continue;
    const redacted = redactText(value, policy.rules);
    if (redacted.text === value) continue;
    if (redacted.text.length > options.maxChars)
      tooLong.push({
        path: `${options.pathPrefix}${field}`,
        rule: `longer than ${options.maxChars} characters once redacted (placeholders replace shorter matches)`,
      });
    out[field] = redacted.text;
    original[field] = value;
    perField.push(redacted.counts);
  }
  if (tooLong.length > 0) throw new ValidationError(tooLong);
  // Nothing found: the event is stored as sent, without a redaction record.
  if (perField.length === 0) return { data, changed: false, counts: {} };
  const counts = addCounts(...perField);
  out.redaction = { counts, original };
  return { data: out, changed: true, counts };
}

/** What `GET /v1/redaction-policy` and `hindsight redaction show --json` answer. */
export interface RedactionPolicyView {
  readonly mode: RedactionMode;
  readonly phoneRegion: string | null;
  readonly custom: readonly CustomPattern[];
  readonly setBy: string | null;
  readonly setAt: string | null;
  /** True when the tenant never set a policy: the default applies. */
  readonly isDefault: boolean;
}

/** The view of a stored policy, or of the default when there is none. Pure. */
export function redactionPolicyView(stored: Omit<RedactionPolicyView, 'isDefault'> | null): RedactionPolicyView {
  if (stored === null) {
    const d = DEFAULT_REDACTION_POLICY;
    return { mode: d.mode, phoneRegion: d.phoneRegion, custom: [], setBy: null, setAt: null, isDefault: true };
  }
  return {
    mode: stored.mode,
    phoneRegion: stored.phoneRegion,
    custom: stored.custom,
    setBy: stored.setBy,
    setAt: stored.setAt,
    isDefault: false,
  };
}
