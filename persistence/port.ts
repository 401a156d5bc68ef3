/**
 * The application's own records (the read model beside Temporal): applications, their audit trail,
 * issued documents, ANCN sequences and API idempotency keys. Two implementations share one contract
 * test suite: SQLite (embedded default, no server) and PostgreSQL (production).
 */
import type { ServiceCode } from '../domain/services';

export interface ApplicationRecord {
  id: string; // = Temporal workflow id
  serviceCode: ServiceCode;
  workflowId: string;
  /** ANCN of the application document (seed 004 ¶20: assigned when filed). */
  ancn: string;
  /** Opaque applicant reference (IIN/BIN lives here, never in search attributes). */
  applicantRef: string;
  licensorBody: string;
  stage: string;
  status: string; // CaseOutcome
  slaState: string;
  submittedAt: Date;
  registeredAt: Date;
  dueAt: Date;
  calendarVersion: string;
  resultDocumentAncn: string | null;
  updatedAt: Date;
  /** Who the case waits on as of its last progress: staff | applicant | external-system | nobody; null before any said. */
  waitingOn: string | null;
  /** The actions the case accepted at its last progress (workflows/shared/case.ts PendingAction). */
  pendingActions: PendingActionRecord[];
  /** The earliest deadline the case waits for: its pending actions' dueAt, else dueAt (the inbox's order). */
  nextDueAt: Date;
  /** When the case closed (its first progress with a final status), null while open. */
  closedAt: Date | null;
}

/** An action a case accepts now (CaseStatus.pendingActions). */
export interface PendingActionRecord {
  action: string;
  by: string;
  dueAt?: string;
  who?: string[];
}

export type NewApplication = Omit<
  ApplicationRecord,
  'updatedAt' | 'resultDocumentAncn' | 'stage' | 'status' | 'slaState' | 'waitingOn' | 'pendingActions' | 'nextDueAt' | 'closedAt'
> & {
  stage?: string;
  status?: string;
  slaState?: string;
  waitingOn?: string;
  pendingActions?: PendingActionRecord[];
};

export interface ApplicationProgress {
  stage?: string;
  status?: string;
  slaState?: string;
  dueAt?: Date;
  resultDocumentAncn?: string | null;
  waitingOn?: string;
  pendingActions?: PendingActionRecord[];
  /** The body whose staff act on the case now (a complaint moves from the provider to the reviewing body). */
  licensorBody?: string;
  /**
   * The snapshot's place in the case's history (case-clock moment, sequence within the run). With it,
   * the fields are written only when newer than what the row holds; the audit event is kept either way.
   */
  version?: { at: Date; seq: number };
}

/** The dashboard's filter over the read model (api/routes/dashboard.ts, inbox.ts). */
export interface CaseFilter {
  serviceCode?: string;
  stage?: string;
  /** Any of these SLA states. */
  slaStates?: string[];
  licensorBody?: string;
  /** The applicant's IIN/BIN (the cabinet's complaints). */
  applicantRef?: string;
  waitingOn?: string;
  /** open = status 'open'; closed = any final outcome. */
  state?: 'open' | 'closed';
  /** Registration period [from, to). */
  registeredFrom?: Date;
  registeredTo?: Date;
  /** Closing period [from, to). */
  closedFrom?: Date;
  closedTo?: Date;
}

/** registered-desc: newest registration first. due-asc: the earliest deadline (nextDueAt) first. */
export type CaseSort = 'registered-desc' | 'due-asc';

export interface CaseListQuery extends CaseFilter {
  sort?: CaseSort;
  limit?: number;
  cursor?: string;
}

export interface CaseCount {
  serviceCode: string;
  stage: string;
  slaState: string;
  count: number;
}

export interface AuditEvent {
  id?: string;
  applicationId: string;
  /** Who: principal subject, 'system', or an external system's name. */
  actor: string;
  /** What: e.g. 'stage-entered', 'completeness-check-recorded', 'sla-breached'. */
  action: string;
  at: Date;
  details?: Record<string, unknown>;
  /** ANCN or signature id of the signed document the action produced, if any. */
  signatureRef?: string | null;
  /**
   * Makes recording idempotent (activity retries): a second event with the same key for the same
   * application is ignored. Usually `${workflowId}:${step}`.
   */
  idempotencyKey?: string;
}

