/**
 * Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): the same key with the same
 * request returns the stored status and body; with another request, 409 IDEMPOTENCY_KEY_REUSED.
 * Keys belong to a principal (two callers may pick the same key without colliding).
 *
 * Races: requests with one key are serialised inside this process (KeyedMutex); across processes the
 * store's unique (principal, key) decides the winner (putIdempotency → false for the loser), and the
 * side effects themselves are idempotent (workflow ids are never reused; update ids are derived from
 * the key), so the loser never starts a second workflow or runs a decision twice.
 * Only successful responses are stored: a refused request changed nothing and may be retried.
 */
import crypto from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '../domain/errors';
import type { ApplicationStore, IdempotencyRecord } from '../persistence/port';
import { ZIdempotencyKeyHeader } from './schemas';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface IdempotencyContext {
  principal: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** JSON with object keys sorted, so {a,b} and {b,a} hash alike. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export function idempotencyContext(req: Request, principal: string, required: boolean): IdempotencyContext | null {
  const raw = req.header(IDEMPOTENCY_HEADER);
  if (raw === undefined) {
    if (!required) return null;
    throw new DomainError('VALIDATION_FAILED', `the ${IDEMPOTENCY_HEADER} header is required`, [
      { field: `header.${IDEMPOTENCY_HEADER}`, message: 'required' },
    ]);
  }
  const parsed = ZIdempotencyKeyHeader.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_FAILED', `the ${IDEMPOTENCY_HEADER} header is not valid`, [
      { field: `header.${IDEMPOTENCY_HEADER}`, message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  const requestHash = crypto
    .createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n${canonicalJson(req.body)}`)
    .digest('hex');
  return { principal, key: parsed.data, requestHash };
}

/** Temporal update id for an action sent with a key: same principal + key → same update. */
export function updateIdFor(ctx: IdempotencyContext): string {
  return `idem-${crypto.createHash('sha256').update(`${ctx.principal}\n${ctx.key}`).digest('hex').slice(0, 32)}`;
}

/** The stored response for this key, or null; 409 when the key was used for another request. */
export async function lookup(store: ApplicationStore, ctx: IdempotencyContext): Promise<IdempotencyRecord | null> {
  const rec = await store.getIdempotency(ctx.principal, ctx.key);
  if (!rec) return null;
  if (rec.requestHash !== ctx.requestHash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `${IDEMPOTENCY_HEADER} ${ctx.key} was already used for a different request; use a new key`,
      [{ field: `header.${IDEMPOTENCY_HEADER}`, message: 'already used with another body or path' }],
    );
  }
  return rec;
}

export function replay(rec: IdempotencyRecord): StoredResponse {
  return { status: rec.responseStatus, body: JSON.parse(rec.responseBody) as unknown, replayed: true };
}

/** Stores a response; false when another request with the same key got there first. */
export async function remember(
  store: ApplicationStore,
  ctx: IdempotencyContext,
  status: number,
  body: unknown,
  now: Date,
): Promise<boolean> {
  return store.putIdempotency({
    key: ctx.key,
    principal: ctx.principal,
    requestHash: ctx.requestHash,
    responseStatus: status,
    responseBody: JSON.stringify(body),
    createdAt: now,
  });
}

/** Serialises work per key inside one process (the common race: a client retrying too fast). */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => {
      release = r;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * Runs a request's side effect at most once per Idempotency-Key (when one is sent): a stored answer is
 * replayed, otherwise `act` runs and its answer is stored; requests with the key are serialised in
 * this process. A failed `act` stores nothing, so the caller may retry.
 */
export async function onceForKey(
  deps: { store: ApplicationStore; mutex: KeyedMutex; now: () => Date },
  idem: IdempotencyContext | null,
  status: number,
  act: () => Promise<unknown>,
): Promise<StoredResponse> {
  const run = async (): Promise<StoredResponse> => {
    if (idem) {
      const earlier = await lookup(deps.store, idem);
      if (earlier) return replay(earlier);
    }
    const body = await act();
    if (idem && !(await remember(deps.store, idem, status, body, deps.now()))) {
      const winner = await lookup(deps.store, idem);
      if (winner) return replay(winner);
    }
    return { status, body, replayed: false };
  };
  return idem ? deps.mutex.run(`${idem.principal}\n${idem.key}`, run) : run();
}
