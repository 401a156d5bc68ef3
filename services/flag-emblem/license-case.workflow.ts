/**
 * One Flag/Emblem licensing case (seed 003): its state and the building blocks every step uses — the case
 * clock and the term (seed 003 provides no suspension, so it moves only in cases that suspended it before
 * patch 'approving-body-no-suspension', seed 004 ¶39.9-10), the tracker (timeline, search attributes,
 * read model, ¶14 monitoring), the fee (Annex 2 item 6), the hearing (¶12-1), the approving bodies (seed
 * 004 ¶39), the withdrawal (seed 004 ¶42) and the approval chain (seed 004 ¶40).
 *
 * The procedure that runs on it is in license-workflow.ts; its steps, by concern, in license-review
 * (¶7, ¶9, ¶10–¶11), license-fee (Annex 2 item 6), license-decision (¶12, ¶12-1, ¶40), license-results
 * (¶8, ¶11, ¶12, ¶13, ¶42) and license-handlers (the Updates and their validators); the decision rules
 * in license-decision-rules.ts. The status query's details are computed from this state when asked
 * (statusDetails).
 * Workflow code: deterministic; time only through the CaseClock and the pure business calendar.
 */
import { condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ZodType } from 'zod';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { ApplicantProfile, FlagEmblemActivities } from './license-activities';
import type { ServiceCode } from '../../domain/services';
import type { CalendarData } from '../../domain/calendar';
import type { ReconsiderationOf } from '../../domain/complaints';
import {
  ANNEX1_REQUIREMENTS,
  DECISION_APPROVAL_CHAIN,
  FINAL_DECISION_CHAIN,
  FinalDecisionSchema,
  LICENSOR_BODY,
  objectionWindowEnd,
  planFlagEmblemLicense,
  TERMS,
  TERM_SUSPENSION,
  type Annex1Form,
  type ApplicantId,
  type CompletenessCheck,
  type FinalDecisionInput,
  type FormFinding,
  type PreliminaryDecisionInput,
  type RefusalGround,
  type ReissueDetails,
  type SiteInspection,
} from './license-rules';
import {
  approvalStageActions,
  decisionStageActions,
  groundThatDoesNotHold,
  objectionNotConsidered,
  preliminaryDecisionBy,
  siteConforms,
  whyLicenseCannotBeIssued,
  type DecisionFacts,
} from './license-decision-rules';
import { LicenseFee } from './license-fee.workflow';
import type { CaseOutcome, PendingAction, WaitingOn } from '../../workflows/shared/case';
import { CaseClock } from '../../workflows/shared/clock';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { adapterActivities, CaseSteps, TechnicalFailure } from '../../workflows/shared/case-steps';
import { kzTime, type StageDeadline } from '../../workflows/shared/deadlines';
import { ApprovalChains, type ChainView, type Participant } from '../../workflows/shared/approval-chain';
import { ApprovingBodies } from '../../workflows/shared/approving-body';
import { Hearing } from '../../workflows/shared/hearing';
import { ReviewClock } from '../../workflows/shared/review-clock';
import { Withdrawal } from '../../workflows/shared/withdrawal';
import { escalate, type Actor } from '../../workflows/shared/staff-decision';
import { describeIssues } from '../../domain/zod-issues';
import { describeAct, versionNumber, type ReferenceDataPublished } from '../../domain/reference-data';
import { referenceDataPublishedSignal } from '../../workflows/shared/reference-data';

// --- input / output -----------------------------------------------------------------------------------

export interface FlagEmblemLicenseInput {
  applicationId: string;
  /** ANCN of the application (seed 004 ¶20). */
  ancn: string;
  /** ISO 8601: when the portal received it (the case clock's anchor). */
  submittedAt: string;
  applicant: ApplicantId;
  form: Annex1Form;
  /**
   * seed 004 ¶40.2-4: who approves the final decision, in order; the last one (the head) signs. Default:
   * the licensor body's chain (DECISION_APPROVAL_CHAIN).
   */
  approvalChain?: Participant[];
  /** The calendar version the API planned the case with (the current published one); none → the embedded one. */
  calendar?: CalendarData;
  /**
   * seed 003 ¶16: a complaint against this application was upheld; this run re-decides it (the complaint
   * workflow starts it with the original application, workflows/complaints/). Absent in every first run.
   */
  reconsideration?: ReconsiderationOf;
}

