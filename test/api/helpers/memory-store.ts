/**
 * The persistence helper's InMemoryApplicationStore (same contract suite as SQLite/PostgreSQL), wrapped
 * with what API tests need: counters of every write (the "nothing written" assertion), an outage
 * switch for readiness, and a delay that makes racing requests overlap.
 */
import { InMemoryApplicationStore } from '../../../persistence/in-memory';
import type {
  ApplicationProgress,
  ApplicationRecord,
  ApplicationStore,
  AuditEvent,
  CaseCount,
  CaseFilter,
  CaseListQuery,
  CounterBreachRecord,
  IdempotencyRecord,
  NewApplication,
  StoredDocument,
} from '../../../persistence/port';

export interface Rows {
  applications: number;
  audit: number;
  documents: number;
  /** ANCN numbers allocated, all types. */
  sequences: number;
  idempotency: number;
}

export class MemoryStore implements ApplicationStore {
  private readonly inner = new InMemoryApplicationStore();
  private readonly counts: Rows = { applications: 0, audit: 0, documents: 0, sequences: 0, idempotency: 0 };
  /** ANCN numbers allocated per document type. */
  readonly allocated = new Map<string, number>();
  down = false;
  /** Slows ANCN allocation so that two racing requests both pass the key lookup before either claims. */
  allocateDelayMs = 0;

  rows(): Rows {
    return { ...this.counts };
  }

  private check(): void {
    if (this.down) throw new Error('database unreachable (connect ECONNREFUSED 127.0.0.1:5432)');
  }

  async nextAncnSequence(documentType: string): Promise<number> {
    this.check();
    const n = await this.inner.nextAncnSequence(documentType);
    this.counts.sequences += 1;
    this.allocated.set(documentType, (this.allocated.get(documentType) ?? 0) + 1);
    return n;
  }

  async allocateAncn(documentType: string): Promise<string> {
    this.check();
    if (this.allocateDelayMs) await new Promise((r) => setTimeout(r, this.allocateDelayMs));
    const ancn = await this.inner.allocateAncn(documentType);
    this.counts.sequences += 1;
    this.allocated.set(documentType, (this.allocated.get(documentType) ?? 0) + 1);
    return ancn;
  }

  async createApplication(app: NewApplication): Promise<ApplicationRecord> {
    this.check();
    const r = await this.inner.createApplication(app);
    this.counts.applications += 1;
    return r;
  }

  async queryApplications(query: CaseListQuery): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }> {
    this.check();
    return this.inner.queryApplications(query);
  }

  async countApplications(filter: CaseFilter): Promise<CaseCount[]> {
    this.check();
    return this.inner.countApplications(filter);
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    this.check();
    return this.inner.getApplication(id);
  }

  async updateApplication(id: string, progress: ApplicationProgress, audit?: Omit<AuditEvent, 'applicationId'>): Promise<void> {
    this.check();
    await this.inner.updateApplication(id, progress, audit);
    if (audit) this.counts.audit += 1;
  }

  async listApplications(filter: Parameters<ApplicationStore['listApplications']>[0]) {
    this.check();
    return this.inner.listApplications(filter);
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    this.check();
    await this.inner.appendAudit(event);
    this.counts.audit += 1;
  }

  async listAudit(applicationId: string): Promise<AuditEvent[]> {
    this.check();
    return this.inner.listAudit(applicationId);
  }

  async saveDocument(doc: StoredDocument): Promise<void> {
    this.check();
    await this.inner.saveDocument(doc);
    this.counts.documents += 1;
  }

  async getDocument(ancn: string): Promise<StoredDocument | null> {
    this.check();
    return this.inner.getDocument(ancn);
  }

  async getDocumentByIdempotencyKey(key: string): Promise<StoredDocument | null> {
    this.check();
    return this.inner.getDocumentByIdempotencyKey(key);
  }

  async listDocuments(applicationId: string): Promise<Omit<StoredDocument, 'xml'>[]> {
    this.check();
    return this.inner.listDocuments(applicationId);
  }

  async getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | null> {
    this.check();
    return this.inner.getIdempotency(principal, key);
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<boolean> {
    this.check();
    const stored = await this.inner.putIdempotency(rec);
    if (stored) this.counts.idempotency += 1;
    return stored;
  }

  async recordCounterBreach(breach: CounterBreachRecord): Promise<void> {
    this.check();
    await this.inner.recordCounterBreach(breach);
  }

  async counterBreaches(filter: { from?: Date; to?: Date; limit?: number }) {
    this.check();
    return this.inner.counterBreaches(filter);
  }

  async ping(): Promise<void> {
    this.check();
    await this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
  }
}
