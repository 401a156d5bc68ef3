/**
 * One complaint = one workflow, against a case of any service (seed 003 ch. 3 ¶16–17 in the 2021 wording;
 * seed 002 ch. 3 ¶11–12, the 2016 regime). It reads like the paragraphs:
 *
 *   ¶16  filed no later than 3 months from the day the applicant learned of the act: a late one is
 *        flagged, not rejected (the seed states no consequence)
 *   ¶16  APPC art. 91(4): a complaint the provider received for the reviewing body goes to it within 3
 *        working days of receipt — unless the provider meanwhile adopted a favourable act that fully
 *        satisfies it: then it is not forwarded and closes satisfied
 *   ¶16  review: the provider 5 working days from registration, the quality authority 15 from
 *        registration, the reviewing body 20 from receipt; the provider's or the quality authority's
 *        term extended once by ≤ 10 working days on the grounds of Law art. 25(4), the complainant
 *        notified with the reasons within 3 working days of the extension (a late notice is flagged)
 *   ¶16  upheld: the provider must act — the case is re-decided (a reconsideration run of its service,
 *        when the service provides one); dismissed: a reasoned decision naming the next steps (¶17)
 *   2016 (seed 002 ¶11): the head of the provider / Ministry / State Corporation 5 working days, the
 *        quality authority 15, then the court; no extension, no forwarding
 *
 * Every decision and notice is a signed XML document with its ANCN. Decisions are Updates with
 * validators (only the reviewing body's staff; grounds required; the extension once and within bounds).
 * A published calendar (a decree) moves the deadlines still ahead, as in the licensing cases.
 * Deterministic: time only through the CaseClock and the pure business calendar.
 */
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { CalendarData } from '../../domain/calendar';
import {
  COMPLAINT_SERVICE_CODE,
  EXTENSION_GROUNDS,
  EXTENSION_GROUND_TEXT,
  extendedDueAt,
  extensionNoticeBy,
  nextSteps,
  planComplaint,
  whyExtensionRefused,
  type Addressee,
  type ComplaintPlan,
  type ComplaintRegime,
  type ExtensionGround,
} from '../../domain/complaints';
import { describeAct, versionNumber, type ReferenceDataPublished } from '../../domain/reference-data';
import { adapterActivities, CaseSteps, TechnicalFailure } from '../shared/case-steps';
import { CaseClock } from '../shared/clock';
import { CaseTracker } from '../shared/case-tracker';
import type { PendingAction } from '../shared/case';
import { kzTime, type StageDeadline } from '../shared/deadlines';
import { referenceDataPublishedSignal } from '../shared/reference-data';
import { assertStage, assertStaffOf, escalate, type Actor } from '../shared/staff-decision';
import type { ComplaintActivities, ReconsiderationStart } from '../../activities/complaints-types';

// --- input / output -----------------------------------------------------------------------------------

/** The case complained against, as the API found it in the read model. */
export interface ComplainedCase {
  applicationId: string;
  serviceCode: string;
  ancn: string;
  /** The case's outcome when the complaint was filed ('open' for a complaint about inaction). */
  outcome: string;
  resultDocumentAncn?: string;
}