export interface FlagEmblemLicenseReissueInput extends FlagEmblemLicenseInput {
  reissue: ReissueDetails;
}

export interface FlagEmblemLicenseResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  resultDocumentAncn?: string;
  grounds?: RefusalGround[];
}

// --- what the steps share -----------------------------------------------------------------------------

/** Every Update argument = the action's body + who acts (added by the API from the principal). */
export type WithActor<T> = T & { actor: Actor };

export interface ActionAccepted {
  accepted: true;
  stage: string;
  /** What happens next, in words. */
  next: string;
}

export function ack(stage: string, next: string): ActionAccepted {
  return { accepted: true, stage, next };
}

/** Validates an Update's body with the action's schema: a plain Error (→ refused update) lists every problem. */
export function parse<T>(schema: ZodType<T>, arg: unknown, action: string): T {
  const body = typeof arg === 'object' && arg !== null ? Object.fromEntries(Object.entries(arg).filter(([k]) => k !== 'actor')) : arg;
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`${action}: ${describeIssues(r.error, '(body)')}`);
  return r.data;
}

/** A staff (or applicant) decision as an Update recorded it. */
export interface StaffRecord<T> {
  value: T;
  actor: string;
  at: Date;
}

export type Refusal = Extract<FinalDecisionInput, { decision: 'refuse' }>;

/** The final decision's document as the head's approval signed it, and who signed (seed 004 ¶40). */
export interface SignedDecision {
  doc: IssuedDocument;
  signedBy: string;
}

export const STAGES = {
  accepted: 'accepted',
  registered: 'registered',
  completeness: 'completeness-check',
  site: 'site-inspection',
  decision: 'decision',
  hearing: 'hearing',
  final: 'final-decision',
  approval: 'decision-approval',
  issuing: 'issuing-license',
  refusing: 'issuing-refusal',
  refusingToConsider: 'refusing-to-consider',
} as const;

// Adapters get a bounded retry: an exhausted one is a technical failure (¶15, shared/case-steps.ts).
export const service = adapterActivities<FlagEmblemActivities>();
export const common = adapterActivities<CommonActivities>();

/** The deadline each stage waits for: a decree that moves it moves the stage's plannedBy on the timeline. */
const STAGE_DEADLINE: Readonly<Record<string, string>> = {
  [STAGES.completeness]: 'completenessCheckBy',
  [STAGES.site]: 'siteVisitBy',
  [STAGES.decision]: 'preliminaryDecisionBy',
  [STAGES.hearing]: 'objectionWindowEndsAt',
  [STAGES.final]: 'dueAt',
  [STAGES.approval]: 'dueAt',
};

// --- the case -----------------------------------------------------------------------------------------

export class LicenseCase {
  readonly clock: CaseClock;
  /** The plan under the case's current calendar: a decree moves the milestones still ahead (adoptCalendar). */
  readonly plan: ReturnType<typeof planFlagEmblemLicense>;
  readonly tracker: CaseTracker;
  /** ¶12-1: the preliminary decision, the objection window, the objection. */
  readonly hearing: Hearing<RefusalGround>;
  /** seed 004 ¶39.9-10, ¶41: the term as it moves (suspensions); dueAt and the milestones before it follow it. */
  readonly reviewClock: ReviewClock;
  /** seed 004 ¶39: requests to approving bodies; the term runs on while they answer (TERM_SUSPENSION). */
  readonly approvingBodies: ApprovingBodies;
  /** seed 004 ¶42: the applicant's withdrawal stops the review. */
  readonly withdrawal: Withdrawal;
  readonly wf = workflowInfo().workflowId;
  /** ¶14 monitoring, ¶15 technical failure; delivery to the cabinet. */
  readonly steps: CaseSteps;
  /**
   * seed 004 ¶40: the final decision goes up the approval chain before it is signed. False only when
   * replaying a case started before the chain existed (it signs at once, as it did).
   */
  readonly useChain: boolean;
  readonly chains: ApprovalChains;
  /** Annex 2 item 6: the license fee, collected alongside the review. */
  readonly fee: LicenseFee;
  /**
   * Issue 11 deviation 4: the applicant's terms (the ¶12-1 objection window) end at 23:59:59 of their last
   * working day. False only when replaying a case started before (its window ended at 18:30).
   */
  readonly applicantTermsEndOfDay: boolean;
  /** Decrees adopted one after another, in the order they arrived. */
  private adoption: Promise<void> = Promise.resolve();

