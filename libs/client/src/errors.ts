import {
  HindsightError,
  UnavailableError,
  ValidationError,
  type ErrorCode,
  type FieldIssue,
} from '@hindsight/contracts';
import type { BatchResult } from './types';

/** The api refused the request (4xx other than 400/408/429, or 5xx): `status` and the api's own error code and issues. */
export class HindsightApiError extends HindsightError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    issues: readonly FieldIssue[] = [],
    /** The api's `error` field, which may be finer than `code` (`payload-too-large`, `internal`). */
    readonly apiError: string = code,
  ) {
    super(code, message, issues);
  }
}

/** The api rejected the input (400, 413, 415): a `ValidationError` whose issues name each field and rule. */
export class ApiValidationError extends ValidationError {
  constructor(
    readonly status: number,
    issues: readonly FieldIssue[],
    message: string,
  ) {
    super(issues, message);
  }
}

/** `sendBatch` failed part-way: `completed` holds the chunks that were answered; resending with `idempotencyKeys` is safe. */
export class BatchSendError extends HindsightError {
  constructor(
    readonly completed: BatchResult,
    /** The key of every event, in the caller's order, as sent. */
    readonly idempotencyKeys: readonly string[],
    override readonly cause: HindsightError,
  ) {
    super(
      cause.code,
      `sendBatch stopped after ${completed.results.length} of ${idempotencyKeys.length} events: ${cause.message}`,
      cause.issues,
    );
  }
}

const codes: readonly ErrorCode[] = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'personal-data',
  'illegal-state',
  'unavailable',
  'rate-limited',
  'configuration',
];
const codeOfStatus: Readonly<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'personal-data',
  429: 'rate-limited',
};

interface ErrorBody {
  readonly error?: unknown;
  readonly message?: unknown;
  readonly issues?: unknown;
}

/** The typed error for a final non-2xx answer. */
export function errorFromResponse(
  status: number,
  body: unknown,
  retryAfterSeconds: number | undefined,
): HindsightError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const issues = Array.isArray(b.issues)
    ? (b.issues as FieldIssue[]).filter((i) => typeof i?.path === 'string' && typeof i?.rule === 'string')
    : [];
  const apiError = typeof b.error === 'string' ? b.error : `http-${status}`;
  const message = `${status} ${typeof b.message === 'string' ? b.message : apiError}`;
  if (status === 400 || status === 413 || status === 415)
    return new ApiValidationError(status, issues.length > 0 ? issues : [{ path: '', rule: message }], message);
  if (status === 503) return new UnavailableError('api', message, retryAfterSeconds);
  const code = (codes as readonly string[]).includes(apiError)
    ? (apiError as ErrorCode)
    : (codeOfStatus[status] ?? (status >= 500 ? 'unavailable' : 'validation'));
  return new HindsightApiError(status, code, message, issues, apiError);
}