export const COMPLAINT_CHANNELS = ['portal', 'post', 'in-person', 'state-corporation'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export interface ComplaintInput {
  /** The complaint's id = its workflow id = its read-model record. */
  complaintId: string;
  /** The complaint's ANCN (an incoming application, seed 004 ¶20). */
  ancn: string;
  /** ISO 8601: when the addressee received it (the case clock's anchor). */
  receivedAt: string;
  regime: ComplaintRegime;
  addressee: Addressee;
  /** The body whose staff review it (a licensor-body code): the catalogue's body for the addressee. */
  body: string;
  /** The provider that rendered the service (it forwards, it may adopt a favourable act). */
  providerBody: string;
  /** seed 003 ¶16, APPC art. 91(4): filed with the provider for the reviewing body → forwarded within 3 working days. */
  viaProvider?: boolean;
  channel: ComplaintChannel;
  /** Paper complaints: the office's incoming number (seed 002 ¶11: registration is the proof of filing). */
  incomingNumber?: string;
  /** Who registered a paper complaint (staff subject); the applicant for a portal complaint. */
  registeredBy: string;
  /** ISO date or moment: the day the applicant learned of the act (the filing term runs from it). */
  learnedAt: string;
  complainant: { iinOrBin: string; name?: string };
  against: ComplainedCase;
  subject: 'decision' | 'action' | 'inaction';
  demands: string;
  /** The service re-decides an upheld case (catalogue data: ServiceComplaints.reconsideration). */
  reconsideration: boolean;
  calendar?: CalendarData;
}

export interface ComplaintResult {
  outcome: 'upheld' | 'dismissed' | 'satisfied' | 'failed';
  decisionAncn?: string;
  /** Upheld with a reconsideration: the new case and how it ended. */
  reconsideration?: { applicationId: string; outcome?: string };
}

// --- the Updates ----------------------------------------------------------------------------------------

type WithActor<T> = T & { actor: Actor };

export interface ComplaintAck {
  accepted: true;
  stage: string;
  next: string;
}

export interface ExtensionInput {
  ground: ExtensionGround;
  /** 1–10 working days (seed 003 ¶16). */
  workingDays: number;
  reasons: string;
}
export interface ExtensionNoticeInput {
  /** The reasons the complainant is told (seed 003 ¶16); defaults to the extension's. */
  reasons?: string;
}
export interface ComplaintDecisionInput {
  decision: 'upheld' | 'dismissed';
  /** The reasoned decision: grounds are required. */
  reasoning: string;
  /** Upheld: what the provider must do (default: re-decide the case). */
  remedy?: string;
}
export interface FavourableActInput {
  /** The act's ANCN or number, and what it grants. */
  act: string;
  description: string;
}

/** seed 003 ¶16: the provider's or quality authority's term extended (once, ≤ 10 working days, with grounds). */
export const complaintExtendUpdate = defineUpdate<ComplaintAck, [WithActor<ExtensionInput>]>('complaint-extend');
/** seed 003 ¶16: the complainant notified of the extension with its reasons (a signed notice). */
export const complaintExtensionNoticeUpdate = defineUpdate<ComplaintAck, [WithActor<ExtensionNoticeInput>]>('complaint-extension-notice');
/** seed 003 ¶16–17, seed 002 ¶11: the reasoned decision, upheld or dismissed. */
export const complaintDecisionUpdate = defineUpdate<ComplaintAck, [WithActor<ComplaintDecisionInput>]>('complaint-decision');
/** seed 003 ¶16 (APPC art. 91(4)): the provider forwards the complaint to the reviewing body. */
export const complaintForwardUpdate = defineUpdate<ComplaintAck, [WithActor<Record<string, never>>]>('complaint-forward');
/** seed 003 ¶16: the provider adopted a favourable act fully satisfying the complaint: not forwarded, closes satisfied. */
export const complaintFavourableActUpdate = defineUpdate<ComplaintAck, [WithActor<FavourableActInput>]>('complaint-favourable-act');

export const COMPLAINT_STAGES = {
  received: 'received',
  registered: 'registered',
  forwarding: 'forwarding',
  review: 'review',
  deciding: 'issuing-decision',
  reconsideration: 'reconsideration',
} as const;

const common = adapterActivities<CommonActivities>();
const complaints = proxyActivities<ComplaintActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Ours: a complaint is at risk from the start of the last working day of its term. */
const AT_RISK_WORKING_DAYS_BEFORE = 1;

interface Extension {
  ground: ExtensionGround;
  workingDays: number;
  reasons: string;
  at: Date;
  actor: string;
  noticeBy: Date;
  notice?: { ancn: string; at: Date; late: boolean; reasons: string };
}

interface Recorded<T> {
  value: T;
  actor: string;
  at: Date;
}

export async function complaintWorkflow(input: ComplaintInput): Promise<ComplaintResult> {
  return new Complaint(input).run();
}

class Complaint {
  private readonly clock: CaseClock;
  private plan: ComplaintPlan;
  private readonly tracker: CaseTracker;
  private readonly steps: CaseSteps;
  private readonly wf = workflowInfo().workflowId;
  /** When the reviewing body received it (a forwarded complaint: the forwarding moment). */
  private receiptAt: Date;
  private extension?: Extension;
  private decision?: Recorded<ComplaintDecisionInput>;
  private forwarded?: Recorded<Record<string, never>>;
  private favourable?: Recorded<FavourableActInput>;
  private forwardedLate = false;
  private reconsideration?: { applicationId: string; outcome?: string };
  private closed = false;
  private adoption: Promise<void> = Promise.resolve();
  /** The case starts in the provider's inbox (a complaint filed with it for the reviewing body). */
  private readonly withProviderFirst: boolean;

  constructor(private readonly input: ComplaintInput) {
    this.clock = new CaseClock(input.receivedAt, input.calendar);
    this.plan = this.planWith();
    this.receiptAt = new Date(input.receivedAt);
    // seed 003 ¶16 (APPC art. 91(4)): until it is forwarded, a complaint filed with the provider waits on
    // the provider's staff, so it is in their inbox; it moves to the reviewing body's when forwarded.
    this.withProviderFirst = input.viaProvider === true && patched('complaint-provider-inbox-until-forwarded');
    this.tracker = new CaseTracker({
      applicationId: input.complaintId,
      serviceCode: COMPLAINT_SERVICE_CODE,
      licensorBody: this.withProviderFirst ? input.providerBody : input.body,
      registeredAt: this.plan.registeredAt,
      dueAt: this.plan.forwardBy ?? this.plan.dueAt,
      atRiskAt: this.atRiskAt(this.plan.forwardBy ?? this.plan.dueAt),
      calendarVersion: this.plan.calendarVersion,
      clock: this.clock,
      initialStage: COMPLAINT_STAGES.received,
    });
    this.steps = new CaseSteps({
      clock: this.clock,
      tracker: this.tracker,
      serviceCode: COMPLAINT_SERVICE_CODE,
      keyPrefix: this.wf,
      application: { applicationId: input.complaintId, ancn: input.ancn, applicant: input.complainant },
    });
    this.installHandlers();
    this.tracker.detailsFrom(() => this.details());
  }

  private planWith(): ComplaintPlan {
    const i = this.input;
    return planComplaint(
      {
        regime: i.regime,
        addressee: i.addressee,
        receivedAt: new Date(i.receivedAt),
        learnedAt: new Date(i.learnedAt),
        ...(i.viaProvider ? { viaProvider: true } : {}),
      },
      this.clock.calendar,
    );
  }

  private atRiskAt(dueAt: Date): Date {
    return this.clock.calendar.workingDaysBefore(dueAt, AT_RISK_WORKING_DAYS_BEFORE);
  }

  // --- the procedure ------------------------------------------------------------------------------------

  async run(): Promise<ComplaintResult> {
    void this.tracker.watchSla();
    let result: ComplaintResult;
    try {
      result = await this.procedure();
    } catch (e) {
      if (!(e instanceof TechnicalFailure)) throw e;
      await this.steps.closeFailed(e);
      result = { outcome: 'failed' };
    }
    this.closed = true;
    await condition(allHandlersFinished);
    return result;
  }

  private async procedure(): Promise<ComplaintResult> {
    await this.register();
    if (this.plan.forwardBy) {
      const satisfied = await this.forwarding();
      if (satisfied) return satisfied;
    }
    await this.review();
    const decision = this.decision;
    if (!decision) throw new Error('unreachable: no decision');
    return decision.value.decision === 'upheld' ? this.uphold(decision) : this.dismiss(decision);
  }

  /** Registration (ours, as seed 003 ¶9: after hours → the next working day), its signed notice, the filing-term check. */
  private async register(): Promise<void> {
    const i = this.input;
    if (this.plan.lateFiling) {
      // seed 003 ¶16: filed after the 3 months: flagged for the reviewer, not rejected (no consequence is stated).
      await this.tracker.audit('filed-late', 'system', {
        filingDeadline: kzTime(this.plan.filingDeadline),
        receivedAt: kzTime(this.plan.receivedAt),
        regulation: 'seed 003 ¶16',
      });
    }
    await this.clock.sleepUntil(this.plan.registeredAt);
    await this.tracker.enterStage(COMPLAINT_STAGES.registered, {
      regulation: this.input.regime === '2016' ? 'seed 002 ¶11' : 'seed 003 ¶16',
      actor: i.registeredBy,
      note: `registered ${kzTime(this.plan.registeredAt)}${i.incomingNumber ? `, incoming No. ${i.incomingNumber}` : ''}`,
    });
    const doc = await this.issue('complaint-registration', 'Notice of registration of the complaint', {
      complaint: i.ancn,
      complainant: i.complainant.iinOrBin,
      against: { application: i.against.ancn, service: i.against.serviceCode, subject: i.subject },
      addressee: i.addressee,
      body: i.body,
      channel: i.channel,
      ...(i.incomingNumber ? { incomingNumber: i.incomingNumber } : {}),
      registeredAt: kzTime(this.plan.registeredAt),
      answerBy: kzTime(this.plan.dueAt),
      term: `${this.plan.term.workingDays} working days from ${this.plan.term.countedFrom} (${this.plan.term.regulation})`,
      ...(this.plan.lateFiling ? { filedAfter: `the 3-month term ended ${kzTime(this.plan.filingDeadline)} (seed 003 ¶16)` } : {}),
    });
    await this.steps.deliver(
      doc,
      `Your complaint ${i.ancn} was registered at ${kzTime(this.plan.registeredAt)}; the answer is due by ${kzTime(this.plan.dueAt)}.`,
    );
  }

  /**
   * seed 003 ¶16 (APPC art. 91(4)): the provider forwards the complaint to the reviewing body within 3
   * working days of receipt, unless it adopts a favourable act fully satisfying it first (→ satisfied).
   */
  private async forwarding(): Promise<ComplaintResult | undefined> {
    const deadline = (): StageDeadline => ({
      stage: COMPLAINT_STAGES.forwarding,
      by: this.plan.forwardBy as Date,
      regulation: 'seed 003 ¶16 (APPC art. 91(4))',
    });
    await this.tracker.enterStage(COMPLAINT_STAGES.forwarding, {
      plannedBy: deadline().by,
      regulation: deadline().regulation,
      waitingOn: 'staff',
      pendingActions: this.forwardingActions(),
    });
    const done = (): boolean => this.forwarded !== undefined || this.favourable !== undefined;
    const inTime = await this.clock.waitUntilMovable(
      done,
      () => deadline().by,
      () => this.tracker.setPendingActions(this.forwardingActions()),
    );
    if (!inTime) {
      this.forwardedLate = true;
      await escalate(this.tracker, this.clock, 'complaint-forward', deadline());
      await condition(done);
    }
    if (this.favourable) return this.closeSatisfied(this.favourable);
    // The reviewing body's 20 working days run from its receipt: the forwarding moment.
    const fwd = this.forwarded as Recorded<Record<string, never>>;
    this.receiptAt = fwd.at;
    const dueAt = this.clock.calendar.addWorkingDays(fwd.at, this.plan.term.workingDays);
    this.plan = { ...this.plan, dueAt };
    if (this.withProviderFirst) this.tracker.reassign(this.input.body);
    await this.tracker.moveDueAt(
      dueAt,
      this.atRiskAt(dueAt),
      `forwarded to the reviewing body at ${kzTime(fwd.at)}: 20 working days from its receipt (seed 003 ¶16)`,
      fwd.actor,
    );
    await this.tracker.audit('complaint-forwarded', fwd.actor, { at: kzTime(fwd.at), late: this.forwardedLate, to: this.input.body });
    return undefined;
  }

  private forwardingActions(): PendingAction[] {
    const by = this.plan.forwardBy ? kzTime(this.plan.forwardBy) : undefined;
    return [
      { action: complaintForwardUpdate.name, by: 'staff', ...(by ? { dueAt: by } : {}) },
      { action: complaintFavourableActUpdate.name, by: 'staff', ...(by ? { dueAt: by } : {}) },
    ];
  }

  private async closeSatisfied(act: Recorded<FavourableActInput>): Promise<ComplaintResult> {
    const i = this.input;
    await this.tracker.enterStage(COMPLAINT_STAGES.deciding, { actor: act.actor, regulation: 'seed 003 ¶16' });
    const doc = await this.issue('complaint-satisfied', 'Notice: the complaint is satisfied by a favourable act', {
      complaint: i.ancn,
      complainant: i.complainant.iinOrBin,
      against: i.against.ancn,
      favourableAct: act.value.act,
      description: act.value.description,
      adoptedBy: act.actor,
      adoptedAt: kzTime(act.at),
      regulation: 'seed 003 ¶16 (APPC art. 91(4)): not forwarded to the reviewing body',
    });
    await this.steps.deliver(
      doc,
      `Your complaint ${i.ancn} is satisfied by the provider's act ${act.value.act}; it is not forwarded (seed 003 ¶16).`,
    );
    await this.tracker.close('satisfied', { resultDocumentAncn: doc.ancn, actor: act.actor });
    return { outcome: 'satisfied', decisionAncn: doc.ancn };
  }

  /** seed 003 ¶16, seed 002 ¶11: the review until the reasoned decision; an extension moves the term. */
  private async review(): Promise<void> {
    const deadline = (): StageDeadline => ({ stage: COMPLAINT_STAGES.review, by: this.plan.dueAt, regulation: this.plan.term.regulation });
    await this.tracker.enterStage(COMPLAINT_STAGES.review, {
      plannedBy: deadline().by,
      regulation: deadline().regulation,
      waitingOn: 'staff',
      pendingActions: this.reviewActions(),
    });
    const decided = (): boolean => this.decision !== undefined;
    const inTime = await this.clock.waitUntilMovable(
      decided,
      () => deadline().by,
      () => this.tracker.setPendingActions(this.reviewActions()),
    );
    if (!inTime) {
      await escalate(this.tracker, this.clock, complaintDecisionUpdate.name, deadline());
      await condition(decided);
    }
  }

  private reviewActions(): PendingAction[] {
    const actions: PendingAction[] = [{ action: complaintDecisionUpdate.name, by: 'staff', dueAt: kzTime(this.plan.dueAt) }];
    if (this.plan.term.extendable && !this.extension)
      actions.push({ action: complaintExtendUpdate.name, by: 'staff', dueAt: kzTime(this.plan.dueAt) });
    const ext = this.extension;
    if (ext && !ext.notice) actions.push({ action: complaintExtensionNoticeUpdate.name, by: 'staff', dueAt: kzTime(ext.noticeBy) });
    return actions;
  }

  /** seed 003 ¶16: the extension's notice is due within 3 working days; past that it is flagged and still awaited. */
  private async watchExtensionNotice(ext: Extension): Promise<void> {
    const sent = (): boolean => ext.notice !== undefined || this.closed || this.tracker.outcome !== 'open';
    const inTime = await this.clock.waitUntilMovable(sent, () => ext.noticeBy);
    if (!inTime) {
      await this.tracker.audit('extension-notice-late', 'system', { noticeBy: kzTime(ext.noticeBy), regulation: 'seed 003 ¶16' });
      await escalate(this.tracker, this.clock, complaintExtensionNoticeUpdate.name, {
        stage: this.tracker.stage,
        by: ext.noticeBy,
        regulation: 'seed 003 ¶16',
      });
    }
  }

  private async sendExtensionNotice(ext: Extension, reasons: string, actor: string): Promise<void> {
    const i = this.input;
    const at = this.clock.now();
    const late = at.getTime() > ext.noticeBy.getTime();
    // Recorded before the document so a second notice is refused while this one is being signed.
    ext.notice = { ancn: '', at, late, reasons };
    const doc = await this.issue('complaint-extension-notice', 'Notice of the extension of the complaint review term', {
      complaint: i.ancn,
      complainant: i.complainant.iinOrBin,
      extendedBy: `${ext.workingDays} working days`,
      ground: EXTENSION_GROUND_TEXT[ext.ground],
      reasons,
      newAnswerBy: kzTime(this.plan.dueAt),
      extendedAt: kzTime(ext.at),
      noticeDueBy: kzTime(ext.noticeBy),
      ...(late ? { late: 'sent after the 3 working days of seed 003 ¶16' } : {}),
      signedFor: i.body,
      regulation: 'seed 003 ¶16 (Law on state services art. 25(4))',
    });
    ext.notice = { ancn: doc.ancn, at, late, reasons };
    await this.steps.deliver(doc, `The review of your complaint ${i.ancn} is extended to ${kzTime(this.plan.dueAt)}: ${reasons}`);
    await this.tracker.audit('extension-notice-sent', actor, { ancn: doc.ancn, late }, doc.signatureRef);
    this.tracker.setPendingActions(this.reviewActions());
  }

  /** seed 003 ¶16: upheld — the provider must act; a service that re-decides runs a reconsideration of the case. */
  private async uphold(d: Recorded<ComplaintDecisionInput>): Promise<ComplaintResult> {
    const i = this.input;
    await this.tracker.enterStage(COMPLAINT_STAGES.deciding, { actor: d.actor, regulation: this.plan.term.regulation });
    const reopen = i.reconsideration && i.against.outcome !== 'open' && i.against.outcome !== 'issued';
    const doc = await this.issue('complaint-decision', 'Decision on the complaint: upheld', {
      complaint: i.ancn,
      complainant: i.complainant.iinOrBin,
      against: {
        application: i.against.ancn,
        service: i.against.serviceCode,
        ...(i.against.resultDocumentAncn ? { act: i.against.resultDocumentAncn } : {}),
      },
      decision: 'upheld',
      reasoning: d.value.reasoning,
      providerMustAct:
        d.value.remedy ??
        (reopen
          ? 'the case is re-decided by the provider (a reconsideration of the application)'
          : 'the provider takes the action the complaint demands'),
      decidedBy: d.actor,
      body: i.body,
      regulation: this.plan.term.regulation,
    });
    await this.steps.deliver(doc, `Your complaint ${i.ancn} is upheld (${doc.ancn}).`);
    await this.tracker.close('upheld', { resultDocumentAncn: doc.ancn, actor: d.actor });
    if (!reopen) return { outcome: 'upheld', decisionAncn: doc.ancn };

    // The provider re-decides: a reconsideration run of the case's own service, linked to both.
    const start: ReconsiderationStart = await complaints.prepareReconsideration({
      complaintId: i.complaintId,
      complaintAncn: i.ancn,
      caseApplicationId: i.against.applicationId,
      upheldAt: this.clock.now().toISOString(),
      decisionAncn: doc.ancn,
    });
    this.reconsideration = { applicationId: start.workflowId };
    await this.tracker.audit('reconsideration-started', 'system', { applicationId: start.workflowId, original: i.against.applicationId });
    const child = await startChild(start.workflowType, {
      workflowId: start.workflowId,
      args: [start.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    const r = (await child.result()) as { outcome?: string } | undefined;
    this.reconsideration = { applicationId: start.workflowId, ...(r?.outcome ? { outcome: r.outcome } : {}) };
    await this.tracker.audit('reconsideration-concluded', 'system', { applicationId: start.workflowId, outcome: r?.outcome ?? 'unknown' });
    return { outcome: 'upheld', decisionAncn: doc.ancn, reconsideration: this.reconsideration };
  }

  /** seed 003 ¶17, seed 002 ¶11–12: dismissed — a reasoned decision naming where the complainant may go next. */
  private async dismiss(d: Recorded<ComplaintDecisionInput>): Promise<ComplaintResult> {
    const i = this.input;
    await this.tracker.enterStage(COMPLAINT_STAGES.deciding, { actor: d.actor, regulation: this.plan.term.regulation });
    const next = nextSteps(i.regime, i.addressee);
    const doc = await this.issue('complaint-decision', 'Decision on the complaint: dismissed', {
      complaint: i.ancn,
      complainant: i.complainant.iinOrBin,
      against: { application: i.against.ancn, service: i.against.serviceCode },
      decision: 'dismissed',
      reasoning: d.value.reasoning,
      nextSteps: next,
      decidedBy: d.actor,
      body: i.body,
      regulation: i.regime === '2016' ? 'seed 002 ¶11–12' : 'seed 003 ¶16–17',
    });
    await this.steps.deliver(doc, `Your complaint ${i.ancn} is dismissed (${doc.ancn}). You may turn to: ${next.join('; ')}.`);
    await this.tracker.close('dismissed', { resultDocumentAncn: doc.ancn, actor: d.actor });
    return { outcome: 'dismissed', decisionAncn: doc.ancn };
  }

  private async issue(kind: string, title: string, body: Record<string, unknown>): Promise<IssuedDocument> {
    const doc = await this.steps.run(`issue-${kind}`, () =>
      common.issueDocument({
        applicationId: this.input.complaintId,
        serviceCode: COMPLAINT_SERVICE_CODE,
        kind,
        documentType: 'NTC',
        signer: 'provider', // the reviewing official's ECDS
        issuedAt: this.clock.now().toISOString(),
        title,
        body,
        idempotencyKey: `${this.wf}:issue:${kind}`,
      }),
    );
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    return doc;
  }

  // --- the Updates and their validators -----------------------------------------------------------------

  private assertOpenAt(stages: readonly string[], action: string): void {
    if (this.closed || this.tracker.outcome !== 'open') throw new Error(`${action}: the complaint is closed (${this.tracker.outcome})`);
    assertStage(this.tracker.stage, stages, action);
  }

  private installHandlers(): void {
    const S = COMPLAINT_STAGES;
    setHandler(
      complaintExtendUpdate,
      (arg) => {
        const now = this.clock.now();
        const previous = this.plan.dueAt;
        this.plan = { ...this.plan, dueAt: extendedDueAt(previous, arg.workingDays, this.clock.calendar) };
        const ext: Extension = {
          ground: arg.ground,
          workingDays: arg.workingDays,
          reasons: arg.reasons,
          at: now,
          actor: arg.actor.subject,
          noticeBy: extensionNoticeBy(now, this.clock.calendar),
        };
        this.extension = ext;
        this.tracker.setPendingActions(this.reviewActions());
        void this.watchExtensionNotice(ext);
        return this.tracker
          .moveDueAt(
            this.plan.dueAt,
            this.atRiskAt(this.plan.dueAt),
            `extended by ${arg.workingDays} working days: ${EXTENSION_GROUND_TEXT[arg.ground]} (seed 003 ¶16)`,
            arg.actor.subject,
          )
          .then(() => ({
            accepted: true as const,
            stage: this.tracker.stage,
            next: `answer due by ${kzTime(this.plan.dueAt)}; notify the complainant with the reasons by ${kzTime(ext.noticeBy)} (seed 003 ¶16)`,
          }));
      },
      {
        validator: (arg: WithActor<ExtensionInput>) => {
          const action = complaintExtendUpdate.name;
          assertStaffOf(arg.actor, this.input.body, action);
          this.assertOpenAt([S.review], action);
          if (!(EXTENSION_GROUNDS as readonly string[]).includes(arg.ground))
            throw new Error(`${action}: ground must be one of ${EXTENSION_GROUNDS.join(', ')} (seed 003 ¶16, Law art. 25(4))`);
          if (typeof arg.reasons !== 'string' || arg.reasons.trim().length === 0)
            throw new Error(`${action}: the reasons are required (seed 003 ¶16)`);
          const why = whyExtensionRefused(this.plan.term, this.extension !== undefined, arg.workingDays);
          if (why) throw new Error(`${action}: ${why}`);
        },
      },
    );
    setHandler(
      complaintExtensionNoticeUpdate,
      async (arg) => {
        const ext = this.extension as Extension;
        await this.sendExtensionNotice(ext, arg.reasons?.trim() || ext.reasons, arg.actor.subject);
        return { accepted: true as const, stage: this.tracker.stage, next: `decision due by ${kzTime(this.plan.dueAt)}` };
      },
      {
        validator: (arg: WithActor<ExtensionNoticeInput>) => {
          const action = complaintExtensionNoticeUpdate.name;
          assertStaffOf(arg.actor, this.input.body, action);
          this.assertOpenAt([S.review], action);
          if (!this.extension) throw new Error(`${action}: the term was not extended`);
          if (this.extension.notice) throw new Error(`${action}: the notice was already sent`);
        },
      },
    );
    setHandler(
      complaintDecisionUpdate,
      (arg) => {
        this.decision = {
          value: { decision: arg.decision, reasoning: arg.reasoning.trim(), ...(arg.remedy ? { remedy: arg.remedy } : {}) },
          actor: arg.actor.subject,
          at: this.clock.now(),
        };
        return {
          accepted: true as const,
          stage: this.tracker.stage,
          next: `the signed decision (${arg.decision}) goes to the complainant`,
        };
      },
      {
        validator: (arg: WithActor<ComplaintDecisionInput>) => {
          const action = complaintDecisionUpdate.name;
          assertStaffOf(arg.actor, this.input.body, action);
          this.assertOpenAt([S.review], action);
          if (this.decision) throw new Error(`${action}: already decided (${this.decision.value.decision})`);
          if (arg.decision !== 'upheld' && arg.decision !== 'dismissed') throw new Error(`${action}: decision must be upheld or dismissed`);
          if (typeof arg.reasoning !== 'string' || arg.reasoning.trim().length < 10)
            throw new Error(`${action}: a reasoned decision: the grounds (reasoning, at least 10 characters) are required`);
        },
      },
    );
    setHandler(
      complaintForwardUpdate,
      (arg) => {
        this.forwarded = { value: {}, actor: arg.actor.subject, at: this.clock.now() };
        return {
          accepted: true as const,
          stage: this.tracker.stage,
          next: `the reviewing body (${this.input.body}) reviews it within 20 working days of receipt (seed 003 ¶16)`,
        };
      },
      {
        validator: (arg: WithActor<Record<string, never>>) => {
          const action = complaintForwardUpdate.name;
          assertStaffOf(arg.actor, this.input.providerBody, action);
          this.assertOpenAt([S.forwarding], action);
          if (this.forwarded || this.favourable) throw new Error(`${action}: already ${this.forwarded ? 'forwarded' : 'satisfied'}`);
        },
      },
    );
    setHandler(
      complaintFavourableActUpdate,
      (arg) => {
        this.favourable = { value: { act: arg.act, description: arg.description }, actor: arg.actor.subject, at: this.clock.now() };
        return { accepted: true as const, stage: this.tracker.stage, next: 'not forwarded: the complaint closes satisfied (seed 003 ¶16)' };
      },
      {
        validator: (arg: WithActor<FavourableActInput>) => {
          const action = complaintFavourableActUpdate.name;
          assertStaffOf(arg.actor, this.input.providerBody, action);
          this.assertOpenAt([S.forwarding], action);
          if (this.forwarded || this.favourable) throw new Error(`${action}: already ${this.forwarded ? 'forwarded' : 'satisfied'}`);
          if (typeof arg.act !== 'string' || !arg.act.trim() || typeof arg.description !== 'string' || !arg.description.trim())
            throw new Error(`${action}: the act and what it grants are required`);
        },
      },
    );
    setHandler(referenceDataPublishedSignal, (p) => {
      this.adoption = this.adoption.then(() => this.adoptReferenceData(p));
      return this.adoption;
    });
  }

  // --- law as data: a decree published while the complaint runs -------------------------------------------

  /**
   * A newer calendar version: the deadlines still ahead — the forwarding, the review term (with its
   * extension, from the same starting moment) and the extension notice — are computed again; each move is
   * on the timeline with the act.
   */
  private async adoptReferenceData(p: ReferenceDataPublished): Promise<void> {
    this.clock.publications += 1;
    if (p.kind !== 'calendar' || this.closed || this.tracker.outcome !== 'open') return;
    if (versionNumber(p.calendar.version) <= versionNumber(this.clock.calendar.version)) return;
    const because = `${p.summary} by ${describeAct(p.act)} (calendar ${p.version})`;
    const now = this.clock.now();
    const before = { ...this.plan, noticeBy: this.extension?.noticeBy };
    this.clock.adopt(p.calendar);
    const fresh = this.planWith();
    const cal = this.clock.calendar;
    const moves: Array<{ deadline: string; from: Date; to: Date }> = [];
    const ahead = (d: Date | undefined): d is Date => d !== undefined && d.getTime() > now.getTime();
    if (ahead(before.forwardBy) && fresh.forwardBy && fresh.forwardBy.getTime() !== before.forwardBy.getTime() && !this.forwarded) {
      moves.push({ deadline: 'forwardBy', from: before.forwardBy, to: fresh.forwardBy });
      this.plan = { ...this.plan, forwardBy: fresh.forwardBy };
    }
    if (ahead(before.dueAt)) {
      const from = this.plan.term.countedFrom === 'receipt' ? this.receiptAt : this.plan.registeredAt;
      let dueAt = cal.addWorkingDays(from, this.plan.term.workingDays);
      if (this.extension) dueAt = extendedDueAt(dueAt, this.extension.workingDays, cal);
      if (dueAt.getTime() !== before.dueAt.getTime()) {
        moves.push({ deadline: 'dueAt', from: before.dueAt, to: dueAt });
        this.plan = { ...this.plan, dueAt };
      }
    }
    const ext = this.extension;
    if (ext && !ext.notice && ahead(before.noticeBy)) {
      const noticeBy = extensionNoticeBy(ext.at, cal);
      if (noticeBy.getTime() !== before.noticeBy.getTime()) {
        moves.push({ deadline: 'extensionNoticeBy', from: before.noticeBy, to: noticeBy });
        ext.noticeBy = noticeBy;
      }
    }
    const stageDeadline = this.tracker.stage === COMPLAINT_STAGES.forwarding ? 'forwardBy' : 'dueAt';
    for (const m of moves) {
      const reason = `${m.deadline} ${kzTime(m.from)} → ${kzTime(m.to)}: ${because}`;
      if (m.deadline === (this.plan.forwardBy && !this.forwarded ? 'forwardBy' : 'dueAt'))
        await this.tracker.moveDueAt(m.to, this.atRiskAt(m.to), reason, 'system');
      await this.tracker.recordDeadlineMove(
        { deadline: m.deadline, from: kzTime(m.from), to: kzTime(m.to), reason, calendarVersion: p.version },
        { stageDeadline: m.deadline === stageDeadline },
      );
    }
    if (this.tracker.stage === COMPLAINT_STAGES.review) this.tracker.setPendingActions(this.reviewActions());
    if (this.tracker.stage === COMPLAINT_STAGES.forwarding) this.tracker.setPendingActions(this.forwardingActions());
    this.tracker.setCalendarVersion(p.version);
    await this.tracker.audit('calendar-adopted', 'system', {
      version: p.version,
      act: describeAct(p.act),
      moved: moves.map((m) => m.deadline),
    });
  }

  // --- the status -----------------------------------------------------------------------------------------

  private details(): Record<string, unknown> {
    const i = this.input;
    const ext = this.extension;
    return {
      complaint: {
        ancn: i.ancn,
        regime: i.regime,
        addressee: i.addressee,
        body: i.body,
        providerBody: i.providerBody,
        channel: i.channel,
        ...(i.incomingNumber ? { incomingNumber: i.incomingNumber } : {}),
        subject: i.subject,
        demands: i.demands,
        against: i.against,
      },
      filing: {
        learnedAt: i.learnedAt,
        filingDeadline: kzTime(this.plan.filingDeadline),
        receivedAt: kzTime(this.plan.receivedAt),
        late: this.plan.lateFiling,
        regulation: 'seed 003 ¶16: no later than 3 months from the day the applicant learned',
      },
      terms: {
        registeredAt: kzTime(this.plan.registeredAt),
        receiptAt: kzTime(this.receiptAt),
        dueAt: kzTime(this.plan.dueAt),
        workingDays: this.plan.term.workingDays,
        countedFrom: this.plan.term.countedFrom,
        extendable: this.plan.term.extendable,
        regulation: this.plan.term.regulation,
        calendarVersion: this.clock.calendar.version,
        ...(this.plan.forwardBy ? { forwardBy: kzTime(this.plan.forwardBy) } : {}),
      },
      ...(this.forwarded ? { forwarded: { at: kzTime(this.forwarded.at), by: this.forwarded.actor, late: this.forwardedLate } } : {}),
      ...(this.favourable
        ? { favourableAct: { ...this.favourable.value, by: this.favourable.actor, at: kzTime(this.favourable.at) } }
        : {}),
      ...(ext
        ? {
            extension: {
              ground: ext.ground,
              workingDays: ext.workingDays,
              reasons: ext.reasons,
              at: kzTime(ext.at),
              by: ext.actor,
              noticeBy: kzTime(ext.noticeBy),
              ...(ext.notice ? { notice: { ancn: ext.notice.ancn, at: kzTime(ext.notice.at), late: ext.notice.late } } : {}),
            },
          }
        : {}),
      ...(this.decision ? { decision: { ...this.decision.value, by: this.decision.actor, at: kzTime(this.decision.at) } } : {}),
      ...(this.decision?.value.decision === 'dismissed' ? { nextSteps: nextSteps(i.regime, i.addressee) } : {}),
      ...(this.reconsideration ? { reconsideration: this.reconsideration } : {}),
    };
  }
}