  /** ¶7: the applicant as the state databases know it. */
  profile: ApplicantProfile | null = null;
  /** The Annex 1 form's problems the case can see itself (and ¶7's, and the license to re-issue). */
  precheck: FormFinding[] = [];
  completeness?: StaffRecord<CompletenessCheck>;
  site?: StaffRecord<SiteInspection>;
  preliminaryRequest?: StaffRecord<PreliminaryDecisionInput>;
  /** The final decision; with the approval chain, its latest draft. */
  final?: StaffRecord<FinalDecisionInput>;
  closed = false;
  failed?: TechnicalFailure;

  constructor(
    readonly serviceCode: ServiceCode,
    readonly input: FlagEmblemLicenseInput,
    readonly reissue?: ReissueDetails,
  ) {
    this.clock = new CaseClock(input.submittedAt, input.calendar);
    this.plan = planFlagEmblemLicense(new Date(input.submittedAt), this.clock.calendar);
    this.tracker = new CaseTracker({
      applicationId: input.applicationId,
      serviceCode,
      licensorBody: LICENSOR_BODY,
      registeredAt: this.plan.registeredAt,
      dueAt: this.plan.dueAt,
      // After this moment a refusal can no longer be heard within the term (¶12-1): the case is at risk.
      atRiskAt: this.plan.preliminaryDecisionBy,
      calendarVersion: this.plan.calendarVersion,
      clock: this.clock,
      initialStage: STAGES.accepted,
    });
    this.steps = new CaseSteps({ clock: this.clock, tracker: this.tracker, serviceCode, keyPrefix: this.wf, application: input });
    this.hearing = new Hearing<RefusalGround>({
      clock: this.clock,
      windowEnd: (receivedAt) => objectionWindowEnd(receivedAt, this.clock.calendar, this.applicantTermsEndOfDay),
      regulation: 'seed 003 ¶12-1',
    });
    this.reviewClock = new ReviewClock({
      clock: this.clock,
      tracker: this.tracker,
      applicationId: input.applicationId,
      serviceCode,
      applicantRef: input.applicant.iinOrBin,
      dueAt: this.plan.dueAt,
      term: { from: this.plan.registeredAt, workingDays: TERMS.termWorkingDays },
      atRiskAt: (dueAt) => preliminaryDecisionBy(dueAt, this.clock.calendar),
      keyPrefix: this.wf,
    });
    this.approvingBodies = new ApprovingBodies({
      clock: this.clock,
      tracker: this.tracker,
      reviewClock: this.reviewClock,
      // seed 004 ¶39.9: suspension only where the service's law provides it; seed 003 does not.
      termSuspension: TERM_SUSPENSION,
      application: { applicationId: input.applicationId, ancn: input.ancn, applicantRef: input.applicant.iinOrBin },
      serviceCode,
      keyPrefix: this.wf,
      // so that a negative answer can still be heard (¶12-1)
      answerBy: () => this.preliminaryDecisionBy,
      stopped: () => this.closed || this.withdrawal.withdrawn || this.tracker.outcome !== 'open',
      activities: { issueDocument: (req) => common.issueDocument(req), sendRequest: (req) => service.sendApprovingBodyRequest(req) },
      reportUnreachable: (step, failure) => this.steps.reportTechnicalFailure(new TechnicalFailure(step, failure)),
      onTermMoved: () => this.refreshDecisionActions(),
    });
    this.withdrawal = new Withdrawal({ clock: this.clock, tracker: this.tracker, reviewEnded: () => this.reviewEnded() });
    // The order of the two patch markers is part of every recorded history: approval chain, then fee.
    this.useChain = patched('flag-emblem-approval-chain');
    this.chains = new ApprovalChains({
      clock: this.clock,
      tracker: this.tracker,
      licensorBody: LICENSOR_BODY,
      applicationId: input.applicationId,
      serviceCode,
      keyPrefix: this.wf,
      isOpen: () => !this.closed && !this.failed && !this.withdrawal.withdrawnAt && this.tracker.outcome === 'open',
      onChange: (v) => this.onChainChange(v),
    });
    this.fee = new LicenseFee({
      clock: this.clock,
      tracker: this.tracker,
      steps: this.steps,
      serviceCode,
      registeredAt: this.plan.registeredAt,
      deadline: this.plan.dueAt,
      keyPrefix: this.wf,
      application: { applicationId: input.applicationId, applicantRef: input.applicant.iinOrBin },
      onChange: () => this.refreshDecisionActions(),
    });
    this.tracker.setDetail('plan', {
      submittedAt: kzTime(this.plan.submittedAt),
      registeredAt: kzTime(this.plan.registeredAt),
      completenessCheckBy: kzTime(this.plan.completenessCheckBy),
      siteVisitBy: kzTime(this.plan.siteVisitBy),
      preliminaryDecisionBy: kzTime(this.plan.preliminaryDecisionBy),
      dueAt: kzTime(this.plan.dueAt),
    });
    if (reissue) this.tracker.setDetail('reissue', reissue);
    // After the approval-chain and fee markers: the order of patch markers is part of every history.
    this.applicantTermsEndOfDay = patched('applicant-terms-end-of-day');
    setHandler(referenceDataPublishedSignal, (p) => {
      this.adoption = this.adoption.then(() => this.adoptReferenceData(p));
      return this.adoption;
    });
    this.tracker.detailsFrom(() => this.statusDetails());
  }

