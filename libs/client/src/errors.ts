import {
  HindsightError,
  UnavailableError,
  ValidationError,
  type ErrorCode,
  type FieldIssue,
} from '@hindsight/contracts';
import type { BatchResult } from './types';

/*
 * Every error of an answer carries the api's request id (`requestId` in its body, else the `X-Request-Id` header):
 * the id the api's log line of that request has, for a support ticket. The message ends with it too.
 */

/** The api refused the request (4xx other than 400/408/429, or 5xx): `status` and the api's own error code and issues. */
export class HindsightApiError extends HindsightError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
    issues: readonly FieldIssue[] = [],
    /** The api's `error` field, which may be finer than `code` (`payload-too-large`, `internal`). */
    readonly apiError: string = code,
    readonly requestId?: string,
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
    readonly requestId?: string,
  ) {
    super(issues, message);
  }
}

/** The api answered 503 (a dependency is down) after the retries: an `UnavailableError` with the answer's request id. */
export class ApiUnavailableError extends UnavailableError {
  constructor(
    message: string,
    retryAfterSeconds: number | undefined,
    readonly requestId?: string,
  ) {
    super('api', message, retryAfterSeconds);
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
  readonly requestId?: unknown;
}

/** The typed error for a final non-2xx answer; `headerRequestId` is its `X-Request-Id` header. */
export function errorFromResponse(
  status: number,
  body: unknown,
  retryAfterSeconds: number | undefined,
  headerRequestId?: string,
): HindsightError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const issues = Array.isArray(b.issues)
    ? (b.issues as FieldIssue[]).filter((i) => typeof i?.path === 'string' && typeof i?.rule === 'string')
    : [];
  const apiError = typeof b.error === 'string' ? b.error : `http-${status}`;
  const requestId = typeof b.requestId === 'string' ? b.requestId : headerRequestId;
  const said = `${status} ${typeof b.message === 'string' ? b.message : apiError}`;
  const message = requestId === undefined ? said : `${said} (request ${requestId})`;
  if (status === 400 || status === 413 || status === 415)
    return new ApiValidationError(status, issues.length > 0 ? issues : [{ path: '', rule: said }], message, requestId);
  if (status === 503) return new ApiUnavailableError(message, retryAfterSeconds, requestId);
  const code = (codes as readonly string[]).includes(apiError)
    ? (apiError as ErrorCode)
    : (codeOfStatus[status] ?? (status >= 500 ? 'unavailable' : 'validation'));
  return new HindsightApiError(status, code, message, issues, apiError, requestId);
}
