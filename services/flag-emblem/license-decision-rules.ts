/**
 * Seed 003 — the licensor's decisions as pure rules: what the validators of the staff Updates check before
 * a decision is recorded, and the deadlines that follow the (possibly moved) term. Each returns the
 * reason a decision cannot be taken (the refused Update's message), or undefined when it may.
 * Pure and deterministic: no clock of its own (the moment is passed in), no I/O.
 */
import { embeddedCalendar, localDateOf, type BusinessCalendar } from '../../domain/calendar';
import { normalizeLegalEntityName } from '../../domain/legal-entity-name';
import { TERMS, type FinalDecisionInput, type RefusalGround, type SiteInspection } from './license-rules';
import type { PendingAction } from '../../workflows/shared/case';
import type { ChainState } from '../../workflows/shared/approval-chain';
import { kzTime } from '../../workflows/shared/deadlines';

/** seed 003 ¶12-1: the preliminary decision no later than 3 working days before the (current) term ends. */
export function preliminaryDecisionBy(dueAt: Date, cal: BusinessCalendar = embeddedCalendar): Date {
  return cal.workingDaysBefore(dueAt, TERMS.preliminaryDecisionWorkingDaysBeforeDue);
}

/** seed 003 ¶12-1: a preliminary decision sent after its deadline is late (the term may then be missed). */
export function isPreliminaryDecisionLate(sentAt: Date, dueAt: Date, cal: BusinessCalendar = embeddedCalendar): boolean {
  return sentAt.getTime() > preliminaryDecisionBy(dueAt, cal).getTime();
}

/** seed 003 ¶10: the territorial unit's conclusion conforms when every requirement inspected conforms. */
export function siteConforms(site: { findings: ReadonlyArray<Pick<SiteInspection['findings'][number], 'conforms'>> } | undefined): boolean {
  return site !== undefined && site.findings.every((f) => f.conforms);
}

/** seed 003 ¶10: the visit happens from the registration day on, and cannot be recorded for a day to come. */
export function siteVisitDateProblem(visitedOn: string, registeredAt: Date, now: Date): string | undefined {
  const today = localDateOf(now);
  const registered = localDateOf(registeredAt);
  if (visitedOn < registered || visitedOn > today)
    return `site-inspection: visitedOn must be between the registration day ${registered} and today ${today}`;
  return undefined;
}

/** What the case knows when the licensor decides (¶12, ¶13, Annex 2 item 9). */
export interface DecisionFacts {
  /** Annex 2 item 9(2): the license fee is paid. */
  feePaid: boolean;
  /** ¶10: the site inspection found every qualification requirement met (Annex 2 item 9(3)). */
  siteConforms: boolean;
  /** ¶12-1: the applicant was heard (objected, or the objection window passed). */
  hearingConcluded: boolean;
  /** seed 004 ¶39: the approving bodies still to answer (within their answer period). */
  awaitedApprovingBodies: readonly string[];
  /** Annex 2 item 9(4): an approving body answered that the applicant does not meet the requirements. */
  negativeApprovingAnswer: boolean;
}

/**
 * ¶12, Annex 2 item 9: a license needs the fee paid (ground 2), no pending or negative approving answer
 * (ground 4), and conformity of the site (ground 3) or a hearing that considered it (¶12-1).
 */
export function whyLicenseCannotBeIssued(f: DecisionFacts, action: string): string | undefined {
  if (!f.feePaid)
    return `${action}: the license fee is not paid (Annex 2 item 9(2)): wait for the payment or send a preliminary decision citing license-fee-not-paid`;
  // A body that let its answer period pass no longer holds the decision up (seed 004 ¶39.10: the review
  // resumes and the executor decides on what the case has; silence is not a negative answer).
  if (f.awaitedApprovingBodies.length > 0)
    return `${action}: waiting for the answer of approving body ${f.awaitedApprovingBodies.join(', ')}`;
  if (f.negativeApprovingAnswer)
    return `${action}: an approving body answered that the applicant does not meet the requirements (Annex 2 item 9(4)); a license cannot be issued`;
  if (!f.siteConforms && !f.hearingConcluded) {
    return `${action}: the site inspection found non-conformity; send a preliminary decision and hear the applicant before deciding (¶12-1)`;
  }
  return undefined;
}

/**
 * ¶13, Annex 2 item 9: a ground must be a fact of this case where the case knows it (2 the fee, 3 the site
 * inspection, 4 the approving body's answer); the others rest on the employee's reasoning.
 */