  // --- the term ------------------------------------------------------------------------------------------

  /** The current term (moved by suspensions) and the milestone that follows it (seed 003 ¶12-1). */
  get dueAt(): Date {
    return this.reviewClock.dueAt;
  }
  get preliminaryDecisionBy(): Date {
    return preliminaryDecisionBy(this.dueAt, this.clock.calendar);
  }

  // --- law as data: a decree published while the case runs (issue 11) -------------------------------------

  /**
   * A calendar version published after the case started: the deadlines still ahead are computed again
   * with it — the ¶10 completeness check and site visit, the ¶12 term (as it was made: from registration,
   * or what a suspension left of it), the ¶12-1 preliminary decision and an open objection window — and
   * every move is on the timeline with the act; deadlines already passed stay. The registration moment
   * (¶9) and dates in documents already sent (a request to an approving body) stay as they are. An MRP
   * wakes the fee step if it waits for one.
   */
  private async adoptReferenceData(p: ReferenceDataPublished): Promise<void> {
    this.clock.publications += 1;
    if (p.kind !== 'calendar' || this.closed || this.tracker.outcome !== 'open') return;
    // The same version twice, or an older one arriving after a newer one: nothing to do.
    if (versionNumber(p.calendar.version) <= versionNumber(this.clock.calendar.version)) return;
    const because = `${p.summary} by ${describeAct(p.act)} (calendar ${p.version})`;
    const now = this.clock.now();
    const before = { ...this.plan, preliminaryDecisionBy: this.preliminaryDecisionBy };
    this.clock.adopt(p.calendar);
    const next = planFlagEmblemLicense(this.plan.submittedAt, this.clock.calendar);
    const moves: Array<{ deadline: string; from: Date; to: Date }> = [];
    for (const key of ['completenessCheckBy', 'siteVisitBy'] as const) {
      if (before[key].getTime() <= now.getTime() || next[key].getTime() === before[key].getTime()) continue;
      moves.push({ deadline: key, from: before[key], to: next[key] });
      this.plan[key] = next[key];
    }
    if (before.dueAt.getTime() > now.getTime()) {
      this.plan.dueAt = next.dueAt;
      this.plan.preliminaryDecisionBy = next.preliminaryDecisionBy;
    }
    const reason = (deadline: string, from: Date, to: Date): string => `${deadline} ${kzTime(from)} → ${kzTime(to)}: ${because}`;
    const due = await this.reviewClock.recompute((from, to) => reason('dueAt', from, to));
    if (due) moves.push({ deadline: 'dueAt', ...due });
    if (
      before.preliminaryDecisionBy.getTime() > now.getTime() &&
      this.preliminaryDecisionBy.getTime() !== before.preliminaryDecisionBy.getTime()
    )
      moves.push({ deadline: 'preliminaryDecisionBy', from: before.preliminaryDecisionBy, to: this.preliminaryDecisionBy });
    const window = this.hearing.recompute();
    if (window) moves.push({ deadline: 'objectionWindowEndsAt', ...window });

    for (const m of moves) {
      await this.tracker.recordDeadlineMove(
        {
          deadline: m.deadline,
          from: kzTime(m.from),
          to: kzTime(m.to),
          reason: reason(m.deadline, m.from, m.to),
          calendarVersion: p.version,
        },
        { stageDeadline: STAGE_DEADLINE[this.tracker.stage] === m.deadline, audit: m.deadline !== 'dueAt' },
      );
    }
    this.refreshStageActions();
    // Last: a status that shows the new version shows every move it made.
    this.tracker.setCalendarVersion(p.version);
    await this.tracker.audit('calendar-adopted', 'system', {
      version: p.version,
      act: describeAct(p.act),
      moved: moves.map((m) => m.deadline),
    });
  }

