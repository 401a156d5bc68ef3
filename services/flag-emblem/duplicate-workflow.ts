/**
 * A duplicate of the license to manufacture the State Flag and the State Emblem, decided in automatic
 * mode. One case = one workflow; it reads like the regulation:
 *
 *   seed 004 ¶20, ¶23  registered: the application has its ANCN; it counts as filed from its acceptance in
 *                      working hours (the term's start) — the system does not wait for it to decide; the
 *                      registration notice (¶23, ¶36.3) goes to the cabinet (patch 'flag-emblem-registration-notice')
 *   seed 004 ¶18-1     automatic review, no staff: the system makes the checks of ¶21 —
 *                      ¶21(1) the applicant exists in the state databases (and is active),
 *                      ¶21(4) the license exists in the register of permits, is the applicant's, is a
 *                      Flag/Emblem license, and its status allows a duplicate (the register's table)
 *   passed             the duplicate (kind license-duplicate, type PRM) repeating the license and naming
 *                      its ANCN, signed with the system owner's transport signature; the register records
 *                      the `duplicate` operation on the original (history row + notice, seed 004 ¶3.14,
 *                      ¶13.5); delivered to the cabinet
 *   failed             a reasoned refusal giving each failed check with its paragraph, signed by the
 *                      system; delivered to the cabinet
 *   seed 003 ¶14       every stage reported to monitoring; ¶15 an exhausted adapter → technical-failure report
 *
 * No staff Updates: nothing here waits on a person. The term (1 working day) and the absence of a fee are
 * ours, not the regulation's (services/flag-emblem/duplicate-rules.ts).
 * Deterministic: time only through the CaseClock and the pure business calendar.
 */
import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { ApplicantProfile, FlagEmblemActivities } from './license-activities';
import type { FlagEmblemDuplicateActivities } from './duplicate-activities';
import type { PermitEntry } from '../../register/permit-register';
import type { ApplicantId } from './license-rules';
import type { CalendarData } from '../../domain/calendar';
import {
  DUPLICATE_SERVICE_CODE,
  DUPLICATE_TERM_SOURCE,
  duplicateRefusalGrounds,
  LICENSOR_BODY,
  planFlagEmblemLicenseDuplicate,
  type DuplicatePlan,
  type DuplicateReason,
} from './duplicate-rules';
import type { CaseOutcome } from '../../workflows/shared/case';
import { CaseClock } from '../../workflows/shared/clock';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { decideAutomatically, type AutomaticChecks } from '../../workflows/shared/automatic-mode';
import { adapterActivities, CaseSteps, TechnicalFailure } from '../../workflows/shared/case-steps';
import { kzTime } from '../../workflows/shared/deadlines';
import { REGISTRATION_NOTICE_PATCH } from './license-review.workflow';

// --- input / output -----------------------------------------------------------------------------------

export interface FlagEmblemLicenseDuplicateInput {
  applicationId: string;
  /** ANCN of the application (seed 004 ¶20). */
  ancn: string;
  /** ISO 8601: when the portal received it (the case clock's anchor). */
  submittedAt: string;
  applicant: ApplicantId;
  /** The license to duplicate (type PRM), normalised by the API. */
  licenseAncn: string;
  reason: DuplicateReason;
  /** The calendar version the API planned the case with; none → the embedded one. */
  calendar?: CalendarData;
}

export interface FlagEmblemLicenseDuplicateResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  resultDocumentAncn?: string;
  /** The failed checks, in words with their paragraphs (refused only). */
  grounds?: string[];
}

// --- activities ---------------------------------------------------------------------------------------

// Adapters get a bounded retry: an exhausted one is a technical failure (seed 003 ¶15, shared/case-steps.ts).
const license = adapterActivities<Pick<FlagEmblemActivities, 'lookUpApplicant' | 'lookUpPermit'>>();
const register = adapterActivities<FlagEmblemDuplicateActivities>();
const common = adapterActivities<CommonActivities>();

/** The register's business refusals of the `duplicate` operation (register/permit-register.ts). */
const REGISTER_REFUSALS = ['DUPLICATE_NOT_ALLOWED', 'PERMIT_NOT_FOUND'];

