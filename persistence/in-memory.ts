/**
 * In-memory ApplicationStore for unit and workflow tests. Same observable behaviour as the database
 * stores (one contract suite, test/persistence/contract.ts): unique keys, gap-free sequences,
 * progress + audit all-or-nothing, records returned as copies (no aliasing into the store).
 */
import { ANCN_SEQUENCE_MAX, formatAncn } from '../domain/ancn';
import { DomainError } from '../domain/errors';
import {
  checkCaseFilter,
  checkCaseQuery,
  compareCases,
  derivedOnProgress,
  isNewerProgress,
  matchesCaseFilter,
  nextDueOf,
  pageCases,
  positionAfter,
} from './case-query';
import type {
  ApplicationProgress,
  ApplicationRecord,
  ApplicationStore,
  AuditEvent,
  CaseCount,
  CaseFilter,
  CaseListQuery,
  CounterBreachCount,
  CounterBreachRecord,
  IdempotencyRecord,
  NewApplication,
  StoredDocument,
} from './port';
import {
  auditOut,
  checkAudit,
  checkDocument,
  checkIdempotency,
  checkListFilter,
  newApplicationCheck,
  type StoreOptions,
  checkProgress,
  checkSequenceType,
  compareListOrder,
  documentOut,
  isAfter,
  page,
  sequenceExhausted,
  unknownApplication,
  type ListFilter,
} from './records';

type StoredAudit = Required<Pick<AuditEvent, 'applicationId' | 'actor' | 'action' | 'at'>> & {
  id: number;
  details: Record<string, unknown> | null;
  signatureRef: string | null;
  idempotencyKey: string | null;
};

const copyApp = (a: ApplicationRecord): ApplicationRecord => ({
  ...a,
  submittedAt: new Date(a.submittedAt),
  registeredAt: new Date(a.registeredAt),
  dueAt: new Date(a.dueAt),
  updatedAt: new Date(a.updatedAt),
  nextDueAt: new Date(a.nextDueAt),
  closedAt: a.closedAt ? new Date(a.closedAt) : null,
  pendingActions: JSON.parse(JSON.stringify(a.pendingActions)) as ApplicationRecord['pendingActions'],
});

/** Details are stored as JSON in the databases; storing them the same way here keeps results equal. */
const jsonCopy = (v: Record<string, unknown> | undefined): Record<string, unknown> | null =>
  v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Record<string, unknown>);

export class InMemoryApplicationStore implements ApplicationStore {
  private readonly applications = new Map<string, ApplicationRecord>();
  /** Writes per application: the in-memory progress stamp (a test clock may not move between writes). */
  private readonly writes = new Map<string, number>();
  /** Version of the last progress snapshot written per application (see ApplicationProgress.version). */
  private readonly versions = new Map<string, { at: Date; seq: number }>();
  private readonly audit: StoredAudit[] = [];
  private readonly documents = new Map<string, StoredDocument>();
  private readonly sequences = new Map<string, number>();
  private readonly idempotency = new Map<string, IdempotencyRecord>();
  private nextAuditId = 1;
  private closed = false;
  private readonly breaches = new Map<string, CounterBreachRecord>();

  private readonly checkNew: ReturnType<typeof newApplicationCheck>;

  constructor(
    private readonly now: () => Date = () => new Date(),
    options: StoreOptions = {},
  ) {
    this.checkNew = newApplicationCheck(options);
  }

  private open(): void {
    if (this.closed) throw new DomainError('UPSTREAM_UNAVAILABLE', 'the store is closed');
  }

  async nextAncnSequence(documentType: string): Promise<number> {
    this.open();
    const type = checkSequenceType(documentType);
    const last = this.sequences.get(type) ?? 0;
    if (last >= ANCN_SEQUENCE_MAX) throw sequenceExhausted(type);
    this.sequences.set(type, last + 1);
    return last + 1;
  }

  async allocateAncn(documentType: string): Promise<string> {
    return formatAncn(documentType, await this.nextAncnSequence(documentType));
  }

  async createApplication(input: NewApplication): Promise<ApplicationRecord> {
    this.open();
    const a = this.checkNew(input);
    for (const other of this.applications.values()) {
      if (other.id === a.id || other.workflowId === a.workflowId || other.ancn === a.ancn) {
        throw new DomainError('CONFLICT', `an application with this id, workflow id or ANCN already exists (${a.id})`);
      }
    }
    const rec: ApplicationRecord = {
      id: a.id,
      serviceCode: a.serviceCode,
      workflowId: a.workflowId,
      ancn: a.ancn,
      applicantRef: a.applicantRef,
      licensorBody: a.licensorBody,
      stage: a.stage,
      status: a.status,
      slaState: a.slaState,
      submittedAt: new Date(a.submittedAt),
      registeredAt: new Date(a.registeredAt),
      dueAt: new Date(a.dueAt),
      calendarVersion: a.calendarVersion,
      resultDocumentAncn: null,
      updatedAt: this.now(),
      waitingOn: a.waitingOn ?? null,
      pendingActions: a.pendingActions ?? [],
      nextDueAt: nextDueOf(new Date(a.dueAt), a.pendingActions),
      closedAt: a.status !== 'open' ? this.now() : null,
    };
    this.applications.set(rec.id, rec);
    return copyApp(rec);
  }

