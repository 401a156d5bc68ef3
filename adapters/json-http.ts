/**
 * The small JSON-over-HTTP client the outside-system adapters of seed 000 share (bank, insurer, payment
 * gateway, Digital ID, legal-entities registry). An unreachable, slow (timeout) or failing (5xx, 408,
 * 429) system is an ExternalSystemUnavailableError — retryable; any other non-2xx answer is an
 * ExternalSystemRejectedError with the system's message; a 2xx body that does not match the expected
 * schema is a protocol error (also thrown, never swallowed).
 */
import { redactIdentificationNumbers } from '../domain/personal-data';
import { z } from 'zod';
import { describeIssues } from '../domain/zod-issues';

export class ExternalSystemUnavailableError extends Error {
  override readonly name = 'ExternalSystemUnavailableError';
}

export class ExternalSystemRejectedError extends Error {
  override readonly name = 'ExternalSystemRejectedError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface JsonHttpOptions {
  baseUrl: string;
  /** Name in error messages, e.g. "bank". */
  system: string;
  timeoutMs?: number;
}

export class JsonHttpClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly opts: JsonHttpOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    opts: { body?: unknown; idempotencyKey?: string; notFoundAsNull?: boolean } = {},
  ): Promise<z.infer<S> | null> {
    // What an error message says of the call: never the person's IIN or BIN from a look-up URL or an
    // answer's text (the message lands in logs and in the case's history; issue 16 item 6).
    const where = `${method} ${redactIdentificationNumbers(path)}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ExternalSystemUnavailableError(
        `${this.opts.system} unreachable or not answering (${where}): ${redactIdentificationNumbers((e as Error).message)}`,
      );
    }
    const body: unknown = await res.json().catch(() => undefined);
    const message = redactIdentificationNumbers(z.object({ message: z.string() }).safeParse(body).data?.message ?? res.statusText);
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new ExternalSystemUnavailableError(`${this.opts.system} answered ${res.status}: ${message}`);
    }
    if (res.status === 404 && opts.notFoundAsNull) return null;
    if (!res.ok) throw new ExternalSystemRejectedError(`${this.opts.system} refused (${res.status}): ${message}`, res.status);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new Error(`${this.opts.system} answered an unexpected body for ${where}: ${describeIssues(parsed.error, '(answer)')}`);
    return parsed.data;
  }

  /** As request(), for calls whose 2xx body is always there. */
  async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    opts: { body?: unknown; idempotencyKey?: string } = {},
  ): Promise<z.infer<S>> {
    const r = await this.request(method, path, schema, opts);
    if (r === null) throw new Error(`${this.opts.system}: empty answer for ${method} ${redactIdentificationNumbers(path)}`);
    return r;
  }
}

/** The error classes of one port, so a client built on JsonHttpClient throws what the port promises. */
export interface PortErrors {
  /** Retryable: the system could not be reached, failed (5xx, 408, 429) or answered something unreadable. */
  unavailable: new (message: string) => Error;
  /** Final: the system refused the request (any other non-2xx). */
  rejected: new (message: string) => Error;
  /** 409 to a keyed call: the key was used with other content (e.g. adapters/cabinet/idempotent-log.ts). */
  conflict?: (idempotencyKey: string) => Error;
}

/**
 * Runs one JsonHttpClient call and maps its errors onto a port's: unavailable (and an unexpected body, a
 * protocol error the next attempt may not repeat) → `unavailable`; a 409 to a keyed call → `conflict`;
 * another refusal → `rejected`. The activities' retry rules then see the same errors whatever the transport.
 */
export async function withPortErrors<T>(call: Promise<T>, errors: PortErrors, idempotencyKey?: string): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (e instanceof ExternalSystemRejectedError) {
      if (e.status === 409 && idempotencyKey !== undefined && errors.conflict) throw errors.conflict(idempotencyKey);
      throw new errors.rejected(e.message);
    }
    throw new errors.unavailable(e instanceof Error ? e.message : String(e));
  }
}

/** JsonHttpClient with one port's errors (withPortErrors): what a keyed "send, then list" client needs. */
export class PortJsonClient {
  private readonly http: JsonHttpClient;

  constructor(
    opts: JsonHttpOptions,
    private readonly errors: PortErrors,
  ) {
    this.http = new JsonHttpClient(opts);
  }

  /** POST a keyed payload; the key travels in the body and as the Idempotency-Key header. */
  async post<S extends z.ZodType>(path: string, schema: S, body: { idempotencyKey: string }): Promise<z.infer<S>> {
    const key = body.idempotencyKey;
    return withPortErrors(this.http.call('POST', path, schema, { body, idempotencyKey: key }), this.errors, key);
  }

  async get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return withPortErrors(this.http.call('GET', path, schema), this.errors);
  }
}
