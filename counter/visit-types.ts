/**
 * The counter visit's messages and status, apart from the workflow so the API imports no workflow code
 * (samples-typescript early-return/shared.ts). One visit = one ticket = one workflow (counter/visit.workflow.ts).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LegalEntityRecord } from '../adapters/state-databases/port';
import type { NotarisedPowerOfAttorney } from '../adapters/notarial-system/port';
import type { CounterApplicant, CounterRepresentative, CounterServiceTerms } from './channel';

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
  | 'forwarded';

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
  paperDocuments?: string[];
  scans?: ScanRef[];
  form?: { sha256: string; signatureRef: string; signedAt: string; signer: string };
  forwarded?: { applicationId: string; ancn: string; dueAt: string; forwardedAt: string };
  receipt?: { ancn: string; issuedAt: string; plannedResultDate: string };
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

/** Activity inputs and outputs (counter/activities.ts). */
export interface SignIntakeFormInput {
  visitId: string;
  branchId: string;
  operator: OperatorActor;
  serviceCode: string;
  applicant: CounterApplicant;
  representative?: CounterRepresentative;
  form: unknown;
  lookedUp: { legalEntity?: LegalEntityRecord; powerOfAttorney?: NotarisedPowerOfAttorney };
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
}
export interface CounterEvent {
  visitId: string;
  branchId: string;
  event: string;
  details: Record<string, unknown>;
}
