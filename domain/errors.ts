/**
 * The one typed domain error. Every expected failure in the system is a DomainError with a code from
 * this list; api/errors.ts maps each code to an HTTP status in one table (and nowhere else).
 * Workflows surface the same codes through ApplicationFailure.type so update validators and activities
 * speak the same language as the API.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED', // request body/query/params do not match the schema
  'MALFORMED_JSON', // body is not JSON
  'PAYLOAD_TOO_LARGE', // body over the configured limit
  'UNAUTHENTICATED', // no or bad credentials
  'FORBIDDEN', // credentials fine, role or licensor body not allowed
  'NOT_FOUND', // generic unknown resource
  'METHOD_NOT_ALLOWED', // the path exists, the method is not one the OpenAPI document lists for it
  'UNKNOWN_SERVICE', // service code not in the catalogue
  'UNKNOWN_APPLICATION', // application id not known
  'UNKNOWN_ACTION', // action not defined for the service
  'ACTION_NOT_ALLOWED_NOW', // action exists but the case is not at a stage that accepts it
  'IDEMPOTENCY_KEY_REUSED', // same Idempotency-Key with a different body
  'INVALID_ANCN', // ANCN fails format or check digits
  'INVALID_DATE', // date outside the calendar's data or unparsable
  'INCONSISTENT_REQUEST', // every field well-formed, but they contradict each other (a period ending before it starts)
  'RULE_VIOLATED', // every field matches the schema, but a value breaks a rule no schema can state (a check digit, a count)
  'PRE_ACCEPTANCE_CHECK_FAILED', // seed 004 ¶21–¶22: an automatic check before acceptance failed; the submission is blocked
  'CONFLICT', // state changed concurrently / forbidden transition
  'UPSTREAM_UNAVAILABLE', // Temporal, database or an external system unreachable
  'REFERENCE_DATA_MISSING', // law set by decree (a year's MRP, a calendar year) not published yet
  'REFERENCE_DATA_INVALID', // a published version would be inconsistent (a transfer onto a holiday, a date twice, …)
  'INTERNAL', // bug
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  /** JSON path of the offending field, e.g. "founders.1.iin" or "query.submittedAt". */
  field?: string;
  message: string;
  /** PRE_ACCEPTANCE_CHECK_FAILED only: which check of seed 004 ¶21 failed (api/pre-acceptance.ts). */
  check?: string;
  /** PRE_ACCEPTANCE_CHECK_FAILED only: why, in words (the message without the paragraph). */
  reason?: string;
  /** PRE_ACCEPTANCE_CHECK_FAILED only: the paragraph the check enforces, e.g. "seed 004 ¶21(1)". */
  regulation?: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
