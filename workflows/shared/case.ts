/**
 * What every case (one application = one workflow) exposes to dashboards, whatever its regulation:
 * the search attributes it keeps current and the shape of its `status` query.
 *
 * Search attributes are stored unencrypted by Temporal: never put personal data (IIN, BIN, names) in
 * them. The applicant reference lives in the workflow input and the application table only.
 * Imported by workflow code: keep this file free of Node builtins and I/O.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { defineQuery } from '@temporalio/workflow';

export const SEARCH_ATTRIBUTES = {
  serviceCode: defineSearchAttributeKey('KzServiceCode', 'KEYWORD'),
  stage: defineSearchAttributeKey('KzStage', 'KEYWORD'),
  licensorBody: defineSearchAttributeKey('KzLicensorBody', 'KEYWORD'),
  dueAt: defineSearchAttributeKey('KzDueAt', 'DATETIME'),
  slaState: defineSearchAttributeKey('KzSlaState', 'KEYWORD'),
  waitingOn: defineSearchAttributeKey('KzWaitingOn', 'KEYWORD'),
} as const;

/** Name → Temporal type, for registering them on a dev server or a real cluster (scripts/). */
export const SEARCH_ATTRIBUTE_TYPES: Record<string, 'Keyword' | 'Datetime'> = Object.fromEntries(
  Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, k.type === 'DATETIME' ? 'Datetime' : 'Keyword']),
);

export const SLA_STATES = ['on-track', 'at-risk', 'breached', 'met', 'missed'] as const;
/** on-track/at-risk/breached while open; met/missed once closed (missed = closed after dueAt). */
export type SlaState = (typeof SLA_STATES)[number];

/** 'reference-data': law set by decree (a year's MRP) is not published yet (workflows/shared/reference-data.ts). */
export const WAITING_ON = ['staff', 'applicant', 'external-system', 'reference-data', 'nobody'] as const;
export type WaitingOn = (typeof WAITING_ON)[number];

/** A complaint's own outcomes (workflows/complaints/): upheld, dismissed, or satisfied by a favourable act (seed 003 ¶16). */
export const CASE_OUTCOMES = [
  'open',
  'issued',
  'refused',
  'refused-to-consider',
  'withdrawn',
  'unpaid',
  'failed',
  'upheld',
  'dismissed',
  'satisfied',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** One stage of the case as planned by the regulation and as it actually went. */
export interface TimelineEntry {
  stage: string;
  /** Paragraph that sets the stage's deadline, e.g. "seed 003 ¶10". */
  regulation?: string;
  /** ISO 8601 with offset (+05:00). */
  plannedBy?: string;
  startedAt: string;
  endedAt?: string;
  actor?: string;
  note?: string;
  /** Deadlines a published decree moved while the case was at this stage, with the act that moved them. */
  moves?: DeadlineMove[];
}

/** "dueAt 2026-05-08T18:30 → 2026-05-12T18:30: 2026-05-08 declared a day off by Order … No. 123 of 2026-04-17". */
export interface DeadlineMove {
  /** Which deadline: 'dueAt', 'completenessCheckBy', 'objectionWindowEndsAt', … */
  deadline: string;
  from: string;
  to: string;
  reason: string;
  /** The calendar version that computed `to`. */
  calendarVersion: string;
  at: string;
}

export interface PendingAction {
  /** The action name accepted by POST /v1/applications/{id}/actions/{action}. */
  action: string;
  by: 'applicant' | 'staff' | 'gateway';
  dueAt?: string;
  /** For actions several people must take (e.g. founders' signatures): who still has to. */
  who?: string[];
}

export interface CaseDocument {
  ancn: string;
  /** e.g. 'registration-notification', 'reasoned-refusal', 'license', 'preliminary-decision'. */
  kind: string;
  issuedAt: string;
}

export interface CaseStatus {
  applicationId: string;
  serviceCode: string;
  licensorBody: string;
  stage: string;
  outcome: CaseOutcome;
  registeredAt: string;
  dueAt: string;
  calendarVersion: string;
  slaState: SlaState;
  waitingOn: WaitingOn;
  pendingActions: PendingAction[];
  timeline: TimelineEntry[];
  documents: CaseDocument[];
  /** Service-specific facts (who signed, what is paid, which bank, compensations...). */
  details: Record<string, unknown>;
}

export const statusQuery = defineQuery<CaseStatus>('status');
