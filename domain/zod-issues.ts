/**
 * The one way a zod failure becomes words: `field: message` per issue, the path dotted, a named
 * fallback where the issue is about the whole input. Used by the API's problem details, the stores'
 * refusals, the activities' input checks, the adapters' answers and the simulators alike.
 */
import type { z } from 'zod';
import { DomainError, type ErrorCode, type ErrorDetail } from './errors';

/**
 * 400 or 422 for a zod failure. The OpenAPI document is generated from these schemas, but a refinement
 * (`.refine`, `.superRefine`: issue code 'custom') is code, not JSON Schema: an IIN's check digit, one
 * member for a sole executive body. Nor is `.trim()`: "   " has the documented minLength 1 but is blank.
 * A request that fails only such rules matches the published schema, so it is RULE_VIOLATED (422); any
 * other issue (type, pattern, length, enum, missing field) means the request does not match the schema:
 * VALIDATION_FAILED (400). `input` is the value that was parsed (to tell a blank string from a short one).
 */
export function zodFailureCode(
  error: { issues: ReadonlyArray<{ code?: string; path?: readonly PropertyKey[]; origin?: string; minimum?: unknown }> },
  input?: unknown,
): Extract<ErrorCode, 'VALIDATION_FAILED' | 'RULE_VIOLATED'> {
  const beyondSchema = (i: (typeof error.issues)[number]): boolean => {
    if (i.code === 'custom') return true;
    if (i.code !== 'too_small' || i.origin !== 'string' || input === undefined) return false;
    const raw = (i.path ?? []).reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      input,
    );
    // Long enough as sent (counted in code points, as JSON Schema's minLength and zod count), too short once
    // trimmed: blank, or padded with whitespace.
    return typeof raw === 'string' && [...raw].length >= Number(i.minimum);
  };
  return error.issues.length > 0 && error.issues.every(beyondSchema) ? 'RULE_VIOLATED' : 'VALIDATION_FAILED';
}

/** One detail per issue; `prefix` names where the field lives ('query', 'path', or '' for the body). */
export function issueDetails(error: z.ZodError, fallback: string, prefix = ''): ErrorDetail[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.') || fallback,
    message: i.message,
  }));
}

/** Every issue on one line: "a.b: message; c: message". */
export function describeIssues(error: z.ZodError, fallback = '(input)'): string {
  return issueDetails(error, fallback)
    .map((d) => `${d.field}: ${d.message}`)
    .join('; ');
}

/** VALIDATION_FAILED naming the first field (all of them in the details): "<what>: field: message". */
export function invalidInput(error: z.ZodError, what: string): DomainError {
  const details = issueDetails(error, what);
  const first = details[0];
  return new DomainError('VALIDATION_FAILED', `${what}: ${first ? `${first.field}: ${first.message}` : 'invalid'}`, details);
}