  /** The current stage's pending actions with their (possibly moved) deadlines. */
  private refreshStageActions(): void {
    const t = this.tracker;
    if (this.closed || t.outcome !== 'open') return;
    if (t.stage === STAGES.completeness) t.setPendingActions(this.completenessActions());
    else if (t.stage === STAGES.site) t.setPendingActions(this.siteActions());
    else if (t.stage === STAGES.hearing && this.hearing.windowEndsAt && !this.hearing.concluded)
      t.setPendingActions([{ action: 'objection', by: 'applicant', dueAt: kzTime(this.hearing.windowEndsAt) }]);
    else this.refreshDecisionActions();
  }

  /** seed 004 ¶42.1: why the review is over (then a withdrawal is refused), or null while it runs. */
  reviewEnded(): string | null {
    if (this.final && !this.useChain) return `the final decision (${this.final.value.decision}) was recorded at ${kzTime(this.final.at)}`;
    // seed 004 ¶40: with the approval chain the executor's decision is a draft; the review ends when the
    // head of the licensor body approves it (the signature), not before.
    const chain = this.final && this.useChain ? this.chains.view(FINAL_DECISION_CHAIN) : undefined;
    if (chain?.state === 'signing')
      return `the head of the licensor body approved the final decision (${this.final?.value.decision}) and it is being signed`;
    if (chain?.state === 'signed')
      return `the final decision (${this.final?.value.decision}) was signed at ${chain.document?.issuedAt ?? ''}`;
    if (this.completeness && !this.completeness.value.complete)
      return `the request was refused consideration at ${kzTime(this.completeness.at)} (seed 003 ¶11)`;
    if (this.failed) return `a technical failure ended it at ${this.failed.step} (seed 003 ¶15)`;
    if (this.closed || this.tracker.outcome !== 'open') return `the case is closed (${this.tracker.outcome})`;
    return null;
  }

  // --- the facts the decision rules need (license-decision-rules.ts) -------------------------------------------

  siteConforms(): boolean {
    // A reconsideration after an upheld complaint: the complaint found the refusal unfounded; the site was
    // inspected in the original case and is not visited again (ours).
    if (this.input.reconsideration) return true;
    return siteConforms(this.site?.value);
  }

  decisionFacts(): DecisionFacts {
    return {
      feePaid: this.fee.paid,
      siteConforms: this.siteConforms(),
      hearingConcluded: this.hearing.concluded,
      awaitedApprovingBodies: this.approvingBodies.awaited.map((r) => r.body),
      negativeApprovingAnswer: this.approvingBodies.negativeAnswer,
    };
  }

  /** seed 004 ¶42.2: once withdrawn, the review has stopped: no further action is recorded. */
  assertNotWithdrawn(action: string): void {
    if (this.withdrawal.withdrawnAt)
      throw new Error(
        `${action}: the applicant withdrew the application at ${kzTime(this.withdrawal.withdrawnAt)}; its review has stopped (seed 004 ¶42)`,
      );
  }

