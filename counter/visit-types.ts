/**
 * The counter visit's messages and status, apart from the workflow so the API imports no workflow code
 * (samples-typescript early-return/shared.ts). One visit = one ticket = one workflow (counter/visit.workflow.ts).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IndividualRecord, LegalEntityRecord } from '../adapters/state-databases/port';
import type { NotarisedPowerOfAttorney } from '../adapters/notarial-system/port';
import type { CounterApplicant, CounterRepresentative, CounterServiceTerms, PaperDocument } from './channel';

export interface OperatorActor {
  subject: string;
  role: string;
  branch?: string;
  displayName?: string;
}

export interface VisitInput {
  visitId: string;
  branchId: string;
  /** The ticket number of the branch's day queue (FIFO). */
  ticket: number;
  /** When the ticket was issued (the waiting SLA runs from here), ISO 8601. */
  issuedAt: string;
  source: 'walk-in' | 'portal-booking';
  bookingCode?: string;
}

export type VisitStage =
  | 'waiting'
  | 'called'
  | 'looking-up'
  | 'data-cannot-be-obtained'
  | 'documents'
  | 'signing'
  | 'forwarding'
  | 'forwarded'
  /** seed 002 ¶10, A9: the package is incomplete; the receipt lists what is missing; nothing forwarded. */
  | 'package-incomplete';

export interface ScanRef {
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
}

export interface SlaBreach {
  kind: 'waiting' | 'service';
  limitMinutes: number;
  regulation: string;
  dueAt: string;
  recordedAt: string;
  /** What the visit was waiting for when the limit passed. */
  cause: string;
}

export interface VisitTimelineEntry {
  at: string;
  event: string;
  actor: string;
  note?: string;
}

export interface LookUpResult {
  /** seed 002 ¶9: an individual applicant in the individuals database (absent in older visits). */
  individual?: { status: 'pending' | 'found' | 'not-found' | 'not-asked'; record?: IndividualRecord };
  legalEntity: { status: 'pending' | 'found' | 'not-found' | 'not-asked'; record?: LegalEntityRecord; attempts?: number };
  powerOfAttorney: { status: 'pending' | 'found' | 'not-found' | 'not-asked'; record?: NotarisedPowerOfAttorney; reason?: string };
}

export interface VisitStatus {
  visitId: string;
  branchId: string;
  ticket: number;
  source: VisitInput['source'];
  stage: VisitStage;
  issuedAt: string;
  calledAt?: string;
  operator?: string;
  serviceCode?: string;
  waitingDueAt: string;
  serviceDueAt?: string;
  lookUps?: LookUpResult;
  /** seed 001 ¶11(5): the message when the data cannot be obtained; nothing was forwarded. */
  message?: string;
  /**
   * seed 002 ¶9 (table §2.4/§2.5): the paper documents of this very package — the applicant's category,
   * a power of attorney only with a representative — each marked required or not; what the operator
   * checks before signing (absent before the application is entered, and in older visits).
   */
  checklist?: PaperDocument[];
  paperDocuments?: string[];
  scans?: ScanRef[];
  form?: { sha256: string; signatureRef: string; signedAt: string; signer: string };
  forwarded?: { applicationId: string; ancn: string; dueAt: string; forwardedAt: string };
  receipt?: { ancn: string; issuedAt: string; plannedResultDate: string };
  /** seed 002 A9: the receipt refusing intake of an incomplete package (its signed XML: visitA9ReceiptQuery). */
  incompletePackage?: {
    missing: Array<{ code: string; name: string }>;
    copies: number;
    regulation: string;
    signedAt: string;
    sha256: string;
    signer: string;
  };
  breaches: SlaBreach[];
  timeline: VisitTimelineEntry[];
  ended: boolean;
}

export interface CallRequest {
  operator: OperatorActor;
}
export interface EnterApplicationRequest {
  operator: OperatorActor;
  terms: CounterServiceTerms;
  applicant: CounterApplicant;
  representative?: CounterRepresentative;
  /** The service's own part, already validated by the API against the service's counter form. */
  form: unknown;
}
export interface SignAndForwardRequest {
  operator: OperatorActor;
  /** Codes of the paper documents the applicant presented (¶11(6)). */
  paperDocuments: string[];
  scans: ScanRef[];
}

export const callTicketUpdate = defineUpdate<VisitStatus, [CallRequest]>('call-ticket');
export const enterApplicationUpdate = defineUpdate<VisitStatus, [EnterApplicationRequest]>('enter-application');
export const signAndForwardUpdate = defineUpdate<VisitStatus, [SignAndForwardRequest]>('sign-and-forward');
export const visitStatusQuery = defineQuery<VisitStatus>('visit-status');
/** The signed XML of the A9 receipt, when the visit ended with an incomplete package (else null). */
export const visitA9ReceiptQuery = defineQuery<string | null>('visit-a9-receipt');

/** Activity inputs and outputs (counter/activities.ts). */
export interface SignIntakeFormInput {
  visitId: string;
  branchId: string;
  operator: OperatorActor;
  serviceCode: string;
  applicant: CounterApplicant;
  representative?: CounterRepresentative;
  form: unknown;
  lookedUp: { legalEntity?: LegalEntityRecord; individual?: IndividualRecord; powerOfAttorney?: NotarisedPowerOfAttorney };
  paperDocuments: string[];
  scans: ScanRef[];
  signedAt: string;
}
export interface SignedIntakeForm {
  signedXml: string;
  sha256: string;
  signatureRef: string;
  signerSubject: string;
  signedAt: string;
}
export interface ForwardInput extends SignIntakeFormInput {
  signedForm: SignedIntakeForm;
}
export interface ForwardResult {
  applicationId: string;
  ancn: string;
  submittedAt: string;
  dueAt: string;
}
export interface ReceiptInput {
  visitId: string;
  branchId: string;
  operator: OperatorActor;
  serviceCode: string;
  serviceTitle: string;
  applicant: CounterApplicant;
  forwarded: ForwardResult;
  acceptedAt: string;
  paperDocuments: string[];
  /** The names of the presented documents (seed 002 ¶9 item (3): number and names); absent in older visits. */
  paperDocumentNames?: string[];
  /** seed 002 ¶9 vs seed 001 ¶9(1); absent in older visits. */
  receiptRegulation?: string;
}
/** seed 002 A9: the receipt refusing intake, signed by the operator. */
export interface IncompletePackageInput {
  visitId: string;
  branchId: string;
  operator: OperatorActor;
  serviceCode: string;
  serviceTitle: string;
  applicant: CounterApplicant;
  missing: Array<{ code: string; name: string }>;
  receipt: { title: string; copies: number; regulation: string };
  issuedAt: string;
}
export interface SignedA9Receipt {
  signedXml: string;
  sha256: string;
  signerSubject: string;
  signedAt: string;
}
export interface CounterEvent {
  visitId: string;
  branchId: string;
  event: string;
  details: Record<string, unknown>;
}
