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
  /** ANCN of the application document (seed 004 ¶19: assigned when filed). */
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
}

export type NewApplication = Omit<ApplicationRecord, 'updatedAt' | 'resultDocumentAncn' | 'stage' | 'status' | 'slaState'> & {
  stage?: string;
  status?: string;
  slaState?: string;
};

export interface ApplicationProgress {
  stage?: string;
  status?: string;
  slaState?: string;
  dueAt?: Date;
  resultDocumentAncn?: string | null;
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

export interface ApplicationStore {
  /** Next number in the 8-digit sequence of a document type (transactional, gap-free). */
  nextAncnSequence(documentType: string): Promise<number>;
  /** Allocate and format a full ANCN for a document type (uses domain/ancn). */
  allocateAncn(documentType: string): Promise<string>;

  createApplication(app: NewApplication): Promise<ApplicationRecord>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  /** Progress update and its audit event in one transaction. */
  updateApplication(id: string, progress: ApplicationProgress, audit?: Omit<AuditEvent, 'applicationId'>): Promise<void>;
  listApplications(filter: { serviceCode?: string; stage?: string; slaState?: string; licensorBody?: string; limit?: number; cursor?: string }): Promise<{ items: ApplicationRecord[]; nextCursor: string | null }>;

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

  /** Readiness probe. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
