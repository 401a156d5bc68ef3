/**
 * Where the registers of permits and notifying subjects are kept. Two implementations run the same
 * transition matrix (test/register/matrix.ts, from test/register/{in-memory,sqlite,postgres}.test.ts):
 * InMemoryRegisterStore (register/store-memory.ts: tests and the in-memory permit register, no
 * database) and PrismaRegisterStore (register/store-prisma.ts: SQLite and PostgreSQL).
 *
 * The one write is `commit`: entries (new or changed at an expected version), their history rows and
 * the signed documents, all in ONE transaction — a status never changes without its history row and
 * its notice, and two writers that read the same version cannot both win.
 */
import type { HistoryRecord, RegisterDocument, RegisterEntry } from './entry';
import type { RegisterKind } from './transitions';

export interface RegisterCommit {
  /** expectedVersion null = a new entry (its ANCN must not exist yet). */
  entries: Array<{ entry: RegisterEntry; expectedVersion: number | null }>;
  history: HistoryRecord[];
  documents: RegisterDocument[];
}

export interface RegisterSearch {
  register?: RegisterKind;
  serviceCode?: string;
  status?: string;
  licensorBody?: string;
  /** Matches legal-entity holders only (¶14: an individual's IIN is never a search key for the public). */
  holderBin?: string;
  limit: number;
  /** The last ANCN of the previous page. */
  cursor?: string;
}

export interface RegisterStore {
  /** Next ANCN of a document type: the same sequence the application store numbers from (seed 004 appendix). */
  allocateAncn(documentType: string): Promise<string>;
  getEntry(ancn: string): Promise<RegisterEntry | null>;
  /** The entry's history, oldest first. */
  listHistory(ancn: string): Promise<HistoryRecord[]>;
  getHistoryByKey(idempotencyKey: string): Promise<HistoryRecord[]>;
  /** Throws StaleEntryError (a version moved), DuplicateEntryError (the ANCN exists) or IdempotencyKeyTakenError. */
  commit(c: RegisterCommit): Promise<void>;
  search(filter: RegisterSearch): Promise<{ items: RegisterEntry[]; nextCursor: string | null }>;
  /** Every entry of a holder (both registers), oldest first. */
  entriesOfHolder(holderRef: string): Promise<RegisterEntry[]>;
  getDocument(ancn: string): Promise<RegisterDocument | null>;
}

/** Another writer changed the entry since it was read: read again and re-check the transition. */
export class StaleEntryError extends Error {
  override readonly name = 'StaleEntryError';
  constructor(readonly ancn: string) {
    super(`register entry ${ancn} was changed concurrently`);
  }
}

export class DuplicateEntryError extends Error {
  override readonly name = 'DuplicateEntryError';
  constructor(readonly ancn: string) {
    super(`${ancn} is already in the register`);
  }
}

/** A concurrent request with the same idempotency key committed first. */
export class IdempotencyKeyTakenError extends Error {
  override readonly name = 'IdempotencyKeyTakenError';
  constructor(readonly key: string) {
    super(`idempotency key ${key} was used concurrently`);
  }
}