export const DUPLICATE_STAGES = { registered: 'registered', automaticReview: 'automatic-review', closed: 'closed' } as const;

// --- the workflow -------------------------------------------------------------------------------------

export async function flagEmblemLicenseDuplicateWorkflow(
  input: FlagEmblemLicenseDuplicateInput,
): Promise<FlagEmblemLicenseDuplicateResult> {
  return new DuplicateCase(input).run();
}

class DuplicateCase {
  private readonly serviceCode = DUPLICATE_SERVICE_CODE;
  private readonly clock: CaseClock;
  private readonly plan: DuplicatePlan;
  private readonly tracker: CaseTracker;
  private readonly wf = workflowInfo().workflowId;
  /** seed 003 ¶14 monitoring, ¶15 technical failure; delivery to the cabinet. */
  private readonly steps: CaseSteps;
  private profile: ApplicantProfile | null = null;
  private permit: PermitEntry | null = null;

  constructor(private readonly input: FlagEmblemLicenseDuplicateInput) {
    this.clock = new CaseClock(input.submittedAt, input.calendar);
    this.plan = planFlagEmblemLicenseDuplicate(new Date(input.submittedAt), this.clock.calendar);
    this.tracker = new CaseTracker({
      applicationId: input.applicationId,
      serviceCode: this.serviceCode,
      licensorBody: LICENSOR_BODY,
      registeredAt: this.plan.registeredAt,
      dueAt: this.plan.dueAt,
      atRiskAt: this.plan.atRiskAt,
      calendarVersion: this.plan.calendarVersion,
      clock: this.clock,
      initialStage: DUPLICATE_STAGES.registered,
    });
    this.steps = new CaseSteps({
      clock: this.clock,
      tracker: this.tracker,
      serviceCode: this.serviceCode,
      keyPrefix: this.wf,
      application: input,
    });
    this.tracker.noteActor(
      'system',
      `filed ${kzTime(this.plan.submittedAt)}; counts as filed from ${kzTime(this.plan.registeredAt)} (seed 004 ¶23)`,
    );
    this.tracker.setDetail('plan', {
      submittedAt: kzTime(this.plan.submittedAt),
      registeredAt: kzTime(this.plan.registeredAt),
      dueAt: kzTime(this.plan.dueAt),
      term: DUPLICATE_TERM_SOURCE,
    });
    this.tracker.setDetail('duplicate', { licenseAncn: input.licenseAncn, reason: input.reason });
    this.tracker.setDetail('review', { mode: 'automatic', regulation: 'seed 004 ¶18-1', signature: 'system-transport-signature' });
  }

  async run(): Promise<FlagEmblemLicenseDuplicateResult> {
    void this.tracker.watchSla();
    try {
      return await this.procedure();
    } catch (e) {
      if (!(e instanceof TechnicalFailure)) throw e;
      return this.steps.closeFailed(e); // seed 003 ¶15
    }
  }

  private async procedure(): Promise<FlagEmblemLicenseDuplicateResult> {
    await this.steps.reportToMonitoring(DUPLICATE_STAGES.registered);
    // seed 004 ¶23: cases started before the notice existed replay without it.
    if (patched(REGISTRATION_NOTICE_PATCH)) await this.sendRegistrationNotice();

    // seed 004 ¶18-1: decided by the system, without staff; the result signed with the transport signature.
    const { outcome, document } = await decideAutomatically({
      clock: this.clock,
      tracker: this.tracker,
      applicationId: this.input.applicationId,
      serviceCode: this.serviceCode,
      keyPrefix: this.wf,
      checks: () => this.check(),
      grant: {
        kind: 'license-duplicate',
        documentType: 'PRM',
        title: 'Duplicate of the license to manufacture the State Flag and the State Emblem',
        body: () => this.duplicateContent(),
      },
      refuse: { kind: 'reasoned-refusal', title: 'Reasoned refusal to issue a duplicate of the license' },
      // Bounded like every adapter here: a signer down through every retry ends in the ¶15 report, not an endless wait.
      sign: (step, req) => this.steps.run(step, () => common.issueDocument(req)),
    });
    return outcome === 'issued' ? this.issued(document) : this.refused(document);
  }

