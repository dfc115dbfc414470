import type { FieldIssue } from '@hindsight/contracts';

/** Every error the api answers has this body; `requestId` is added to it as it is sent (request-observability.ts). */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

export const statusOfCode: Readonly<Record<string, number>> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'personal-data': 422,
  'illegal-state': 409,
  'rate-limited': 429,
  unavailable: 503,
  configuration: 500,
};