export function groundThatDoesNotHold(
  grounds: readonly RefusalGround[],
  f: Pick<DecisionFacts, 'feePaid' | 'siteConforms' | 'negativeApprovingAnswer'>,
  action: string,
): string | undefined {
  if (grounds.includes('license-fee-not-paid') && f.feePaid)
    return `${action}: the license fee has been paid; license-fee-not-paid does not apply`;
  if (grounds.includes('qualification-requirements-not-met') && f.siteConforms) {
    return `${action}: the site inspection found every qualification requirement met; qualification-requirements-not-met does not apply`;
  }
  if (grounds.includes('approving-body-negative-answer') && !f.negativeApprovingAnswer) {
    return `${action}: no approving body has answered negatively; approving-body-negative-answer does not apply`;
  }
  return undefined;
}

/** ¶12-1: a refusal after an objection says how the objection was considered. */
export function objectionNotConsidered(
  refusal: Extract<FinalDecisionInput, { decision: 'refuse' }>,
  objected: boolean,
  action: string,
): string | undefined {
  if (objected && !refusal.objectionConsidered)
    return `${action}: the applicant objected; say how the objection was considered (objectionConsidered, ¶12-1)`;
  return undefined;
}

/** The register's entry of the license to re-issue, as far as these rules need it. */
export interface PermitToReissue {
  ancn: string;
  holderRef: string;
  status: string;
  serviceCode: string;
}

/** ¶12 (re-issue): the license must be in the register, the applicant's, active, and a Flag and Emblem license. */
export function licenseToReissueProblem(
  permit: PermitToReissue | null,
  previousPermitAncn: string,
  applicantRef: string,
): string | undefined {
  if (!permit) return `license ${previousPermitAncn} is not in the register of permits`;
  if (permit.holderRef !== applicantRef) return `license ${permit.ancn} is held by someone else`;
  if (permit.status !== 'active') return `license ${permit.ancn} is ${permit.status}`;
  if (permit.serviceCode !== 'flag-emblem-license' && permit.serviceCode !== 'flag-emblem-license-reissue')
    return `license ${permit.ancn} is not a Flag and Emblem license`;
  return undefined;
}

/**
 * seed 004 ¶21(3) for a re-issue because the holder was renamed: the legal-entities database must record
 * a name other than the one on the license (ours: the only re-issue reason the state databases and the
 * register can both show). Names compare as the registry compares them: legal form, quotes and spacing aside.
 */
export function renamingNotRecorded(currentName: string, nameOnLicense: string, licenseAncn: string): string | undefined {
  if (normalizeLegalEntityName(currentName) !== normalizeLegalEntityName(nameOnLicense)) return undefined;
  return `the legal-entities state database records the name "${currentName}", the one on license ${licenseAncn}: no renaming to re-issue it for`;
}

/** The term as it stands (moved by suspensions, seed 004 ¶39.9-10) and the milestone before it (¶12-1). */
export interface CurrentTerm {
  dueAt: Date;
  preliminaryDecisionBy: Date;
}

/**
 * ¶12, ¶12-1 at the decision stage: a final decision by the term only after a conforming site inspection
 * (otherwise the applicant is heard first), a preliminary decision by its deadline, a request to an
 * approving body (seed 004 ¶39); the applicant's fee while unpaid (Annex 2 item 9(2)).
 */
export function decisionStageActions(f: { siteConforms: boolean; feePaid: boolean }, term: CurrentTerm): PendingAction[] {
  const actions: PendingAction[] = [{ action: 'preliminary-decision', by: 'staff', dueAt: kzTime(term.preliminaryDecisionBy) }];
  if (f.siteConforms) actions.unshift({ action: 'final-decision', by: 'staff', dueAt: kzTime(term.dueAt) });
  actions.push({ action: 'approving-body-request', by: 'staff' });
  if (!f.feePaid) actions.push({ action: 'pay-license-fee', by: 'applicant' });
  return actions;
}

/**
 * seed 004 ¶40 at the approval stage: a participant reviews the draft, or (rework) the executor resubmits
 * it; a returned draft turns into a refusal only through a preliminary decision and the hearing (seed 003
 * ¶12-1), when the applicant has not been heard yet (`canHear`, asked in rework only). Nothing is pending
 * once signing began.
 */
export function approvalStageActions(state: ChainState, term: CurrentTerm, canHear: () => boolean): PendingAction[] {
  if (state === 'signing' || state === 'signed') return [];
  const dueAt = kzTime(term.dueAt);
  if (state === 'in-approval') return [{ action: 'draft-review', by: 'staff', dueAt }];
  return [
    { action: 'draft-submit', by: 'staff', dueAt },
    ...(canHear() ? [{ action: 'preliminary-decision', by: 'staff' as const, dueAt: kzTime(term.preliminaryDecisionBy) }] : []),
  ];
}
