/** In-memory RegisterStore: the same contract as the Prisma store, for tests that need no database. */
import { formatAncn } from '../domain/ancn';
import type { HistoryRecord, RegisterDocument, RegisterEntry } from './entry';
import {
  DuplicateEntryError,
  IdempotencyKeyTakenError,
  StaleEntryError,
  type RegisterCommit,
  type RegisterSearch,
  type RegisterStore,
} from './store';

/**
 * Deep copy that rebuilds Dates in this realm (structuredClone would hand Jest's sandbox Dates from
 * another realm, which `instanceof Date` checks refuse).
 */
function clone<T>(v: T): T {
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => clone(x)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

export class InMemoryRegisterStore implements RegisterStore {
  private readonly entries = new Map<string, RegisterEntry>();
  private readonly history = new Map<string, HistoryRecord[]>();
  private readonly documents = new Map<string, RegisterDocument>();
  private readonly sequences = new Map<string, number>();

  /** `allocate` lets a test share one ANCN sequence with an application store. */
  constructor(private readonly allocate?: (documentType: string) => Promise<string>) {}

  async allocateAncn(documentType: string): Promise<string> {
    if (this.allocate) return this.allocate(documentType);
    const n = (this.sequences.get(documentType) ?? 0) + 1;
    this.sequences.set(documentType, n);
    return formatAncn(documentType, n);
  }

  async getEntry(ancn: string): Promise<RegisterEntry | null> {
    const e = this.entries.get(ancn);
    return e ? clone(e) : null;
  }

  async listHistory(ancn: string): Promise<HistoryRecord[]> {
    return clone(this.history.get(ancn) ?? []);
  }

  async getHistoryByKey(idempotencyKey: string): Promise<HistoryRecord[]> {
    const out: HistoryRecord[] = [];
    for (const rows of this.history.values()) for (const h of rows) if (h.idempotencyKey === idempotencyKey) out.push(h);
    return clone(out);
  }

  /** All checks first, then all writes: nothing is half-applied (a transaction's all-or-nothing). */
  async commit(c: RegisterCommit): Promise<void> {
    for (const { entry, expectedVersion } of c.entries) {
      const current = this.entries.get(entry.ancn);
      if (expectedVersion === null) {
        if (current) throw new DuplicateEntryError(entry.ancn);
      } else if (!current || current.version !== expectedVersion) {
        throw new StaleEntryError(entry.ancn);
      }
    }
    for (const h of c.history) {
      const rows = this.history.get(h.entryAncn) ?? [];
      if (rows.some((r) => r.idempotencyKey === h.idempotencyKey)) throw new IdempotencyKeyTakenError(h.idempotencyKey);
      if (rows.some((r) => r.seq === h.seq)) throw new StaleEntryError(h.entryAncn);
    }
    for (const d of c.documents) if (this.documents.has(d.ancn)) throw new DuplicateEntryError(d.ancn);

    for (const { entry } of c.entries) this.entries.set(entry.ancn, clone(entry));
    for (const h of c.history)
      this.history.set(
        h.entryAncn,
        [...(this.history.get(h.entryAncn) ?? []), clone(h)].sort((a, b) => a.seq - b.seq),
      );
    for (const d of c.documents) this.documents.set(d.ancn, clone(d));
  }

  async search(f: RegisterSearch): Promise<{ items: RegisterEntry[]; nextCursor: string | null }> {
    const all = [...this.entries.values()]
      .filter(
        (e) =>
          (!f.register || e.register === f.register) &&
          (!f.serviceCode || e.serviceCode === f.serviceCode) &&
          (!f.status || e.status === f.status) &&
          (!f.licensorBody || e.licensorBody === f.licensorBody) &&
          (!f.holderBin || (e.holder.type === 'legal-entity' && e.holder.ref === f.holderBin)) &&
          (!f.cursor || e.ancn > f.cursor),
      )
      .sort((a, b) => (a.ancn < b.ancn ? -1 : a.ancn > b.ancn ? 1 : 0));
    const items = all.slice(0, f.limit);
    return { items: clone(items), nextCursor: all.length > f.limit ? (items[items.length - 1]?.ancn ?? null) : null };
  }

  async entriesOfHolder(holderRef: string): Promise<RegisterEntry[]> {
    return clone(
      [...this.entries.values()].filter((e) => e.holder.ref === holderRef).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()),
    );
  }

  /** Every entry with its history, in the order entered, read synchronously (for test assertions). */
  snapshot(): Array<{ entry: RegisterEntry; history: HistoryRecord[] }> {
    return [...this.entries.values()].map((e) => ({ entry: clone(e), history: clone(this.history.get(e.ancn) ?? []) }));
  }

  async getDocument(ancn: string): Promise<RegisterDocument | null> {
    const d = this.documents.get(ancn);
    return d ? clone(d) : null;
  }
}
