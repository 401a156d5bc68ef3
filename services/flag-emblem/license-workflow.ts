/**
 * Seed 003 — license to manufacture the State Flag and the State Emblem, and its re-issue.
 * One case = one workflow; its procedure (LicensingCase.procedure below) reads like the regulation:
 *
 *   ¶8   accepted: the applicant sees "accepted" and the date the result will be issued (plan.dueAt)
 *   fee  10 MRP (issue) / 1 MRP (re-issue) through the payment gateway, paid alongside the review (Annex 2 item 6)
 *   ¶9   registered on the day of receipt; after hours, weekends, holidays → the next working day
 *   ¶7   identity and registration data from the state databases (not from the applicant)
 *   ¶10  completeness check within 1 working day → ¶11 incomplete: refusal to consider, case ends
 *   ¶10  site visit by the territorial unit within 2 working days: conclusion per requirement
 *   ¶12  decision within 7 working days; ¶12-1 before any refusal: preliminary decision (≤ 3 working days
 *        before dueAt), 2 working days to object
 *   seed 004 ¶40 the decision is the executor's draft; it goes up the approval chain (approve → next,
 *        reject → rework); the head's approval is the signature that issues it (patch
 *        'flag-emblem-approval-chain': cases started before it sign at once, as they did)
 *   ¶12, ¶13 the result: a signed license (entered in the register) or a reasoned refusal
 * and, beside the procedure:
 *   seed 004 ¶39 optional requests to approving state bodies (Annex 2 item 9(4)); the answer is awaited
 *        until the ¶12-1 milestone, inside the 7 working days: seed 003 provides no suspension, which ¶39.9
 *        allows only where the service's law does (TERM_SUSPENSION; cases that suspended before patch
 *        'approving-body-no-suspension' keep their signed notices and moved deadlines)
 *   seed 004 ¶42 the applicant may withdraw the application until the review ends: the review stops
 *   ¶14  every stage change reported to monitoring; ¶15 an exhausted adapter → technical-failure report
 *
 * The steps, by concern: license-review (¶7, ¶9, ¶10–¶11), license-decision (¶12, ¶12-1, ¶40),
 * license-results (¶8, ¶11, ¶12, ¶13, ¶42), license-fee (Annex 2 item 6), license-handlers (the Updates
 * and their validators), on the case's state and building blocks (license-case); the decision rules are
 * pure functions (license-decision-rules.ts). A staff deadline passed without action escalates the case instead
 * of waiting silently (workflows/shared/staff-decision.ts).
 * Deterministic: time only through the CaseClock and the pure business calendar.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { ReissueDetails } from './license-rules';
import type { ServiceCode } from '../../domain/services';
import {
  LicenseCase,
  type FlagEmblemLicenseInput,
  type FlagEmblemLicenseReissueInput,
  type FlagEmblemLicenseResult,
} from './license-case.workflow';
import { installHandlers } from './license-handlers.workflow';
import { checkCompleteness, identifyApplicant, inspectSite, register } from './license-review.workflow';
import { approve, decide } from './license-decision.workflow';
import { accept, closeWithdrawn, conclude, refuseToConsider } from './license-results.workflow';
import { TechnicalFailure } from '../../workflows/shared/case-steps';

// --- messages: the Updates the API sends, and the shared blocks' ------------------------------------------

export type {
  ActionAccepted,
  WithActor,
  FlagEmblemLicenseInput,
  FlagEmblemLicenseReissueInput,
  FlagEmblemLicenseResult,
} from './license-case.workflow';
export {
  approvingBodyRequestUpdate,
  completenessCheckUpdate,
  finalDecisionUpdate,
  objectionUpdate,
  preliminaryDecisionUpdate,
  siteInspectionUpdate,
} from './license-handlers.workflow';
/** What the staff see after sending a request: its numbers, answer-by moment and the term (seed 004 ¶39.9-10). */
export type { ApprovingBodyRequestSent } from '../../workflows/shared/approving-body';
/** The approving body's answer (external system → signal). */
export { approvingBodyAnswerSignal } from '../../workflows/shared/approving-body';
/** seed 004 ¶42: the applicant withdraws the application (the shared block's Update, refused once the review has ended). */
export { withdrawUpdate } from '../../workflows/shared/withdrawal';
/** seed 004 ¶40: the executor (re)submits the draft decision; the chain's participants approve or reject it in turn. */
export { draftReviewUpdate, draftSubmitUpdate } from '../../workflows/shared/approval-chain';