  async getApplication(id: string): Promise<ApplicationRecord | null> {
    this.open();
    const a = this.applications.get(id);
    return a ? copyApp(a) : null;
  }

  async progressStamps(ids: readonly string[]): Promise<Map<string, number>> {
    this.open();
    const m = new Map<string, number>();
    for (const id of ids) {
      if (this.applications.has(id)) m.set(id, this.writes.get(id) ?? 0);
    }
    return m;
  }

  async updateApplication(id: string, progress: ApplicationProgress, audit?: Omit<AuditEvent, 'applicationId'>): Promise<void> {
    this.open();
    const p = checkProgress(progress);
    const event = audit ? checkAudit({ ...audit, applicationId: id }) : null;
    const current = this.applications.get(id);
    if (!current) throw unknownApplication(id);
    // Everything that can fail happens before anything changes: update and audit row land together or not at all.
    const row = event ? this.auditRow(event) : null;
    const stored = this.versions.get(id);
    if (!isNewerProgress(p.version, { at: stored?.at ?? null, seq: stored?.seq ?? null })) {
      // An older snapshot landing late (concurrent activities): keep the newer fields, record the event.
      this.insertAudit(row);
      return;
    }
    if (p.version) this.versions.set(id, { at: new Date(p.version.at), seq: p.version.seq });
    const merged: ApplicationRecord = {
      ...current,
      ...(p.stage !== undefined ? { stage: p.stage } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.slaState !== undefined ? { slaState: p.slaState } : {}),
      ...(p.dueAt !== undefined ? { dueAt: new Date(p.dueAt) } : {}),
      ...(p.resultDocumentAncn !== undefined ? { resultDocumentAncn: p.resultDocumentAncn } : {}),
      ...(p.waitingOn !== undefined ? { waitingOn: p.waitingOn } : {}),
      ...(p.licensorBody !== undefined ? { licensorBody: p.licensorBody } : {}),
      ...(p.pendingActions !== undefined
        ? { pendingActions: JSON.parse(JSON.stringify(p.pendingActions)) as ApplicationRecord['pendingActions'] }
        : {}),
      updatedAt: this.now(),
    };
    const next: ApplicationRecord = { ...merged, ...derivedOnProgress(current, merged, event?.at ?? this.now()) };
    this.applications.set(id, next);
    this.writes.set(id, (this.writes.get(id) ?? 0) + 1);
    this.insertAudit(row);
  }

