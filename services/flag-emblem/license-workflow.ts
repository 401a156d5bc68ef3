/**
 * Seed 003 — license to manufacture the State Flag and the State Emblem, and its re-issue.
 * One case = one workflow; it reads like the regulation:
 *
 *   ¶8   accepted: the applicant sees "accepted" and the date the result will be issued (plan.dueAt)
 *   ¶9   registered on the day of receipt; after hours, weekends, holidays → the next working day
 *   ¶7   identity and registration data from the state databases (not from the applicant)
 *   fee  10 MRP (issue) / 1 MRP (re-issue) through the payment gateway (Annex 2 item 6)
 *   ¶10  completeness check within 1 working day → ¶11 incomplete: refusal to consider, case ends
 *   ¶10  site visit by the territorial unit within 2 working days: conclusion per requirement
 *   Annex 2 item 9(4) optional request to an approving state body; its answer arrives as a signal
 *   seed 004 ¶39.9-10 while an approving body is asked, the term is suspended (signed notices: the moments of
 *        suspension and resumption); dueAt and the milestones before it move in working time
 *   ¶12-1 before any refusal: preliminary decision (≤ 3 working days before dueAt), 2 working days to object
 *   seed 004 ¶42 the applicant may withdraw the application until the review ends: the review stops
 *   ¶12  decision within 7 working days: a signed license (entered in the register) or a reasoned refusal
 *   seed 004 ¶40 the decision is the executor's draft; it goes up the approval chain (approve → next,
 *        reject → rework); the head's approval is the signature that issues it (patch
 *        'flag-emblem-approval-chain': cases started before it sign at once, as they did)
 *   ¶14  every stage change reported to monitoring; ¶15 an exhausted adapter → technical-failure report
 *
 * Staff and applicant decisions are Updates with validators (who, when, what); a staff deadline passed
 * without action escalates the case instead of waiting silently (workflows/shared/staff-decision.ts).
 * Deterministic: time only through the CaseClock and the pure business calendar.
 */
import { allHandlersFinished, condition, defineUpdate, isCancellation, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { ApplicantProfile, FlagEmblemActivities } from './license-activities';
import type { PermitEntry } from '../../register/permit-register';
import type { ZodType } from 'zod';
import { feeTenge, FEE_MRP, kzYear as kzYearOf } from '../../domain/fees';
import {
  ANNEX1_REQUIREMENTS,
  ApprovingBodyRequestSchema,
  CompletenessCheckSchema,
  DECISION_APPROVAL_CHAIN,
  FINAL_DECISION_CHAIN,
  FinalDecisionSchema,
  LICENSED_ACTIVITY,
  LICENSOR_BODY,
  ObjectionSchema,
  objectionWindowEnd,
  planFlagEmblemLicense,
  precheckAnnex1,
  PreliminaryDecisionSchema,
  REFUSAL_GROUND_TEXT,
  SiteInspectionSchema,
  type Annex1Form,
  type ApplicantId,
  type ApprovingBodyRequestInput,
  type CompletenessCheck,
  type FinalDecisionInput,
  type FormFinding,
  type ObjectionInput,
  type PreliminaryDecisionInput,
  type RefusalGround,
  type ReissueDetails,
  type SiteInspection,
} from './license-rules';
import {
  groundThatDoesNotHold,
  isPreliminaryDecisionLate,
  licenseToReissueProblem,
  objectionNotConsidered,
  preliminaryDecisionBy,
  siteConforms,
  siteVisitDateProblem,
  whyLicenseCannotBeIssued,
  type DecisionFacts,
} from './license-decisions';
import type { ServiceCode } from '../../domain/services';
import type { CaseOutcome, PendingAction, WaitingOn } from '../../workflows/shared/case';
import { CaseClock } from '../../workflows/shared/clock';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { adapterActivities, CaseSteps, TechnicalFailure } from '../../workflows/shared/case-steps';
import { kzTime, type StageDeadline } from '../../workflows/shared/deadlines';
import { ApprovalChains, draftReviewUpdate, draftSubmitUpdate, type ChainView, type Participant } from '../../workflows/shared/approval-chain';
import { ApprovingBodies, approvingBodyAnswerSignal, type ApprovingBodyRequestSent } from '../../workflows/shared/approving-body';
import { Hearing } from '../../workflows/shared/hearing';
import { awaitMrp } from '../../workflows/shared/reference-data';
import { collectPayment } from '../../workflows/shared/payment';
import type { PaymentEvent } from '../../workflows/shared/payment-signal';
import { ReviewClock } from '../../workflows/shared/review-clock';
import { Withdrawal, withdrawUpdate } from '../../workflows/shared/withdrawal';
import { assertApplicant, assertStage, assertStaffOf, awaitStaffDecision, escalate, type Actor } from '../../workflows/shared/staff-decision';
import { describeIssues } from '../../domain/zod-issues';

// --- messages -----------------------------------------------------------------------------------------

/** Every Update argument = the action's body + who acts (added by the API from the principal). */
export type WithActor<T> = T & { actor: Actor };

export interface ActionAccepted {
  accepted: true;
  stage: string;
  /** What happens next, in words. */
  next: string;
}

export const completenessCheckUpdate = defineUpdate<ActionAccepted, [WithActor<CompletenessCheck>]>('completeness-check');
export const siteInspectionUpdate = defineUpdate<ActionAccepted, [WithActor<SiteInspection>]>('site-inspection');
/** What the staff see after sending a request: its numbers and the suspended term (seed 004 ¶39.9-10). */
export type { ApprovingBodyRequestSent };

export const approvingBodyRequestUpdate = defineUpdate<ApprovingBodyRequestSent, [WithActor<ApprovingBodyRequestInput>]>('approving-body-request');
export const preliminaryDecisionUpdate = defineUpdate<ActionAccepted, [WithActor<PreliminaryDecisionInput>]>('preliminary-decision');
export const objectionUpdate = defineUpdate<ActionAccepted, [WithActor<ObjectionInput>]>('objection');
export const finalDecisionUpdate = defineUpdate<ActionAccepted, [WithActor<FinalDecisionInput>]>('final-decision');
/** The approving body's answer (external system → signal). */
export { approvingBodyAnswerSignal };
/** seed 004 ¶42: the applicant withdraws the application (the shared block's Update, refused once the review has ended). */
export { withdrawUpdate };
/** seed 004 ¶40: the executor (re)submits the draft decision; the chain's participants approve or reject it in turn. */
export { draftReviewUpdate, draftSubmitUpdate };

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
}