  /** The rules every final decision (and every reworked draft of it) must follow (¶12, ¶12-1, ¶13). */
  assertFinalDecisionHolds(value: FinalDecisionInput, action: string): void {
    if (value.decision === 'issue') this.assertCanIssue(action);
    else {
      this.hearing.assertRefusalAllowed(value.grounds);
      this.assertGroundsHold(value.grounds, action);
      refuseWith(objectionNotConsidered(value, this.hearing.objection !== undefined, action));
    }
  }

  /** ¶12, Annex 2 item 9: refuses the action when a license cannot be issued now. */
  assertCanIssue(action: string): void {
    refuseWith(whyLicenseCannotBeIssued(this.decisionFacts(), action));
  }

  /** ¶13, Annex 2 item 9: refuses the action when a ground the case knows about does not hold. */
  assertGroundsHold(grounds: readonly RefusalGround[], action: string): void {
    refuseWith(groundThatDoesNotHold(grounds, this.decisionFacts(), action));
  }

  // --- stages and documents ------------------------------------------------------------------------------

  /** Every stage change: timeline + search attributes + audit (tracker), and monitoring (¶14). */
  async enter(stage: string, opts: Parameters<CaseTracker['enterStage']>[1] = {}): Promise<void> {
    if (this.fee.failure) throw this.fee.failure;
    await this.tracker.enterStage(stage, opts);
    await this.steps.reportToMonitoring(stage);
  }

  /** A stage that waits on staff until its deadline, with the actions it accepts. */
  staffStage(
    d: StageDeadline,
    pendingActions: PendingAction[],
  ): { plannedBy: Date; regulation: string; waitingOn: WaitingOn; pendingActions: PendingAction[] } {
    return { plannedBy: d.by, regulation: d.regulation, waitingOn: 'staff', pendingActions };
  }

  /** A document signed with the authorized person's ECDS (¶11, ¶12), on the case's document list. */
  async issue(kind: string, documentType: 'NTC' | 'PRM' | 'RFS', title: string, body: Record<string, unknown>): Promise<IssuedDocument> {
    const doc = await this.steps.run(`issue-${kind}`, () =>
      common.issueDocument({
        applicationId: this.input.applicationId,
        serviceCode: this.serviceCode,
        kind,
        documentType,
        signer: 'provider', // the authorized person's ECDS (¶11, ¶12)
        issuedAt: this.clock.now().toISOString(),
        title,
        body,
        idempotencyKey: `${this.wf}:issue:${kind}`,
      }),
    );
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    return doc;
  }

  /**
   * A staff decision whose deadline follows the term (seed 003 ¶12, ¶12-1): when a suspension moves the
   * term, the wait starts again against the moved deadline and the pending actions show it; at the
   * deadline without a decision the case escalates and keeps waiting (as awaitStaffDecision does).
   */
  async awaitMovableDecision(action: string, deadline: () => StageDeadline, decision: () => unknown): Promise<void> {
    const decided = (): boolean => decision() !== undefined;
    // The term moved: so did this stage's deadline and its pending actions.
    await this.clock.waitUntilMovable(
      decided,
      () => deadline().by,
      () => this.refreshDecisionActions(),
    );
    if (decided()) return;
    await escalate(this.tracker, this.clock, action, deadline());
    await condition(decided);
  }

  // --- pending actions -----------------------------------------------------------------------------------

  /** ¶10–¶11: the completeness check's pending action, by its (possibly moved) deadline. */
  completenessActions(): PendingAction[] {
    return [{ action: 'completeness-check', by: 'staff', dueAt: kzTime(this.plan.completenessCheckBy) }];
  }

  /** ¶10: the site inspection's pending actions; an approving body may be asked meanwhile (seed 004 ¶39). */
  siteActions(): PendingAction[] {
    return [
      { action: 'site-inspection', by: 'staff', dueAt: kzTime(this.plan.siteVisitBy) },
      { action: 'approving-body-request', by: 'staff' },
    ];
  }