// --- the workflows ------------------------------------------------------------------------------------

export async function flagEmblemLicenseWorkflow(input: FlagEmblemLicenseInput): Promise<FlagEmblemLicenseResult> {
  return new LicensingCase('flag-emblem-license', input).run();
}

/** Re-issue: the same procedure (¶10–¶13 make no exception), 7 working days (¶12), 1 MRP (Annex 2 item 6(2)). */
export async function flagEmblemLicenseReissueWorkflow(input: FlagEmblemLicenseReissueInput): Promise<FlagEmblemLicenseResult> {
  return new LicensingCase('flag-emblem-license-reissue', input, input.reissue).run();
}

// --- the case -----------------------------------------------------------------------------------------

class LicensingCase extends LicenseCase {
  constructor(serviceCode: ServiceCode, input: FlagEmblemLicenseInput, reissue?: ReissueDetails) {
    super(serviceCode, input, reissue);
    installHandlers(this);
  }

  async run(): Promise<FlagEmblemLicenseResult> {
    void this.tracker.watchSla();
    let result: FlagEmblemLicenseResult;
    try {
      // seed 004 ¶42: a withdrawal cancels the review wherever it stands (timers, waits, activities).
      const reviewed = await this.withdrawal.guard(() => this.procedure());
      result = reviewed === 'withdrawn' ? await closeWithdrawn(this) : reviewed;
    } catch (e) {
      if (!(e instanceof TechnicalFailure)) throw e;
      this.failed = e;
      result = await this.steps.closeFailed(e); // ¶15: the technical failure reported, the case ends 'failed'
    }
    this.closed = true;
    await this.approvingBodies.settled(); // seed 004 ¶39: the wait for answers (and any suspension) ends with the case
    await condition(allHandlersFinished);
    return result;
  }

  private async procedure(): Promise<FlagEmblemLicenseResult> {
    if (this.input.reconsideration) return this.reconsider();
    await accept(this); // ¶8: "accepted", with the date the result will be issued
    await this.fee.invoice(); // Annex 2 item 6: the fee's invoice; it is paid alongside the review
    await register(this); // ¶9: on the day of receipt, or at 09:00 of the next working day
    await identifyApplicant(this); // ¶7: from the state databases (a re-issue: and the license to re-issue)

    const completeness = await checkCompleteness(this); // ¶10: within 1 working day
    if (!completeness.value.complete) return refuseToConsider(this, completeness); // ¶11

    const site = await inspectSite(this, completeness.actor); // ¶10: the site visit within 2 working days
    const decision = await decide(this, site.actor); // ¶12: issue, or ¶12-1: preliminary decision, hearing, then decide
    const signed = this.useChain ? await approve(this, decision) : undefined; // seed 004 ¶40: up the chain; the head signs
    return conclude(this, signed); // ¶12: the license, entered in the register, or ¶13: the reasoned refusal
  }

  /**
   * seed 003 ¶16: a complaint against the refusal was upheld, so the provider re-decides the application:
   * the fee paid in the original case is carried over, the package and site stand as checked there, and
   * the case goes straight to the staff's decision and the approval chain, within the ¶12 term counted
   * from the upheld decision (ours: the seed sets no term for a re-decision).
   */
  private async reconsider(): Promise<FlagEmblemLicenseResult> {
    const r = this.input.reconsideration;
    if (!r) throw new Error('unreachable: not a reconsideration');
    this.tracker.setDetail('reconsideration', {
      ...r,
      regulation: 'seed 003 ¶16 (upheld complaint); term: seed 003 ¶12 from the decision (ours)',
    });
    await accept(this);
    this.fee.carriedOver(r.originalApplicationId);
    await register(this);
    await identifyApplicant(this);
    const decision = await decide(this, 'system');
    const signed = this.useChain ? await approve(this, decision) : undefined;
    return conclude(this, signed);
  }
}