export interface FlagEmblemLicenseReissueInput extends FlagEmblemLicenseInput {
  reissue: ReissueDetails;
}

export interface FlagEmblemLicenseResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  resultDocumentAncn?: string;
  grounds?: RefusalGround[];
}

// --- activities ---------------------------------------------------------------------------------------

// Adapters get a bounded retry: an exhausted one is a technical failure (¶15, shared/case-steps.ts).
const service = adapterActivities<FlagEmblemActivities>();
const common = adapterActivities<CommonActivities>();

// --- the workflows ------------------------------------------------------------------------------------

export async function flagEmblemLicenseWorkflow(input: FlagEmblemLicenseInput): Promise<FlagEmblemLicenseResult> {
  return new LicensingCase('flag-emblem-license', input).run();
}

/** Re-issue: the same procedure (¶10–¶13 make no exception), 7 working days (¶12), 1 MRP (Annex 2 item 6(2)). */
export async function flagEmblemLicenseReissueWorkflow(input: FlagEmblemLicenseReissueInput): Promise<FlagEmblemLicenseResult> {
  return new LicensingCase('flag-emblem-license-reissue', input, input.reissue).run();
}

// --- the case -----------------------------------------------------------------------------------------

interface FeeState {
  mrp: number;
  /** Priced on the day it is charged (the invoice), at that day's MRP; unknown until then. */
  amountTenge?: number;
  /** The MRP used and its budget law. */
  mrpValue?: { year: number; tenge: number; source: string };
  invoiceId?: string;
  payUrl?: string;
  status: 'not-invoiced' | 'pending' | 'paid' | 'failed' | 'expired';
  paidAt?: string;
}

interface StaffRecord<T> {
  value: T;
  actor: string;
  at: Date;
}