  /**
   * seed 004 ¶23, ¶36.3: the notice that the application is registered — its ANCN, when it counts as filed
   * and the date of the result — in the applicant's cabinet. Signed by the system like everything in
   * automatic mode (¶18-1): ours, as ¶23 names the authorized person's ECDS and no person acts here.
   */
  private async sendRegistrationNotice(): Promise<void> {
    const registeredAt = kzTime(this.plan.registeredAt);
    const dueAt = kzTime(this.plan.dueAt);
    const doc = await this.steps.run('issue-registration-notice', () =>
      common.issueDocument({
        applicationId: this.input.applicationId,
        serviceCode: this.serviceCode,
        kind: 'registration-notice',
        documentType: 'NTC',
        signer: 'system',
        issuedAt: kzTime(this.clock.now()),
        title: 'Notice of registration of the application',
        body: {
          application: this.input.ancn,
          applicant: this.input.applicant.iinOrBin,
          service: this.serviceCode,
          registeredAt,
          resultBy: dueAt,
          regulation: 'seed 004 ¶23, ¶36.3',
        },
        idempotencyKey: `${this.wf}:issue:registration-notice`,
      }),
    );
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    await this.steps.deliver(
      doc,
      `Your request ${this.input.ancn} was registered; it counts as filed from ${registeredAt}, and the result will be issued by ${dueAt}.`,
    );
  }

  /** seed 004 ¶21(1), ¶21(4): the checks, through the state databases and the register of permits. */
  private async check(): Promise<AutomaticChecks> {
    await this.steps.reportToMonitoring(DUPLICATE_STAGES.automaticReview);
    const { applicant, licenseAncn } = this.input;
    const [profile, permit] = await Promise.all([
      this.steps.run('look-up-applicant', () => license.lookUpApplicant({ kind: applicant.kind, iinOrBin: applicant.iinOrBin })),
      this.steps.run('look-up-license', () => license.lookUpPermit({ ancn: licenseAncn })),
    ]);
    this.profile = profile;
    this.permit = permit;
    const grounds = duplicateRefusalGrounds({ applicant, profile, licenseAncn, permit });
    const own = permit !== null && permit.holderRef === applicant.iinOrBin;
    this.tracker.setDetail('checks', {
      applicantFound: profile !== null,
      ...(profile ? { applicantStatus: profile.status } : {}),
      licenseFound: permit !== null,
      // Someone else's license: its status and service are not shown to this applicant.
      ...(own && permit ? { licenseStatus: permit.status, licenseService: permit.serviceCode } : {}),
      grounds,
    });
    return { passed: grounds.length === 0, grounds };
  }

  /** The duplicate repeats the license's content and names the original (called once the checks passed). */
  private duplicateContent(): Record<string, unknown> {
    const p = this.permit;
    if (!p) throw new Error('unreachable: a duplicate without the license');
    return {
      duplicateOf: p.ancn,
      licensor: p.licensorBody,
      // The duplicate repeats the license as issued: the name on it, not today's (a change of name is a re-issue).
      licensee: { ref: p.holderRef, name: p.holderName ?? this.profile?.name ?? '' },
      activity: p.activity,
      license: {
        ancn: p.ancn,
        service: p.serviceCode,
        issuedAt: p.issuedAt,
        validFrom: p.validity.from,
        validUntil: p.validity.until ?? 'without a term',
      },
      reason: this.input.reason,
      application: this.input.ancn,
    };
  }