  async listApplications(filter: ListFilter): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }> {
    this.open();
    const f = checkListFilter(filter);
    const items = [...this.applications.values()]
      .filter(
        (a) =>
          (f.serviceCode === undefined || a.serviceCode === f.serviceCode) &&
          (f.stage === undefined || a.stage === f.stage) &&
          (f.slaState === undefined || a.slaState === f.slaState) &&
          (f.licensorBody === undefined || a.licensorBody === f.licensorBody) &&
          (f.after === null || isAfter(a, f.after)),
      )
      .sort(compareListOrder)
      .slice(0, f.limit + 1)
      .map(copyApp);
    return page(items, f.limit);
  }

  async queryApplications(query: CaseListQuery): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }> {
    this.open();
    const q = checkCaseQuery(query);
    const rows = [...this.applications.values()]
      .filter((a) => matchesCaseFilter(a, q) && (q.after === null || positionAfter(a, q.after, q.sort)))
      .sort((a, b) => compareCases(a, b, q.sort))
      .slice(0, q.limit + 1)
      .map(copyApp);
    return pageCases(rows, q.limit, q.sort);
  }

  async countApplications(filter: CaseFilter): Promise<CaseCount[]> {
    this.open();
    const f = checkCaseFilter(filter);
    const m = new Map<string, CaseCount>();
    for (const a of this.applications.values()) {
      if (!matchesCaseFilter(a, f)) continue;
      const k = JSON.stringify([a.serviceCode, a.stage, a.slaState]);
      const c = m.get(k) ?? { serviceCode: a.serviceCode, stage: a.stage, slaState: a.slaState, count: 0 };
      c.count += 1;
      m.set(k, c);
    }
    return [...m.values()];
  }

  /** The row to store, or null when the idempotency key was already recorded (built before any change). */
  private auditRow(e: AuditEvent): StoredAudit | null {
    if (e.idempotencyKey && this.audit.some((x) => x.applicationId === e.applicationId && x.idempotencyKey === e.idempotencyKey))
      return null;
    return {
      id: 0,
      applicationId: e.applicationId,
      actor: e.actor,
      action: e.action,
      at: new Date(e.at),
      details: jsonCopy(e.details),
      signatureRef: e.signatureRef ?? null,
      idempotencyKey: e.idempotencyKey ?? null,
    };
  }

  private insertAudit(row: StoredAudit | null): void {
    if (row) this.audit.push({ ...row, id: this.nextAuditId++ });
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    this.open();
    const e = checkAudit(event);
    if (!this.applications.has(e.applicationId)) throw unknownApplication(e.applicationId);
    this.insertAudit(this.auditRow(e));
  }

  async listAudit(applicationId: string): Promise<AuditEvent[]> {
    this.open();
    return this.audit
      .filter((e) => e.applicationId === applicationId)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)
      .map((e) => auditOut({ ...e, at: new Date(e.at), details: jsonCopy(e.details ?? undefined) }));
  }

  async saveDocument(doc: StoredDocument): Promise<void> {
    this.open();
    const d = checkDocument(doc);
    if (!this.applications.has(d.applicationId)) throw unknownApplication(d.applicationId);
    if (this.documents.has(d.ancn)) return; // idempotent by ANCN: the first one stays
    if (d.idempotencyKey && [...this.documents.values()].some((x) => x.idempotencyKey === d.idempotencyKey)) {
      throw new DomainError('CONFLICT', `another document was already stored under idempotency key ${d.idempotencyKey}`);
    }
    this.documents.set(d.ancn, documentOut({ ...d, issuedAt: new Date(d.issuedAt) }));
  }

  async getDocument(ancn: string): Promise<StoredDocument | null> {
    this.open();
    const d = this.documents.get(ancn);
    return d ? documentOut({ ...d, issuedAt: new Date(d.issuedAt) }) : null;
  }

  async getDocumentByIdempotencyKey(key: string): Promise<StoredDocument | null> {
    this.open();
    const d = [...this.documents.values()].find((x) => x.idempotencyKey === key);
    return d ? documentOut({ ...d, issuedAt: new Date(d.issuedAt) }) : null;
  }

  async listDocuments(applicationId: string): Promise<Omit<StoredDocument, 'xml'>[]> {
    this.open();
    return [...this.documents.values()]
      .filter((d) => d.applicationId === applicationId)
      .sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime() || (a.ancn < b.ancn ? -1 : a.ancn > b.ancn ? 1 : 0))
      .map(({ xml: _xml, ...rest }) => ({ ...rest, issuedAt: new Date(rest.issuedAt), idempotencyKey: rest.idempotencyKey ?? null }));
  }

  async getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | null> {
    this.open();
    const r = this.idempotency.get(JSON.stringify([principal, key]));
    return r ? { ...r, createdAt: new Date(r.createdAt) } : null;
  }

  async putIdempotency(rec: IdempotencyRecord): Promise<boolean> {
    this.open();
    const r = checkIdempotency(rec);
    const k = JSON.stringify([r.principal, r.key]);
    if (this.idempotency.has(k)) return false;
    this.idempotency.set(k, { ...r, createdAt: new Date(r.createdAt) });
    return true;
  }

  async recordCounterBreach(breach: CounterBreachRecord): Promise<void> {
    this.open();
    const key = `${breach.subjectId}\n${breach.kind}`;
    if (!this.breaches.has(key))
      this.breaches.set(key, { ...breach, dueAt: new Date(breach.dueAt), recordedAt: new Date(breach.recordedAt) });
  }

  async counterBreaches(filter: { from?: Date; to?: Date; limit?: number }) {
    this.open();
    return summarizeCounterBreaches([...this.breaches.values()], filter);
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** The counts by branch × kind × service and the newest `limit` breaches in [from, to) (the in-memory stores' query). */
export function summarizeCounterBreaches(
  all: CounterBreachRecord[],
  filter: { from?: Date; to?: Date; limit?: number },
): { counts: CounterBreachCount[]; recent: CounterBreachRecord[] } {
  const inPeriod = all.filter((b) => (!filter.from || b.recordedAt >= filter.from) && (!filter.to || b.recordedAt < filter.to));
  const counts = new Map<string, CounterBreachCount>();
  for (const b of inPeriod) {
    const k = JSON.stringify([b.branchId, b.kind, b.serviceCode]);
    const c = counts.get(k) ?? { branchId: b.branchId, kind: b.kind, serviceCode: b.serviceCode, count: 0 };
    c.count += 1;
    counts.set(k, c);
  }
  const recent = [...inPeriod]
    .sort((a, b) => b.recordedAt.getTime() - a.recordedAt.getTime() || a.subjectId.localeCompare(b.subjectId))
    .slice(0, filter.limit ?? 20)
    .map((b) => ({ ...b }));
  return { counts: [...counts.values()], recent };
}
