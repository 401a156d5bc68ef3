/**
 * An append-only log keyed by idempotency key, the behaviour every receiving system here promises:
 * the same key with the same payload returns the first record (duplicate = true) and changes nothing;
 * the same key with a different payload is a conflict. Used by the fakes and by the simulators.
 */
import { randomUUID } from 'node:crypto';

export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  readonly retryable = false;
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used with different content`);
  }
}

/** JSON with sorted keys: two payloads are "the same" whatever their key order. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export interface LogRecord<T> {
  id: string;
  receivedAt: string;
  payload: T;
}

export type IdempotentLogSnapshot<T> = Array<{ fingerprint: string; record: LogRecord<T> }>;

export class IdempotentLog<T extends { idempotencyKey: string }> {
  private readonly byKey = new Map<string, { fingerprint: string; record: LogRecord<T> }>();
  private readonly records: LogRecord<T>[] = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  put(payload: T): { record: LogRecord<T>; duplicate: boolean } {
    const fingerprint = stableJson(payload);
    const seen = this.byKey.get(payload.idempotencyKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) throw new IdempotencyConflictError(payload.idempotencyKey);
      return { record: seen.record, duplicate: true };
    }
    const record: LogRecord<T> = { id: randomUUID(), receivedAt: this.now().toISOString(), payload: structuredClone(payload) };
    this.byKey.set(payload.idempotencyKey, { fingerprint, record });
    this.records.push(record);
    return { record, duplicate: false };
  }

  /** Every record with its fingerprint, in arrival order, as plain JSON (saved across restarts). */
  snapshot(): IdempotentLogSnapshot<T> {
    return structuredClone([...this.byKey].map(([, v]) => v));
  }

  restore(s: IdempotentLogSnapshot<T>): void {
    const c = structuredClone(s);
    this.byKey.clear();
    this.records.splice(0, this.records.length);
    for (const { fingerprint, record } of c) {
      this.byKey.set(record.payload.idempotencyKey, { fingerprint, record });
      this.records.push(record);
    }
  }

  list(filter: (p: T) => boolean = () => true): LogRecord<T>[] {
    return this.records.filter((r) => filter(r.payload)).map((r) => structuredClone(r));
  }
}
