/**
 * The one coded error family of the platform. Every layer throws these; the api
 * maps them to HTTP in one exception filter, the CLI to an exit code and a line.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'personal-data'
  | 'illegal-state'
  | 'unavailable'
  | 'rate-limited'
  | 'configuration';

/** One broken rule: the field path (`responses[1].text`) and the rule it broke (`required`). */
export interface FieldIssue {
  readonly path: string;
  readonly rule: string;
}

export class HindsightError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends HindsightError {
  constructor(issues: readonly FieldIssue[], message?: string) {
    super('validation', message ?? issues.map((i) => `${i.path}: ${i.rule}`).join('; '), issues);
  }
}

export class NotFoundError extends HindsightError {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super('not-found', `${what} ${id} not found`);
  }
}

export class ConflictError extends HindsightError {
  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super('conflict', message, issues);
  }
}

/** The tenant's redaction policy refuses events whose text carries personal data (HTTP 422); `issues` name the field and the kind. */
export class PersonalDataRefusedError extends HindsightError {
  constructor(issues: readonly FieldIssue[]) {
    super('personal-data', issues.map((i) => `${i.path}: ${i.rule}`).join('; '), issues);
  }
}

export class IllegalStateError extends HindsightError {
  constructor(message: string) {
    super('illegal-state', message);
  }
}

/** A dependency (Kafka, PostgreSQL) did not answer; the caller may retry after `retryAfterSeconds`. */
export class UnavailableError extends HindsightError {
  constructor(
    readonly dependency: string,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super('unavailable', message);
  }
}

/** A configuration variable is missing or malformed; `variable` names it. */
export class ConfigurationError extends HindsightError {
  constructor(
    readonly variable: string,
    rule: string,
  ) {
    super('configuration', `Invalid configuration: ${variable}: ${rule}`, [{ path: variable, rule }]);
  }
}