  private async issued(doc: IssuedDocument): Promise<FlagEmblemLicenseDuplicateResult> {
    const { licenseAncn } = this.input;
    // seed 004 ¶3.14, ¶13.5: the register records the duplicate on the original permit (its status unchanged).
    let entry: PermitEntry;
    try {
      entry = await this.steps.run('record-duplicate', () =>
        register.recordPermitDuplicate({
          idempotencyKey: `${this.wf}:register-duplicate`,
          permitAncn: licenseAncn,
          duplicateAncn: doc.ancn,
          reason: `duplicate ${doc.ancn} issued in automatic mode (seed 004 ¶18-1): the license was ${this.input.reason}`,
          at: doc.issuedAt,
          applicationId: this.input.applicationId,
        }),
      );
    } catch (e) {
      const refusal =
        e instanceof TechnicalFailure &&
        e.failure.cause instanceof ApplicationFailure &&
        REGISTER_REFUSALS.includes(e.failure.cause.type ?? '')
          ? e.failure.cause
          : null;
      if (!refusal) throw e;
      return this.refusedByRegister(doc, refusal.message);
    }
    this.tracker.setDetail('register', {
      permitAncn: entry.ancn,
      status: entry.status,
      duplicatesIssued: entry.history.filter((h) => h.action === 'duplicate-issued').length,
    });
    await this.tracker.audit('duplicate-recorded-in-register', 'system', { permitAncn: entry.ancn, duplicateAncn: doc.ancn });
    await this.steps.deliver(
      doc,
      `A duplicate ${doc.ancn} of your license ${licenseAncn} has been issued, signed by the e-licensing system (seed 004 ¶18-1).`,
    );
    await this.tracker.close('issued', { resultDocumentAncn: doc.ancn });
    await this.steps.reportToMonitoring(DUPLICATE_STAGES.closed);
    return { outcome: 'issued', resultDocumentAncn: doc.ancn };
  }

  /**
   * The license changed between the checks and the register's entry (e.g. revoked by a ¶50 death notice a
   * moment earlier): the register refuses the duplicate, so the duplicate just signed is void — never
   * delivered, named void in the refusal — and the applicant gets a system-signed reasoned refusal.
   */
  private async refusedByRegister(voided: IssuedDocument, registerSays: string): Promise<FlagEmblemLicenseDuplicateResult> {
    const grounds = [`the register of permits refused the duplicate: ${registerSays} (seed 004 ¶3.14, ¶13.5)`];
    this.tracker.setDetail('voidedDocuments', [{ ancn: voided.ancn, kind: voided.kind, reason: grounds[0] }]);
    await this.tracker.audit('duplicate-void-register-refused', 'system', { duplicateAncn: voided.ancn, registerSays });
    const doc = await this.steps.run('issue-refusal', () =>
      common.issueDocument({
        applicationId: this.input.applicationId,
        serviceCode: this.serviceCode,
        kind: 'reasoned-refusal',
        documentType: 'RFS',
        signer: 'system',
        issuedAt: kzTime(this.clock.now()),
        title: 'Reasoned refusal to issue a duplicate of the license',
        body: { ground: grounds, voidDocument: voided.ancn, decidedAutomatically: 'seed 004 ¶18-1' },
        idempotencyKey: `${this.wf}:automatic:refuse-after-register`,
      }),
    );
    this.tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    await this.steps.deliver(
      doc,
      `Your request ${this.input.ancn} for a duplicate of license ${this.input.licenseAncn} is refused: ${grounds[0]}. The duplicate ${voided.ancn} prepared a moment earlier is void. See the reasoned refusal ${doc.ancn}.`,
    );
    await this.tracker.close('refused', { resultDocumentAncn: doc.ancn });
    await this.steps.reportToMonitoring(DUPLICATE_STAGES.closed);
    return { outcome: 'refused', resultDocumentAncn: doc.ancn, grounds };
  }

  private async refused(doc: IssuedDocument): Promise<FlagEmblemLicenseDuplicateResult> {
    const grounds = duplicateRefusalGrounds({
      applicant: this.input.applicant,
      profile: this.profile,
      licenseAncn: this.input.licenseAncn,
      permit: this.permit,
    });
    await this.steps.deliver(
      doc,
      `Your request ${this.input.ancn} for a duplicate of license ${this.input.licenseAncn} is refused: ${grounds.join('; ')}. See the reasoned refusal ${doc.ancn}.`,
    );
    await this.tracker.close('refused', { resultDocumentAncn: doc.ancn });
    await this.steps.reportToMonitoring(DUPLICATE_STAGES.closed);
    return { outcome: 'refused', resultDocumentAncn: doc.ancn, grounds };
  }
}