export interface StoredDocument {
  /** Unique when given: a retried activity finds the document it already issued. */
  idempotencyKey?: string | null;
  ancn: string;
  applicationId: string;
  kind: string;
  /** Signed XML. */
  xml: string;
  issuedAt: Date;
}

export interface IdempotencyRecord {
  key: string;
  /** Caller identity the key belongs to (keys are per principal). */
  principal: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
  createdAt: Date;
}

/**
 * A State Corporation counter SLA breach (waiting: seed 002 ¶4(2); service: seed 001 ¶9(2); hand-over:
 * seed 001 ¶12(2)), recorded with its cause; the visit or the hand-over goes on. Codes and words only, no
 * personal data: the SLA watchers' metric and dashboard read it.
 */
export interface CounterBreachRecord {
  /** The visit (waiting, service) or the case (hand-over) it belongs to. */
  subjectId: string;
  kind: 'waiting' | 'service' | 'hand-over';
  branchId: string;
  /** Unknown for a waiting breach before the operator chose the service. */
  serviceCode: string | null;
  limitMinutes: number;
  regulation: string;
  dueAt: Date;
  recordedAt: Date;
  cause: string;
}

export interface CounterBreachCount {
  branchId: string;
  kind: CounterBreachRecord['kind'];
  serviceCode: string | null;
  count: number;
}

export interface ApplicationStore {
  /** Next number in the 8-digit sequence of a document type (transactional, gap-free). */
  nextAncnSequence(documentType: string): Promise<number>;
  /** Allocate and format a full ANCN for a document type (uses domain/ancn). */
  allocateAncn(documentType: string): Promise<string>;

  createApplication(app: NewApplication): Promise<ApplicationRecord>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  /** Progress update and its audit event in one transaction. */
  updateApplication(id: string, progress: ApplicationProgress, audit?: Omit<AuditEvent, 'applicationId'>): Promise<void>;
  /**
   * When each of these applications' rows last changed (updatedAt, epoch ms), in one read; unknown ids are
   * absent. The status long poll (api/progress-watch.ts) asks this for every waiting client at once.
   */
  progressStamps?(ids: readonly string[]): Promise<Map<string, number>>;
  listApplications(filter: {
    serviceCode?: string;
    stage?: string;
    slaState?: string;
    licensorBody?: string;
    limit?: number;
    cursor?: string;
  }): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }>;
  /** Dashboard list: filtered, in one of two orders, keyset-paginated (cursor bound to its sort). */
  queryApplications(query: CaseListQuery): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }>;
  /** Cases per service × stage × SLA state (one grouped count). */
  countApplications(filter: CaseFilter): Promise<CaseCount[]>;

  appendAudit(event: AuditEvent): Promise<void>;
  listAudit(applicationId: string): Promise<AuditEvent[]>;

  /** Idempotent by ancn: storing the same ancn twice keeps the first. */
  saveDocument(doc: StoredDocument): Promise<void>;
  getDocument(ancn: string): Promise<StoredDocument | null>;
  getDocumentByIdempotencyKey(key: string): Promise<StoredDocument | null>;
  listDocuments(applicationId: string): Promise<Omit<StoredDocument, 'xml'>[]>;

  getIdempotency(principal: string, key: string): Promise<IdempotencyRecord | null>;
  /** Returns false when the key already exists (a concurrent request won). */
  putIdempotency(rec: IdempotencyRecord): Promise<boolean>;

  /** Idempotent by (subjectId, kind): a retried activity records its breach once. */
  recordCounterBreach(breach: CounterBreachRecord): Promise<void>;
  /** Breaches recorded in [from, to): counts by branch × kind × service, and the newest `limit` of them. */
  counterBreaches(filter: {
    from?: Date;
    to?: Date;
    limit?: number;
  }): Promise<{ counts: CounterBreachCount[]; recent: CounterBreachRecord[] }>;

  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