  /** ¶12, ¶12-1: the decision stage's pending actions (license-decision-rules.ts). */
  decisionActions(): PendingAction[] {
    return decisionStageActions({ siteConforms: this.siteConforms(), feePaid: this.fee.paid }, this);
  }

  /**
   * At the decision stage the pending actions follow the fee (¶12: issue only when paid) and the term
   * (seed 004 ¶39.9-10): refreshed when either changes, so the read model records them as they are.
   */
  refreshDecisionActions(): void {
    const t = this.tracker;
    if (!this.closed && t.outcome === 'open' && t.stage === STAGES.decision) t.setPendingActions(this.decisionActions());
  }

  /** seed 004 ¶40: the participants in order; the last (the head of the licensor body) signs. */
  get participants(): Participant[] {
    const given = this.input.approvalChain;
    return given && given.length > 0 ? given : DECISION_APPROVAL_CHAIN.map((p) => ({ ...p }));
  }

  /**
   * seed 004 ¶40.3, seed 003 ¶12-1: the chain returned the executor's draft, the applicant has not been
   * heard yet, so a refusal is still possible only through a preliminary decision and the hearing.
   */
  canHearInRework(): boolean {
    return (
      this.useChain &&
      this.final !== undefined &&
      !this.preliminaryRequest &&
      this.tracker.stage === STAGES.approval &&
      !this.withdrawal.withdrawnAt &&
      this.chains.view(FINAL_DECISION_CHAIN).state === 'rework'
    );
  }

  /** seed 004 ¶40: the approval stage's pending actions (license-decision-rules.ts). */
  approvalActions(v: ChainView): PendingAction[] {
    return approvalStageActions(v.state, this, () => this.canHearInRework());
  }

  /** After every chain change: the latest draft is the decision; the pending action names whose turn it is. */
  private onChainChange(v: ChainView): void {
    if (v.chain !== FINAL_DECISION_CHAIN) return;
    const content = this.chains.draft(FINAL_DECISION_CHAIN);
    if (this.final && content) {
      const r = FinalDecisionSchema.safeParse(content);
      if (r.success) this.final = { ...this.final, value: r.data };
    }
    if (!this.closed && this.tracker.outcome === 'open' && this.tracker.stage === STAGES.approval)
      this.tracker.setPendingActions(this.approvalActions(v));
  }

  // --- the status --------------------------------------------------------------------------------------

  /** The status query's details, built from the case's state when asked (CaseTracker.detailsFrom). */
  private statusDetails(): Record<string, unknown> {
    const { completeness, site } = this;
    return {
      fee: this.fee.view(),
      ...(this.profile !== null ? { applicant: this.profile } : {}),
      precheck: this.precheck,
      ...(completeness ? { completenessCheck: { ...completeness.value, actor: completeness.actor, at: kzTime(completeness.at) } } : {}),
      ...(site
        ? {
            siteInspection: {
              ...site.value,
              actor: site.actor,
              recordedAt: kzTime(site.at),
              conclusion: this.siteConforms() ? 'conforms' : 'does not conform',
              requirements: ANNEX1_REQUIREMENTS.length,
            },
          }
        : {}),
      ...(this.approvingBodies.requests.length > 0 ? { approvingBodyRequests: this.approvingBodies.requests } : {}),
      terms: {
        dueAt: kzTime(this.dueAt),
        preliminaryDecisionBy: kzTime(this.preliminaryDecisionBy),
        calendarVersion: this.clock.calendar.version,
        ...(this.dueAt.getTime() !== this.plan.dueAt.getTime()
          ? {
              plannedDueAt: kzTime(this.plan.dueAt),
              // Only a case that suspended its term before patch 'approving-body-no-suspension' gets here.
              movedBecause:
                'seed 004 ¶39.9-10: review suspended while an approving body answered (a case started before seed 003’s no-suspension rule was applied)',
            }
          : {}),
        termSuspension: TERM_SUSPENSION,
      },
      hearing: this.hearing.snapshot(),
    };
  }
}

/** A rule's answer in a validator: a reason refuses the Update (a plain Error), none lets it through. */
function refuseWith(reason: string | undefined): void {
  if (reason) throw new Error(reason);
}
