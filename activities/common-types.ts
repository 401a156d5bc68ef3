/**
 * Side effects every regulation's workflow shares (implemented in activities/common.ts by
 * createCommonActivities(deps)). Each takes an idempotency key: a retried activity never allocates,
 * signs, stores or delivers twice.
 */
export interface RecordProgressInput {
  applicationId: string;
  stage?: string;
  status?: string;
  slaState?: string;
  dueAt?: string;
  resultDocumentAncn?: string | null;
  /** Who the case waits on now (workflows/shared/case.ts WAITING_ON): the staff inbox filters on it. */
  waitingOn?: string;
  /** The actions the case accepts now (CaseStatus.pendingActions): shown in the staff inbox. */
  pendingActions?: Array<{ action: string; by: string; dueAt?: string; who?: string[] }>;
  /** The body whose staff act on the case now, when it changed (a forwarded complaint). */
  licensorBody?: string;
  /** Order of this snapshot within the run (with audit.at): a stale snapshot does not overwrite a newer one. */
  seq?: number;
  audit?: {
    actor: string;
    action: string;
    at: string;
    details?: Record<string, unknown>;
    signatureRef?: string | null;
    idempotencyKey: string;
  };
}

/** An electronic document's content; domain/documents turns it into XML with its ANCN. */
export interface DocumentRequest {
  applicationId: string;
  serviceCode: string;
  /** e.g. 'registration-notification', 'reasoned-refusal', 'license', 'preliminary-decision', 'refusal-to-consider'. */
  kind: string;
  /** ANCN document-type code (domain/ancn DOCUMENT_TYPES), e.g. 'NTF', 'RFS', 'PRM', 'NTC'. */
  documentType: string;
  /** Whose ECDS signs: the provider's authorized person, or the system's transport signature (seed 004 ¶18-1). */
  signer: 'provider' | 'system' | 'operator';
  /** Case-clock moment of issue, ISO 8601. */
  issuedAt: string;
  title: string;
  /** Structured body: nested plain values, rendered as XML elements in order. */
  body: Record<string, unknown>;
  idempotencyKey: string;
}

export interface IssuedDocument {
  ancn: string;
  kind: string;
  signatureRef: string;
  issuedAt: string;
}

export interface CabinetDelivery {
  applicationId: string;
  applicantRef: string;
  ancn?: string;
  kind: string;
  /** Status message to the applicant (seed 000 ¶5.11, seed 003 ¶8). */
  message: string;
  idempotencyKey: string;
}

export interface MonitoringReport {
  applicationId: string;
  serviceCode: string;
  stage: string;
  at: string;
  idempotencyKey: string;
}

/** seed 003 ¶15: what the technical-failure report must carry. */
export interface TechnicalFailureReport {
  serviceName: string;
  applicationAncn: string;
  applicantRef: string;
  occurredAt: string;
  error: string;
  /** Stand-in for the screenshots: the failing step's context. */
  context: Record<string, unknown>;
  idempotencyKey: string;
}

/** A year's MRP with its budget law (domain/fees.ts MrpValue). */
export interface MrpAnswer {
  year: number;
  tenge: number;
  source: string;
}

export interface CommonActivities {
  /** The MRP in force on the day of `at` (Kazakhstan time), or null when its budget law is not in the data. */
  lookUpMrp(input: { at: string }): Promise<MrpAnswer | null>;
  recordProgress(input: RecordProgressInput): Promise<void>;
  issueDocument(input: DocumentRequest): Promise<IssuedDocument>;
  deliverToCabinet(input: CabinetDelivery): Promise<void>;
  reportToMonitoring(input: MonitoringReport): Promise<void>;
  reportTechnicalFailure(input: TechnicalFailureReport): Promise<void>;
}