const STAGES = {
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

class LicensingCase {
  private readonly clock: CaseClock;
  private readonly plan: ReturnType<typeof planFlagEmblemLicense>;
  private readonly tracker: CaseTracker;
  private readonly hearing: Hearing<RefusalGround>;
  /** seed 004 ¶39.9-10, ¶41: the term as it moves (suspensions); dueAt and the milestones before it follow it. */
  private readonly reviewClock: ReviewClock;
  /** seed 004 ¶42: the applicant's withdrawal stops the review. */
  private readonly withdrawal: Withdrawal;
  /** seed 004 ¶39: requests to approving bodies, the term suspended while they answer. */
  private readonly approvingBodies: ApprovingBodies;
  private readonly wf = workflowInfo().workflowId;
  /** ¶14 monitoring, ¶15 technical failure; delivery to the cabinet. */
  private readonly steps: CaseSteps;

  private profile: ApplicantProfile | null = null;
  private previousPermit: PermitEntry | null = null;
  private precheck: FormFinding[] = [];
  private readonly fee: FeeState;
  private completeness?: StaffRecord<CompletenessCheck>;
  private site?: StaffRecord<SiteInspection>;
  private preliminaryRequest?: StaffRecord<PreliminaryDecisionInput>;
  private final?: StaffRecord<FinalDecisionInput>;
  private closed = false;
  /**
   * seed 004 ¶40: the final decision goes up the approval chain before it is signed. False only when
   * replaying a case started before the chain existed (it signs at once, as it did).
   */
  private readonly useChain: boolean;
  private readonly chains: ApprovalChains;
  private failed?: TechnicalFailure;
  private feeFailure?: TechnicalFailure;
  /**
   * Annex 2 item 6: the fee is priced at the MRP in force on the day it is charged, asked of the
   * reference data (recorded in history; a missing year waits). False only when replaying a case started
   * when the fee was priced in the constructor at the registration year's MRP.
   */
  private readonly feeFromReferenceData: boolean;

  constructor(
    private readonly serviceCode: ServiceCode,
    private readonly input: FlagEmblemLicenseInput,
    private readonly reissue?: ReissueDetails,
  ) {
    this.clock = new CaseClock(input.submittedAt);
    this.plan = planFlagEmblemLicense(new Date(input.submittedAt));
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
    this.hearing = new Hearing<RefusalGround>({ clock: this.clock, windowEnd: objectionWindowEnd, regulation: 'seed 003 ¶12-1' });
    this.reviewClock = new ReviewClock({
      clock: this.clock,
      tracker: this.tracker,
      applicationId: input.applicationId,
      serviceCode,
      applicantRef: input.applicant.iinOrBin,
      dueAt: this.plan.dueAt,
      atRiskAt: preliminaryDecisionBy,
      keyPrefix: this.wf,
    });
    this.approvingBodies = new ApprovingBodies({
      clock: this.clock,
      tracker: this.tracker,
      reviewClock: this.reviewClock,
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
    const fee = FEE_MRP[serviceCode];
    this.feeFromReferenceData = patched('fee-from-reference-data');
    this.fee = this.feeFromReferenceData
      ? { mrp: fee?.mrp ?? 0, status: 'not-invoiced' }
      : { mrp: fee?.mrp ?? 0, amountTenge: feeTenge(serviceCode, this.plan.registeredAt), status: 'not-invoiced' };
    this.tracker.setDetail('plan', {
      submittedAt: kzTime(this.plan.submittedAt),
      registeredAt: kzTime(this.plan.registeredAt),
      completenessCheckBy: kzTime(this.plan.completenessCheckBy),
      siteVisitBy: kzTime(this.plan.siteVisitBy),
      preliminaryDecisionBy: kzTime(this.plan.preliminaryDecisionBy),
      dueAt: kzTime(this.plan.dueAt),
    });
    if (reissue) this.tracker.setDetail('reissue', reissue);
    this.tracker.detailsFrom(() => this.statusDetails());
    this.registerHandlers();
  }

  async run(): Promise<FlagEmblemLicenseResult> {
    void this.tracker.watchSla();
    let result: FlagEmblemLicenseResult;
    try {
      // seed 004 ¶42: a withdrawal cancels the review wherever it stands (timers, waits, activities).
      const reviewed = await this.withdrawal.guard(() => this.procedure());
      result = reviewed === 'withdrawn' ? await this.closeWithdrawn() : reviewed;
    } catch (e) {
      if (!(e instanceof TechnicalFailure)) throw e;
      this.failed = e;
      result = await this.steps.closeFailed(e); // ¶15
    }
    this.closed = true;
    await this.approvingBodies.settled();
    await condition(allHandlersFinished);
    return result;
  }

  /** The current term (moved by suspensions) and the milestone that follows it (seed 003 ¶12-1). */
  private get dueAt(): Date {
    return this.reviewClock.dueAt;
  }
  private get preliminaryDecisionBy(): Date {
    return preliminaryDecisionBy(this.dueAt);
  }

  /** seed 004 ¶42.1: why the review is over (then a withdrawal is refused), or null while it runs. */
  private reviewEnded(): string | null {
    if (this.final && !this.useChain) return `the final decision (${this.final.value.decision}) was recorded at ${kzTime(this.final.at)}`;
    // seed 004 ¶40: with the approval chain the executor's decision is a draft; the review ends when the
    // head of the licensor body approves it (the signature), not before.
    const chain = this.final && this.useChain ? this.chains.view(FINAL_DECISION_CHAIN) : undefined;
    if (chain?.state === 'signing') return `the head of the licensor body approved the final decision (${this.final?.value.decision}) and it is being signed`;
    if (chain?.state === 'signed') return `the final decision (${this.final?.value.decision}) was signed at ${chain.document?.issuedAt ?? ''}`;
    if (this.completeness && !this.completeness.value.complete) return `the request was refused consideration at ${kzTime(this.completeness.at)} (seed 003 ¶11)`;
    if (this.failed) return `a technical failure ended it at ${this.failed.step} (seed 003 ¶15)`;
    if (this.closed || this.tracker.outcome !== 'open') return `the case is closed (${this.tracker.outcome})`;
    return null;
  }

  /** seed 004 ¶42.2: the withdrawal is recorded, the review stops; the applicant's cabinet shows it. */
  private async closeWithdrawn(): Promise<FlagEmblemLicenseResult> {
    const at = this.withdrawal.withdrawnAt as Date;
    const actor = this.withdrawal.actor ?? 'applicant';
    this.tracker.setDetail('withdrawal', { withdrawnAt: kzTime(at), reason: this.withdrawal.reason, stageWhenWithdrawn: this.tracker.stage, regulation: 'seed 004 ¶42' });
    await this.steps.run('deliver-withdrawal', () =>
      common.deliverToCabinet({
        applicationId: this.input.applicationId,
        applicantRef: this.input.applicant.iinOrBin,
        kind: 'withdrawal',
        message: `Your request ${this.input.ancn} was withdrawn at ${kzTime(at)}; its review has stopped (seed 004 ¶42).`,
        idempotencyKey: `${this.wf}:deliver-withdrawal`,
      }),
    );
    await this.tracker.close('withdrawn', { actor, note: `withdrawn by the applicant at ${kzTime(at)} (seed 004 ¶42)` });
    await this.steps.reportToMonitoring('closed');
    return { outcome: 'withdrawn' };
  }

  private async procedure(): Promise<FlagEmblemLicenseResult> {
    const { plan } = this;

    // ¶8: "accepted", with the date the result will be issued.
    await this.steps.reportToMonitoring(STAGES.accepted);
    await this.steps.run('deliver-acceptance', () =>
      common.deliverToCabinet({
        applicationId: this.input.applicationId,
        applicantRef: this.input.applicant.iinOrBin,
        kind: 'acceptance',
        message: `Your request ${this.input.ancn} has been accepted. The result will be issued by ${kzTime(plan.dueAt)}.`,
        idempotencyKey: `${this.wf}:deliver-acceptance`,
      }),
    );
    // Annex 2 item 6: the license fee, through the e-gov payment gateway; paid alongside the review.
    if (this.feeFromReferenceData) await this.priceFee();
    void this.collectFee();
    await condition(() => this.fee.invoiceId !== undefined || this.feeFailure !== undefined);
    if (this.feeFailure) throw this.feeFailure;

    // ¶9: registration on the day of receipt, or the next working day.
    await this.clock.sleepUntil(plan.registeredAt);
    await this.enter(STAGES.registered, { regulation: 'seed 003 ¶9', note: `registered ${kzTime(plan.registeredAt)}` });

    // ¶7: who the applicant is comes from the state databases, not from the applicant.
    this.profile = await this.steps.run('look-up-applicant', () => service.lookUpApplicant({ kind: this.input.applicant.kind, iinOrBin: this.input.applicant.iinOrBin }));
    this.precheck = precheckAnnex1(this.input.form, plan.registeredAt);
    if (!this.profile) this.precheck.push({ requirement: 'applicant-identity', issue: 'not-found', message: `${this.input.applicant.kind} ${this.input.applicant.iinOrBin} is not in the state database (¶7)` });
    else if (this.profile.status !== 'active') this.precheck.push({ requirement: 'applicant-identity', issue: 'not-valid', message: `the state database reports the applicant as ${this.profile.status} (¶7)` });
    if (this.reissue) await this.checkLicenseToReissue(this.reissue);

    // ¶10–¶11: completeness check within 1 working day.
    const completenessDeadline: StageDeadline = { stage: STAGES.completeness, by: plan.completenessCheckBy, regulation: 'seed 003 ¶10, ¶11' };
    await this.enter(STAGES.completeness, this.staffStage(completenessDeadline, [{ action: 'completeness-check', by: 'staff', dueAt: kzTime(plan.completenessCheckBy) }]));
    const completeness = await awaitStaffDecision({ tracker: this.tracker, clock: this.clock, action: 'completeness-check', deadline: completenessDeadline, decision: () => this.completeness });
    if (!completeness) throw new Error('unreachable: completeness check without a decision');
    this.tracker.noteActor(completeness.decision.actor);
    if (!completeness.decision.value.complete) return this.refuseToConsider(completeness.decision);

    // ¶10: the territorial unit's site visit within 2 working days of registration.
    const siteDeadline: StageDeadline = { stage: STAGES.site, by: plan.siteVisitBy, regulation: 'seed 003 ¶10' };
    await this.enter(STAGES.site, {
      ...this.staffStage(siteDeadline, [{ action: 'site-inspection', by: 'staff', dueAt: kzTime(plan.siteVisitBy) }, { action: 'approving-body-request', by: 'staff' }]),
      actor: completeness.decision.actor,
    });
    const site = await awaitStaffDecision({ tracker: this.tracker, clock: this.clock, action: 'site-inspection', deadline: siteDeadline, decision: () => this.site });
    if (!site) throw new Error('unreachable: site inspection without a conclusion');
    this.tracker.noteActor(site.decision.actor, this.siteConforms() ? 'conforms' : 'does not conform');

    // ¶12 / ¶12-1: decide — issue, or send a preliminary decision to refuse by preliminaryDecisionBy.
    await this.reconcileFee();
    // The deadline follows the term: a suspension while an approving body answers moves it (seed 004 ¶39.9-10).
    const decisionDeadline = (): StageDeadline => ({ stage: STAGES.decision, by: this.preliminaryDecisionBy, regulation: 'seed 003 ¶12-1' });
    await this.enter(STAGES.decision, { ...this.staffStage(decisionDeadline(), this.decisionActions()), actor: site.decision.actor });
    await this.awaitMovableDecision('final-decision or preliminary-decision', decisionDeadline, () => this.final ?? this.preliminaryRequest);

    if (!this.final) {
      // ¶12-1: the hearing — preliminary decision, objection window, then the final decision.
      await this.sendPreliminaryDecision();
      await this.hearing.run(this.tracker, () => this.final !== undefined, (stage, opts) => this.enter(stage, { ...opts, actor: this.preliminaryRequest?.actor ?? 'system' }));
      if (!this.final) {
        const finalDeadline = (): StageDeadline => ({ stage: STAGES.final, by: this.dueAt, regulation: 'seed 003 ¶12' });
        await this.enter(STAGES.final, {
          ...this.staffStage(finalDeadline(), [{ action: 'final-decision', by: 'staff', dueAt: kzTime(this.dueAt) }]),
          actor: this.hearing.objection?.actor ?? 'system',
        });
        await this.awaitMovableDecision('final-decision', finalDeadline, () => this.final);
      }
    }
    if (!this.final) throw new Error('unreachable: no final decision');
    let signed = this.useChain ? await this.approveDecision(this.final) : undefined;
    if (signed === 'hearing') {
      // seed 004 ¶40.3 with seed 003 ¶12-1: the chain returned the draft and the executor now intends to
      // refuse — the applicant is heard first (preliminary decision, objection window), then the reworked
      // draft climbs the chain again.
      await this.sendPreliminaryDecision();
      await this.hearing.run(this.tracker, () => this.chains.view(FINAL_DECISION_CHAIN).state !== 'rework', (stage, opts) => this.enter(stage, { ...opts, actor: this.preliminaryRequest?.actor ?? 'system' }));
      signed = await this.approveDecision(this.final);
    }
    if (signed === 'hearing') throw new Error('unreachable: a second hearing');
    const final = this.final;
    return final.value.decision === 'issue'
      ? this.issueLicense(final, signed)
      : this.refuse(final as StaffRecord<Extract<FinalDecisionInput, { decision: 'refuse' }>>, signed);
  }

  // --- approval of the final decision (seed 004 ¶40) -----------------------------------------------------

  /** The participants in order; the last (the head of the licensor body) signs. */
  private get participants(): Participant[] {
    const given = this.input.approvalChain;
    return given && given.length > 0 ? given : DECISION_APPROVAL_CHAIN.map((p) => ({ ...p }));
  }

  /**
   * seed 004 ¶40.2-4: the final decision (already the chain's first draft) climbs the chain; a rejection
   * returns it to the executor, whose resubmission may change it (this.final follows the latest draft).
   * The stage's deadline is the term itself (seed 003 ¶12): past it unsigned, the case escalates.
   * Returns the document the head's approval signed, with who signed.
   */
  private async approveDecision(first: StaffRecord<FinalDecisionInput>): Promise<{ doc: IssuedDocument; signedBy: string } | 'hearing'> {
    const deadline = (): StageDeadline => ({ stage: STAGES.approval, by: this.dueAt, regulation: 'seed 003 ¶12, seed 004 ¶40' });
    const hearingFirst = (): boolean => this.preliminaryRequest !== undefined && this.hearing.preliminary === undefined;
    await this.enter(STAGES.approval, { ...this.staffStage(deadline(), this.approvalActions(this.chains.view(FINAL_DECISION_CHAIN))), actor: first.actor });
    await this.awaitMovableDecision('draft-review', deadline, () => (this.chains.view(FINAL_DECISION_CHAIN).state === 'signed' || hearingFirst() ? true : undefined));
    if (hearingFirst()) return 'hearing';
    const doc = await this.chains.signed(FINAL_DECISION_CHAIN);
    const head = this.participants.at(-1) as Participant;
    this.tracker.noteActor(head.subject, `signed ${doc.ancn}`);
    return { doc, signedBy: head.subject };
  }

  /** Opens the chain with the employee's decision as its first draft (the `final-decision` Update). */
  private async submitFirstDraft(value: FinalDecisionInput, actor: Actor): Promise<void> {
    this.chains.open({
      name: FINAL_DECISION_CHAIN,
      executor: actor.subject,
      participants: this.participants,
      document: { kind: this.reissue ? 'reissued-license' : 'license', documentType: 'PRM', title: 'License' },
      validateContent: (content, _actor, action) => this.assertFinalDecisionHolds(parse(FinalDecisionSchema, content, action), action),
      documentFor: (content) => {
        const v = parse(FinalDecisionSchema, content, 'draft-submit');
        const by = this.final?.actor ?? actor.subject;
        return v.decision === 'issue' ? this.licenseDocument(by) : this.refusalDocument(v, by);
      },
    });
    await this.chains.submitDraft({ chain: FINAL_DECISION_CHAIN, content: value, actor });
  }

  /** After every chain change: the latest draft is the decision; the pending action names whose turn it is. */
  private onChainChange(v: ChainView): void {
    if (v.chain !== FINAL_DECISION_CHAIN) return;
    const content = this.chains.draft(FINAL_DECISION_CHAIN);
    if (this.final && content) {
      const r = FinalDecisionSchema.safeParse(content);
      if (r.success) this.final = { ...this.final, value: r.data };
    }
    if (!this.closed && this.tracker.outcome === 'open' && this.tracker.stage === STAGES.approval) this.tracker.setPendingActions(this.approvalActions(v));
  }

  /**
   * seed 004 ¶40.3, seed 003 ¶12-1: the chain returned the executor's draft, the applicant has not been
   * heard yet, so a refusal is still possible only through a preliminary decision and the hearing.
   */
  private canHearInRework(): boolean {
    return this.useChain && this.final !== undefined && !this.preliminaryRequest && this.tracker.stage === STAGES.approval && !this.withdrawal.withdrawnAt && this.chains.view(FINAL_DECISION_CHAIN).state === 'rework';
  }

  private approvalActions(v: ChainView): PendingAction[] {
    if (v.state === 'signing' || v.state === 'signed') return [];
    const dueAt = kzTime(this.dueAt);
    if (v.state === 'in-approval') return [{ action: 'draft-review', by: 'staff', dueAt }];
    // In rework the executor may also turn to a refusal: the hearing comes first (seed 003 ¶12-1).
    return [{ action: 'draft-submit', by: 'staff', dueAt }, ...(this.canHearInRework() ? [{ action: 'preliminary-decision', by: 'staff' as const, dueAt: kzTime(this.preliminaryDecisionBy) }] : [])];
  }

  // --- the results ---------------------------------------------------------------------------------------

  /** ¶11: refusal to consider further, signed, to the cabinet; the case ends. */
  private async refuseToConsider(check: StaffRecord<CompletenessCheck>): Promise<FlagEmblemLicenseResult> {
    await this.enter(STAGES.refusingToConsider, { regulation: 'seed 003 ¶11', actor: check.actor });
    const doc = await this.issue('refusal-to-consider', 'NTC', 'Refusal to consider the request further', {
      application: this.input.ancn,
      applicant: this.input.applicant.iinOrBin,
      regulation: 'seed 003 ¶11',
      findings: check.value.findings.map((f) => ({ requirement: f.requirement, reason: f.reason, note: f.note })),
      decidedBy: check.actor,
    });
    await this.steps.deliver(doc, `Your request ${this.input.ancn} is not considered further: the package is incomplete or contains expired documents (¶11).`);
    await this.tracker.close('refused-to-consider', { resultDocumentAncn: doc.ancn, actor: check.actor });
    await this.steps.reportToMonitoring('closed');
    return { outcome: 'refused-to-consider', resultDocumentAncn: doc.ancn };
  }

  /** ¶12: the license, an XML document with its ANCN signed by the authorized person, then the register. */
  private async issueLicense(final: StaffRecord<FinalDecisionInput>, signed?: { doc: IssuedDocument; signedBy: string }): Promise<FlagEmblemLicenseResult> {
    const actor = signed?.signedBy ?? final.actor;
    await this.enter(STAGES.issuing, { regulation: 'seed 003 ¶12', actor });
    let doc: IssuedDocument;
    if (signed) doc = signed.doc;
    else {
      const d = this.licenseDocument(final.actor);
      doc = await this.issue(d.kind, 'PRM', d.title, d.body);
    }
    await this.steps.run('enter-permit', () =>
      service.enterPermit({
        idempotencyKey: `${this.wf}:enter-permit`,
        ancn: doc.ancn,
        serviceCode: this.serviceCode,
        holderRef: this.input.applicant.iinOrBin,
        ...(this.profile ? { holderName: this.profile.name } : {}),
        licensorBody: LICENSOR_BODY,
        activity: LICENSED_ACTIVITY,
        issuedAt: doc.issuedAt,
        validity: { from: doc.issuedAt, until: null },
        applicationId: this.input.applicationId,
        ...(this.reissue ? { previousPermitAncn: this.reissue.previousPermitAncn } : {}),
      }),
    );
    await this.steps.deliver(doc, `Your license ${doc.ancn} has been issued.`);
    await this.tracker.close('issued', { resultDocumentAncn: doc.ancn, actor });
    await this.steps.reportToMonitoring('closed');
    return { outcome: 'issued', resultDocumentAncn: doc.ancn };
  }

  /** ¶12, ¶13: the reasoned refusal, citing the grounds of Annex 2 item 9 and the objection considered. */
  private async refuse(final: StaffRecord<Extract<FinalDecisionInput, { decision: 'refuse' }>>, signed?: { doc: IssuedDocument; signedBy: string }): Promise<FlagEmblemLicenseResult> {
    const actor = signed?.signedBy ?? final.actor;
    await this.enter(STAGES.refusing, { regulation: 'seed 003 ¶12, ¶13', actor });
    let doc: IssuedDocument;
    if (signed) doc = signed.doc;
    else {
      const d = this.refusalDocument(final.value, final.actor);
      doc = await this.issue(d.kind, 'RFS', d.title, d.body);
    }
    await this.steps.deliver(doc, `Your request ${this.input.ancn} is refused: see the reasoned refusal ${doc.ancn}.`);
    await this.tracker.close('refused', { resultDocumentAncn: doc.ancn, actor });
    await this.steps.reportToMonitoring('closed');
    return { outcome: 'refused', resultDocumentAncn: doc.ancn, grounds: final.value.grounds };
  }

  /** ¶12: the license's content (signed at once, or by the head at the end of the approval chain). */
  private licenseDocument(decidedBy: string): { kind: string; documentType: 'PRM'; title: string; body: Record<string, unknown> } {
    return {
      kind: this.reissue ? 'reissued-license' : 'license',
      documentType: 'PRM',
      title: this.reissue ? 'License (re-issued)' : 'License',
      body: {
        licensor: LICENSOR_BODY,
        licensee: { ref: this.input.applicant.iinOrBin, name: this.profile?.name ?? '' },
        activity: LICENSED_ACTIVITY,
        validity: 'without a term',
        application: this.input.ancn,
        ...(this.reissue ? { replaces: this.reissue.previousPermitAncn, reissueReason: this.reissue.reason } : {}),
        decidedBy,
      },
    };
  }

  /** ¶12, ¶13: the reasoned refusal's content: the grounds of Annex 2 item 9 and the objection considered. */
  private refusalDocument(value: Extract<FinalDecisionInput, { decision: 'refuse' }>, decidedBy: string): { kind: string; documentType: 'RFS'; title: string; body: Record<string, unknown> } {
    const { grounds, reasoning, objectionConsidered } = value;
    return {
      kind: 'reasoned-refusal',
      documentType: 'RFS',
      title: 'Reasoned refusal to issue the license',
      body: {
        application: this.input.ancn,
        applicant: this.input.applicant.iinOrBin,
        grounds: grounds.map((g) => ({ code: g, annex2Item9: REFUSAL_GROUND_TEXT[g].item, text: REFUSAL_GROUND_TEXT[g].en })),
        reasoning,
        preliminaryDecision: this.hearing.preliminary?.ancn ?? '',
        objection: this.hearing.objection ? { received: kzTime(this.hearing.objection.receivedAt), considered: objectionConsidered ?? '' } : 'none within the window',
        decidedBy,
      },
    };
  }

  private async sendPreliminaryDecision(): Promise<void> {
    const pd = this.preliminaryRequest;
    if (!pd) throw new Error('unreachable: no preliminary decision recorded');
    const late = isPreliminaryDecisionLate(this.clock.now(), this.dueAt);
    const doc = await this.issue('preliminary-decision', 'NTC', 'Preliminary decision to refuse (hearing)', {
      application: this.input.ancn,
      applicant: this.input.applicant.iinOrBin,
      grounds: pd.value.grounds.map((g) => ({ code: g, annex2Item9: REFUSAL_GROUND_TEXT[g].item, text: REFUSAL_GROUND_TEXT[g].en })),
      reasoning: pd.value.reasoning,
      objectionWithin: 'seed 003 ¶12-1: 2 working days of receiving this decision',
      decidedBy: pd.actor,
    });
    const receivedAt = this.clock.now();
    await this.steps.deliver(doc, `Preliminary decision ${doc.ancn}: the licensor intends to refuse. You may object by ${kzTime(objectionWindowEnd(receivedAt))}.`);
    this.hearing.open({ grounds: pd.value.grounds, reasoning: pd.value.reasoning, ancn: doc.ancn, receivedAt, actor: pd.actor, late });
    await this.tracker.audit('preliminary-decision-sent', pd.actor, { ancn: doc.ancn, grounds: pd.value.grounds, late }, doc.signatureRef);
  }

  // --- fee -----------------------------------------------------------------------------------------------

  /**
   * Annex 2 item 6: the fee through the e-gov payment gateway (shared block workflows/shared/payment.ts),
   * collected alongside the review: the invoice lives until dueAt; a declined card may be retried on it.
   * The licensor decides on ground 2 from the fee's state at decision time (validators below).
   */
  private async collectFee(): Promise<void> {
    try {
      const outcome = await collectPayment({
        clock: this.clock,
        activities: {
          createFeeInvoice: (req) => this.steps.run('create-fee-invoice', () => service.createLicenseFeeInvoice(req)),
          getFeeInvoiceStatus: (req) => this.steps.run('reconcile-fee', () => service.getLicenseFeeInvoiceStatus(req)),
        },
        request: {
          idempotencyKey: `${this.wf}:fee-invoice`,
          applicationId: this.input.applicationId,
          purpose: 'license-fee',
          amountTenge: this.fee.amountTenge ?? 0,
          payerRef: this.input.applicant.iinOrBin,
        },
        deadline: this.plan.dueAt,
        onInvoice: async (invoice) => {
          Object.assign(this.fee, { invoiceId: invoice.invoiceId, payUrl: invoice.payUrl, status: 'pending' });
          this.refreshDecisionActions();
          await this.steps.run('deliver-fee-invoice', () =>
            common.deliverToCabinet({
              applicationId: this.input.applicationId,
              applicantRef: this.input.applicant.iinOrBin,
              kind: 'fee-invoice',
              message: `License fee ${this.fee.mrp} MRP = ${this.fee.amountTenge} tenge: pay at ${invoice.payUrl} (Annex 2 item 6).`,
              idempotencyKey: `${this.wf}:deliver-fee-invoice`,
            }),
          );
        },
        onEvent: (e) => this.onPayment(e),
      });
      if (outcome.status === 'paid' && this.fee.status !== 'paid') Object.assign(this.fee, { status: 'paid', paidAt: outcome.paidAt });
      if (outcome.status === 'unpaid' && this.fee.status !== 'paid') this.fee.status = 'expired';
      this.refreshDecisionActions();
    } catch (e) {
      if (isCancellation(e)) return; // withdrawn (seed 004 ¶42): the review, and with it the wait for the fee, stopped
      if (!(e instanceof TechnicalFailure)) throw e;
      this.feeFailure = e;
    }
  }

  /** The fee at the MRP of the day it is charged (today, by the case clock); a year not yet published waits. */
  private async priceFee(): Promise<void> {
    const at = this.clock.now();
    const mrp = await awaitMrp({ clock: this.clock, tracker: this.tracker, regulation: 'seed 003 Annex 2 item 6', at, year: kzYearOf(at) });
    Object.assign(this.fee, { amountTenge: this.fee.mrp * mrp.tenge, mrpValue: mrp });
    this.refreshDecisionActions();
  }

  private onPayment(e: PaymentEvent): void {
    if (this.fee.status === 'paid') return;
    if (e.status === 'paid') Object.assign(this.fee, { status: 'paid', paidAt: e.at });
    else this.fee.status = e.status === 'failed' ? 'failed' : 'expired';
    this.refreshDecisionActions();
  }

  /** A callback can be late or lost: ask the gateway before deciding on an unpaid fee. */
  private async reconcileFee(): Promise<void> {
    if (this.fee.status === 'paid' || !this.fee.invoiceId) return;
    const invoiceId = this.fee.invoiceId;
    const s = await this.steps.run('reconcile-fee', () => service.getLicenseFeeInvoiceStatus({ invoiceId }));
    if (s.status === 'paid') Object.assign(this.fee, { status: 'paid', ...(s.paidAt ? { paidAt: s.paidAt } : {}) });
    this.refreshDecisionActions();
  }

  private get feePaid(): boolean {
    return this.fee.status === 'paid';
  }

  // --- re-issue ------------------------------------------------------------------------------------------

  /** The license to re-issue must be in the register, active, this service's and the applicant's. */
  private async checkLicenseToReissue(reissue: ReissueDetails): Promise<void> {
    this.previousPermit = await this.steps.run('look-up-license', () => service.lookUpPermit({ ancn: reissue.previousPermitAncn }));
    const p = this.previousPermit;
    const problem = licenseToReissueProblem(p, reissue.previousPermitAncn, this.input.applicant.iinOrBin);
    if (problem) this.precheck.push({ requirement: 'license-to-reissue', issue: p ? 'not-valid' : 'not-found', message: problem });
    this.tracker.setDetail('licenseToReissue', p ? { ancn: p.ancn, status: p.status, issuedAt: p.issuedAt, problem: problem ?? null } : { ancn: reissue.previousPermitAncn, problem });
  }

  // --- handlers and their validators ---------------------------------------------------------------------

  private registerHandlers(): void {
    const staff = (a: { actor: Actor }, action: string, stages: readonly string[]): void => {
      assertStaffOf(a.actor, LICENSOR_BODY, action);
      this.assertNotWithdrawn(action);
      assertStage(this.tracker.stage, stages, action);
    };
    this.withdrawal.install();

    setHandler(
      completenessCheckUpdate,
      (arg) => {
        const value = parse(CompletenessCheckSchema, arg, 'completeness-check');
        this.completeness = { value, actor: arg.actor.subject, at: this.clock.now() };
        return ack(STAGES.completeness, value.complete ? 'the territorial unit visits within 2 working days of registration (¶10)' : 'a refusal to consider further is sent to the applicant (¶11)');
      },
      {
        validator: (arg: WithActor<CompletenessCheck>) => {
          staff(arg, 'completeness-check', [STAGES.completeness]);
          parse(CompletenessCheckSchema, arg, 'completeness-check');
        },
      },
    );

    setHandler(
      siteInspectionUpdate,
      (arg) => {
        const value = parse(SiteInspectionSchema, arg, 'site-inspection');
        this.site = { value, actor: arg.actor.subject, at: this.clock.now() };
        return ack(STAGES.site, this.siteConforms() ? 'the licensor decides (¶12)' : 'the licensor sends a preliminary decision or decides (¶12-1)');
      },
      {
        validator: (arg: WithActor<SiteInspection>) => {
          staff(arg, 'site-inspection', [STAGES.site]);
          const value = parse(SiteInspectionSchema, arg, 'site-inspection');
          const problem = siteVisitDateProblem(value.visitedOn, this.plan.registeredAt, this.clock.now());
          if (problem) throw new Error(problem);
        },
      },
    );

    setHandler(approvingBodyRequestUpdate, (arg) => this.approvingBodies.request({ ...parse(ApprovingBodyRequestSchema, arg, 'approving-body-request'), actor: arg.actor }), {
      validator: (arg: WithActor<ApprovingBodyRequestInput>) => {
        staff(arg, 'approving-body-request', [STAGES.site, STAGES.decision]);
        parse(ApprovingBodyRequestSchema, arg, 'approving-body-request');
      },
    });

    setHandler(
      preliminaryDecisionUpdate,
      (arg) => {
        const value = parse(PreliminaryDecisionSchema, arg, 'preliminary-decision');
        this.preliminaryRequest = { value, actor: arg.actor.subject, at: this.clock.now() };
        return ack(STAGES.decision, 'the preliminary decision is signed and sent; the applicant may object within 2 working days (¶12-1)');
      },
      {
        validator: (arg: WithActor<PreliminaryDecisionInput>) => {
          if (this.canHearInRework()) assertStaffOf(arg.actor, LICENSOR_BODY, 'preliminary-decision');
          else {
            staff(arg, 'preliminary-decision', [STAGES.decision]);
            if (this.preliminaryRequest || this.final) throw new Error('preliminary-decision: a decision has already been recorded for this case');
          }
          const value = parse(PreliminaryDecisionSchema, arg, 'preliminary-decision');
          this.assertGroundsHold(value.grounds, 'preliminary-decision');
        },
      },
    );

    setHandler(
      objectionUpdate,
      (arg) => {
        const value = parse(ObjectionSchema, arg, 'objection');
        this.hearing.recordObjection({ text: value.text, attachments: value.attachments, receivedAt: this.clock.now(), actor: arg.actor.subject });
        return ack(STAGES.hearing, 'the licensor decides, considering your objection (¶12-1)');
      },
      {
        validator: (arg: WithActor<ObjectionInput>) => {
          assertApplicant(arg.actor, 'objection');
          this.assertNotWithdrawn('objection');
          assertStage(this.tracker.stage, [STAGES.hearing], 'objection');
          parse(ObjectionSchema, arg, 'objection');
          this.hearing.assertCanObject();
        },
      },
    );

    setHandler(
      finalDecisionUpdate,
      async (arg) => {
        const value = parse(FinalDecisionSchema, arg, 'final-decision');
        const stage = this.tracker.stage;
        if (this.useChain) {
          // seed 004 ¶40: the decision is the executor's draft; it is signed only when the head approves.
          // Recorded before the await: a second final-decision is refused by the validator meanwhile.
          this.final = { value, actor: arg.actor.subject, at: this.clock.now() };
          await this.submitFirstDraft(value, arg.actor);
          const first = this.participants[0] as Participant;
          return ack(stage, `the draft ${value.decision === 'issue' ? 'license' : 'reasoned refusal'} goes up the approval chain: ${first.title} (${first.subject}) reviews it first; the head's approval signs it (seed 004 ¶40)`);
        }
        this.final = { value, actor: arg.actor.subject, at: this.clock.now() };
        return ack(stage, value.decision === 'issue' ? 'the license is signed and entered in the register (¶12)' : 'the reasoned refusal is signed and sent (¶12, ¶13)');
      },
      {
        validator: (arg: WithActor<FinalDecisionInput>) => {
          staff(arg, 'final-decision', [STAGES.decision, STAGES.hearing, STAGES.final]);
          if (this.final) throw new Error('final-decision: the final decision has already been recorded');
          this.assertFinalDecisionHolds(parse(FinalDecisionSchema, arg, 'final-decision'), 'final-decision');
        },
      },
    );
    if (this.useChain) this.chains.install();

    this.approvingBodies.install();
  }

  /** seed 004 ¶42.2: once withdrawn, the review has stopped: no further action is recorded. */
  private assertNotWithdrawn(action: string): void {
    if (this.withdrawal.withdrawnAt) throw new Error(`${action}: the applicant withdrew the application at ${kzTime(this.withdrawal.withdrawnAt)}; its review has stopped (seed 004 ¶42)`);
  }

  /** The rules every final decision (and every reworked draft of it) must follow (¶12, ¶12-1, ¶13). */
  private assertFinalDecisionHolds(value: FinalDecisionInput, action: string): void {
    if (value.decision === 'issue') this.assertCanIssue(action);
    else {
      this.hearing.assertRefusalAllowed(value.grounds);
      this.assertGroundsHold(value.grounds, action);
      const problem = objectionNotConsidered(value, this.hearing.objection !== undefined, action);
      if (problem) throw new Error(problem);
    }
  }

  /** What the case knows for the licensor's decision rules (license-decisions.ts). */
  private decisionFacts(): DecisionFacts {
    return {
      feePaid: this.feePaid,
      siteConforms: this.siteConforms(),
      hearingConcluded: this.hearing.concluded,
      awaitedApprovingBodies: this.approvingBodies.awaited.map((r) => r.body),
      negativeApprovingAnswer: this.approvingBodies.negativeAnswer,
    };
  }

  /** ¶12, Annex 2 item 9: refuses the action when a license cannot be issued now. */
  private assertCanIssue(action: string): void {
    const problem = whyLicenseCannotBeIssued(this.decisionFacts(), action);
    if (problem) throw new Error(problem);
  }

  /** ¶13, Annex 2 item 9: refuses the action when a ground the case knows about does not hold. */
  private assertGroundsHold(grounds: readonly RefusalGround[], action: string): void {
    const problem = groundThatDoesNotHold(grounds, this.decisionFacts(), action);
    if (problem) throw new Error(problem);
  }

  private siteConforms(): boolean {
    return siteConforms(this.site?.value);
  }

  // --- plumbing ------------------------------------------------------------------------------------------

  /**
   * A staff decision whose deadline follows the term (seed 003 ¶12, ¶12-1): when a suspension moves the
   * term, the wait starts again against the moved deadline and the pending actions show it; at the
   * deadline without a decision the case escalates and keeps waiting (as awaitStaffDecision does).
   */
  private async awaitMovableDecision(action: string, deadline: () => StageDeadline, decision: () => unknown): Promise<void> {
    const decided = (): boolean => decision() !== undefined;
    for (;;) {
      const d = deadline();
      const settled = await this.clock.waitUntil(() => decided() || deadline().by.getTime() !== d.by.getTime(), d.by);
      if (decided()) return;
      if (settled) {
        this.refreshDecisionActions(); // the term moved: so did this stage's deadline
        continue;
      }
      await escalate(this.tracker, this.clock, action, d);
      await condition(decided);
      return;
    }
  }

  private decisionActions(): PendingAction[] {
    const actions: PendingAction[] = [{ action: 'preliminary-decision', by: 'staff', dueAt: kzTime(this.preliminaryDecisionBy) }];
    if (this.siteConforms()) actions.unshift({ action: 'final-decision', by: 'staff', dueAt: kzTime(this.dueAt) });
    actions.push({ action: 'approving-body-request', by: 'staff' });
    if (!this.feePaid) actions.push({ action: 'pay-license-fee', by: 'applicant' });
    return actions;
  }

  private staffStage(d: StageDeadline, pendingActions: PendingAction[]): { plannedBy: Date; regulation: string; waitingOn: WaitingOn; pendingActions: PendingAction[] } {
    return { plannedBy: d.by, regulation: d.regulation, waitingOn: 'staff', pendingActions };
  }

  /** Every stage change: timeline + search attributes + audit (tracker), and monitoring (¶14). */
  private async enter(stage: string, opts: Parameters<CaseTracker['enterStage']>[1] = {}): Promise<void> {
    if (this.feeFailure) throw this.feeFailure;
    await this.tracker.enterStage(stage, opts);
    await this.steps.reportToMonitoring(stage);
  }

  private async issue(kind: string, documentType: 'NTC' | 'PRM' | 'RFS', title: string, body: Record<string, unknown>): Promise<IssuedDocument> {
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

  /** The status query's details, built from the case's state when asked (CaseTracker.detailsFrom). */
  private statusDetails(): Record<string, unknown> {
    const { completeness, site } = this;
    return {
      fee: { ...this.fee },
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
        ...(this.dueAt.getTime() !== this.plan.dueAt.getTime() ? { plannedDueAt: kzTime(this.plan.dueAt), movedBecause: 'seed 004 ¶39.9-10: review suspended while an approving body answers' } : {}),
      },
      hearing: this.hearing.snapshot(),
    };
  }

  /**
   * At the decision stage the pending actions follow the fee (¶12: issue only when paid) and the term
   * (seed 004 ¶39.9-10): refreshed when either changes, so the read model records them as they are.
   */
  private refreshDecisionActions(): void {
    const t = this.tracker;
    if (!this.closed && t.outcome === 'open' && t.stage === STAGES.decision) t.setPendingActions(this.decisionActions());
  }
}

function ack(stage: string, next: string): ActionAccepted {
  return { accepted: true, stage, next };
}

/** Validates an Update's body with the action's schema: a plain Error (→ refused update) lists every problem. */
function parse<T>(schema: ZodType<T>, arg: unknown, action: string): T {
  const body = typeof arg === 'object' && arg !== null ? Object.fromEntries(Object.entries(arg).filter(([k]) => k !== 'actor')) : arg;
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`${action}: ${describeIssues(r.error, '(body)')}`);
  return r.data;
}
