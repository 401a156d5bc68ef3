/**
 * Whether a database error means "the database could not be reached or stayed busy" (retryable: 503 at the
 * API) rather than a bug. Shared by the stores (persistence/prisma-store.ts) and the API's error handler,
 * without loading a Prisma client.
 */
import { DomainError } from '../domain/errors';

/** Prisma's error codes (https://www.prisma.io/docs/orm/reference/error-reference). */
export function prismaCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code: unknown = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The driver adapter's classification of a failure (meta.driverAdapterError.cause), if any. */
type AdapterCause = { kind?: string; code?: string; extendedCode?: number; host?: string; port?: number };
function adapterCause(e: unknown): AdapterCause | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const cause: unknown = (e as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  return cause;
}

const OUTAGE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
  'DatabaseDoesNotExist',
  'AuthenticationFailed',
  'DatabaseAccessDenied',
]);

/**
 * The same classification for an error from any Prisma client (the reference-data and PKI tables too):
 * UPSTREAM_UNAVAILABLE when the database could not be reached or stayed busy, undefined otherwise. The
 * API's error handler applies it to whatever a route throws, so a busy database is a 503 to retry with the
 * same Idempotency-Key, never a 500. (Reference-data and PKI reads under routes are not wrapped by a store.)
 */
export function databaseOutage(e: unknown): DomainError | undefined {
  const cause = adapterCause(e);
  const code = prismaCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  const unavailable =
    (cause?.kind !== undefined && OUTAGE_KINDS.has(cause.kind)) ||
    // PostgreSQL: 08xxx connection exceptions, 57P0x shutdown, 53300 too many connections; SQLite: BUSY (5).
    (cause?.kind === 'postgres' && /^(08|57P0|53300)/.test(cause.code ?? '')) ||
    (cause?.kind === 'sqlite' && (cause.extendedCode ?? 0) % 256 === 5) ||
    code === 'P1001' ||
    code === 'P1002' ||
    code === 'P1017' ||
    /ECONNREFUSED|ECONNRESET|Connection terminated/i.test(msg);
  if (!unavailable) return undefined;
  const where = cause?.host ? ` (${cause.host}${cause.port ? `:${cause.port}` : ''})` : '';
  const what = cause?.kind && cause.kind !== 'postgres' && cause.kind !== 'sqlite' ? `${cause.kind}${where}` : msg.trim().split('\n').pop();
  return new DomainError('UPSTREAM_UNAVAILABLE', `database unavailable: ${what ?? 'unknown error'}`);
}
