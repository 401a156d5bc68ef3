/**
 * The one way a zod failure becomes words: `field: message` per issue, the path dotted, a named
 * fallback where the issue is about the whole input. Used by the API's problem details, the stores'
 * refusals, the activities' input checks, the adapters' answers and the simulators alike.
 */
import type { z } from 'zod';
import { DomainError, type ErrorDetail } from './errors';

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
