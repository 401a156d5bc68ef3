/**
 * The ONE table from DomainError code to HTTP status, and the one JSON error shape: RFC 9457 problem
 * details (application/problem+json) with our `code` and `errors: [{ field, message }]` naming each
 * offending field. Every error response of the API goes through `sendProblem`.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { DomainError, isDomainError, type ErrorCode, type ErrorDetail } from '../domain/errors';
import { issueDetails, zodFailureCode } from '../domain/zod-issues';
import { databaseOutage } from '../persistence/outage';

export const ERROR_STATUS: Record<ErrorCode, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'The request does not match the schema' },
  MALFORMED_JSON: { status: 400, title: 'The body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The body is larger than allowed' },
  UNAUTHENTICATED: { status: 401, title: 'Missing or invalid credentials' },
  FORBIDDEN: { status: 403, title: 'Not allowed for these credentials' },
  NOT_FOUND: { status: 404, title: 'No such resource' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The resource does not accept this method' },
  UNKNOWN_SERVICE: { status: 404, title: 'No such service in the catalogue' },
  UNKNOWN_APPLICATION: { status: 404, title: 'No such application' },
  UNKNOWN_ACTION: { status: 404, title: 'No such action for this service' },
  ACTION_NOT_ALLOWED_NOW: { status: 409, title: 'The case does not accept this action now' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, title: 'Idempotency-Key already used with another request' },
  INVALID_ANCN: { status: 400, title: 'Invalid ANCN' },
  // 422: a well-formed date (the schema's format) that the calendar has no data for, or an impossible one.
  INVALID_DATE: { status: 422, title: 'Invalid date' },
  INCONSISTENT_REQUEST: { status: 422, title: 'The request is well-formed but its fields contradict each other' },
  // 422, not 400: the request matches the published schema (pattern, length, enum), but a value breaks a rule
  // a JSON Schema cannot state (an IIN's check digit, "a sole executive body has one member").
  RULE_VIOLATED: { status: 422, title: 'The request matches the schema but a value breaks a rule' },
  // 422, not 400: the body is well-formed (¶21(2) passed); what it names does not exist in the state systems.
  PRE_ACCEPTANCE_CHECK_FAILED: { status: 422, title: 'The application cannot be submitted: a check before acceptance failed' },
  CONFLICT: { status: 409, title: 'Conflicting state' },
  UPSTREAM_UNAVAILABLE: { status: 503, title: 'A system the API depends on is unavailable' },
  REFERENCE_DATA_MISSING: { status: 503, title: 'Reference data set by decree is not published yet' },
  REFERENCE_DATA_INVALID: { status: 422, title: 'The reference data would be inconsistent; nothing was published' },
  INTERNAL: { status: 500, title: 'Internal error' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  errors: ErrorDetail[];
  [extension: string]: unknown;
}

export function problemType(code: ErrorCode): string {
  return `urn:kz-services:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function toProblem(err: DomainError, instance?: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = ERROR_STATUS[err.code];
  return {
    ...extensions,
    type: problemType(err.code),
    title,
    status,
    detail: err.message,
    code: err.code,
    ...(instance ? { instance } : {}),
    errors: err.details,
  };
}

export function sendProblem(res: Response, err: DomainError, req?: Request, extensions: Record<string, unknown> = {}): void {
  const problem = toProblem(err, req?.originalUrl.split('?')[0], extensions);
  if (err.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer realm="kz-services"');
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** zod issues → field details. `prefix` marks where the field lives: '' for the body, 'query', 'path'. */
export function zodDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return issueDetails(error, prefix || 'body', prefix);
}

/** `input`: the value that was parsed, so a blank string is told from a short one (zodFailureCode). */
export function validationError(error: z.ZodError, prefix = '', what = 'request', input?: unknown): DomainError {
  const details = zodDetails(error, prefix);
  const first = details[0];
  const summary = first ? `${first.field}: ${first.message}` : 'invalid';
  return new DomainError(
    zodFailureCode(error, input),
    `invalid ${what} (${summary}${details.length > 1 ? ` and ${details.length - 1} more` : ''})`,
    details,
  );
}

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  limit?: number;
  length?: number;
}

/** Express's body parser errors and anything thrown by a route, in the one shape. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const domain = asDomainError(err);
    const log = { code: domain.code, method: req.method, path: req.originalUrl, requestId: res.locals.requestId as unknown };
    if (domain.code === 'INTERNAL') logger.error({ ...log, err }, 'request failed');
    else if (ERROR_STATUS[domain.code].status >= 500) logger.error({ ...log, detail: domain.message }, 'request failed');
    else logger.warn({ ...log, detail: domain.message }, 'request refused');
    // Never leak a bug's message to the caller: it is in the log under the request id.
    const shown =
      domain.code === 'INTERNAL'
        ? new DomainError('INTERNAL', `unexpected error (request ${String(res.locals.requestId ?? '?')})`)
        : domain;
    sendProblem(res, shown, req);
  };
}

export function asDomainError(err: unknown): DomainError {
  if (isDomainError(err)) return err;
  const bp = err as BodyParserError | null;
  if (bp && typeof bp === 'object') {
    if (bp.type === 'entity.too.large') {
      return new DomainError('PAYLOAD_TOO_LARGE', `the body is ${bp.length ?? 'more than'} bytes; the limit is ${bp.limit ?? '?'} bytes`, [
        { field: 'body', message: 'too large' },
      ]);
    }
    if (bp.type === 'entity.parse.failed') {
      return new DomainError('MALFORMED_JSON', `the body is not valid JSON: ${bp.message ?? ''}`.trim(), [
        { field: 'body', message: 'not valid JSON' },
      ]);
    }
    if (typeof bp.type === 'string' && bp.status && bp.status >= 400 && bp.status < 500) {
      // encoding.unsupported, charset.unsupported, request.aborted...
      return new DomainError('VALIDATION_FAILED', bp.message ?? bp.type, [{ field: 'body', message: bp.type }]);
    }
  }
  // An outside system a route calls directly was down (the adapters' port errors: CabinetUnavailableError,
  // SignerUnavailableError, …): "not now", a 503 the caller retries with the same Idempotency-Key, not a bug's 500.
  if (err instanceof Error && err.name.endsWith('UnavailableError'))
    return new DomainError('UPSTREAM_UNAVAILABLE', `an outside system is unavailable: ${err.message}`);
  // A database busy or out of reach under a read no store wrapped (reference data, PKI tables): 503, retry.
  const database = databaseOutage(err);
  if (database) return database;
  return new DomainError('INTERNAL', err instanceof Error ? err.message : 'unexpected error');
}
