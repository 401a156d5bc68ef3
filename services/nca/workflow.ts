/**
 * Seed 002: the two NCA services as case workflows (one application = one workflow).
 *
 * ncaCertificateIssue reads like §2.7 of the close reading: the package is handed in (the provider's
 * counter, or a portal repeat application whose signature the API checked before anything started); the
 * intake (completeness → the A9 receipt and the case ends; the state databases → false information ¶10(1);
 * under 16 ¶10(3)); the provider's check (false information it finds, a court decision in force ¶10(2))
 * as a staff Update; then the registration certificates from the CA (¶6) and the result document; or a
 * reasoned refusal naming the ground of ¶10. Result within 1 working day of handing in (¶4(1)).
 *
 * ncaCertificateRevoke: the serials must be the applicant's (A7) or its organisation's (A8); each is
 * revoked and a new CRL is published at once (¶6(2)).
 */
import { allHandlersFinished, condition, defineUpdate, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities } from '../../activities/common-types';
import { CounterHandOver } from '../../counter/hand-over';
import { toKzIso } from '../../domain/calendar';
import type { CaseOutcome } from '../../workflows/shared/case';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { CaseClock } from '../../workflows/shared/clock';
import { assertStage, assertStaffOf, awaitStaffDecision, type Actor } from '../../workflows/shared/staff-decision';
import type { IssuedCertificateView, NcaActivities } from './activities';
import {
  channelActor,
  issueHolder,
  keysToCertify,
  NCA_LICENSOR_BODY,
  planNcaCase,
  revocationHolder,
  type NcaIssueInput,
  type NcaRevokeInput,
} from './case';
import { acceptanceNotice } from './notice';
import { COUNTER_HAND_OVER, REFUSAL_GROUNDS, RESULT_TERM_WORKING_DAYS, type RefusalGround } from './rules';

// ── Messages ──

/** The provider's check of an accepted package (seed 002 ¶10(1)–(2)); no finding = the certificates are issued. */
export interface NcaCheckRequest {
  /** ¶10(1): the false information the provider found (each a reason). */
  falseInformation?: string[];
  /** ¶10(2): a court decision in force barring issue (ours: the provider's finding; no court register is connected). */
  courtDecision?: { number: string; date: string };
  actor: Actor;
}

export const recordNcaCheckUpdate = defineUpdate<{ stage: string }, [NcaCheckRequest]>('record-nca-check');

export interface NcaResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  documentAncn?: string;
  certificates?: IssuedCertificateView[];
  revoked?: string[];
  /** A State Corporation application: how the hand-over at the branch ended (seed 002 ¶8(2)). */
  handOver?: string;
}

const common = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const nca = proxyActivities<NcaActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const TERM_REGULATION = `seed 002 ¶4(1): ${RESULT_TERM_WORKING_DAYS} working day from handing in the package`;

function caseSetup(input: NcaIssueInput | NcaRevokeInput, initialStage: string) {
  const clock = new CaseClock(input.submittedAt, input.calendar);
  const plan = planNcaCase(new Date(input.submittedAt), clock.calendar);
  const tracker = new CaseTracker({
    applicationId: input.applicationId,
    serviceCode: input.serviceCode,
    licensorBody: NCA_LICENSOR_BODY,
    registeredAt: plan.registeredAt,
    dueAt: plan.dueAt,
    atRiskAt: plan.atRiskAt,
    calendarVersion: plan.calendarVersion,
    clock,
    initialStage,
  });
  void tracker.watchSla();
  tracker.setDetail('channel', input.channel);
  const key = (step: string): string => `${workflowInfo().workflowId}:${step}`;

  /** A provider-signed document of the case (seed 002 ¶6), on its timeline; one per kind (idempotency key). */
  async function issue(kind: string, documentType: string, title: string, body: Record<string, unknown>): Promise<string> {
    const doc = await common.issueDocument({
      applicationId: input.applicationId,
      serviceCode: input.serviceCode,
      kind,
      documentType,
      signer: 'provider',
      issuedAt: toKzIso(clock.now()),
      title,
      body,
      idempotencyKey: key(`document:${kind}`),
    });
    tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    return doc.ancn;
  }

  /** The document to the applicant's cabinet, once per kind. */
  async function deliver(applicantRef: string, kind: string, ancn: string, message: string): Promise<void> {
    await common.deliverToCabinet({
      applicationId: input.applicationId,
      applicantRef,
      ancn,
      kind,
      message,
      idempotencyKey: key(`deliver:${kind}`),
    });
  }

  // seed 002 ¶3(2), ¶8(2): a package handed in at the State Corporation gets its result there.
  const handOver =
    input.channel.kind === 'state-corporation'
      ? new CounterHandOver(tracker, clock, { branchId: input.channel.branchId, operator: input.channel.operator }, COUNTER_HAND_OVER)
      : undefined;
  async function handOverAtCounter(result: NcaResult): Promise<void> {
    if (!handOver || !result.documentAncn) return;
    const v = await handOver.run(result.documentAncn);
    result.handOver = v.status;
  }

  /**
   * seed 002 ¶9: the e-mail notification-report of acceptance, to the address in the form when the applicant
   * consented; once per case (key). Behind a patch: cases started before it replay without the notice.
   */
  async function notifyAcceptance(service: 'issue' | 'revoke', form: Parameters<typeof acceptanceNotice>[0]['form']): Promise<void> {
    if (!patched('nca-acceptance-email')) return;
    const notice = acceptanceNotice({
      service,
      form,
      ancn: input.ancn,
      acceptedAt: clock.now(),
      dueAt: plan.dueAt,
      channel: input.channel,
    });
    if (!notice) return;
    const sent = await nca.sendNcaAcceptanceNotice({
      ...notice,
      applicationId: input.applicationId,
      idempotencyKey: key('email:acceptance'),
    });
    if (sent.outcome !== 'refused') {
      tracker.setDetail('acceptanceNotice', { to: notice.to, messageId: sent.messageId });
      return;
    }
    // The relay refused the notice for good (the activity returns that instead of failing forever): the
    // case says so on its status and timeline and in its audit trail, and goes on — the acceptance and
    // the term do not depend on the e-mail. No patch is needed: only this activity's new result leads
    // here (earlier histories hold a sent notice, or a send still being retried), and a sent notice runs
    // the same commands as before.
    tracker.setDetail('acceptanceNotice', { to: notice.to, refused: sent.reason });
    const current = tracker.snapshot().timeline.at(-1);
    tracker.noteActor(current?.actor ?? 'system', `the mail relay refused the acceptance notice to ${notice.to}`);
    await tracker.audit('acceptance-notice-refused', 'system', { to: notice.to, reason: sent.reason, regulation: 'seed 002 ¶9' });
  }

  return { clock, plan, tracker, key, issue, deliver, handOverAtCounter, notifyAcceptance };
}

export async function ncaCertificateIssue(input: NcaIssueInput): Promise<NcaResult> {
  const {
    clock,
    plan,
    tracker,
    key,
    issue,
    deliver: deliverTo,
    handOverAtCounter,
    notifyAcceptance,
  } = caseSetup(input, 'package-handed-in');
  const app = input.application;
  const holder = issueHolder(app.package.form);
  const deliver = (kind: string, ancn: string, message: string): Promise<void> => deliverTo(holder.bin ?? holder.iin, kind, ancn, message);
  let check: NcaCheckRequest | undefined;

  setHandler(
    recordNcaCheckUpdate,
    async (req) => {
      check = req;
      const found = (req.falseInformation?.length ?? 0) > 0 || req.courtDecision !== undefined;
      tracker.noteActor(req.actor.subject, found ? 'a refusal ground found' : 'no refusal ground');
      await tracker.audit('nca-check-recorded', req.actor.subject, {
        falseInformation: req.falseInformation ?? [],
        ...(req.courtDecision ? { courtDecision: req.courtDecision } : {}),
        regulation: 'seed 002 ¶10(1)–(2)',
      });
      return { stage: tracker.stage };
    },
    {
      validator: (req: NcaCheckRequest) => {
        assertStaffOf(req.actor, NCA_LICENSOR_BODY, recordNcaCheckUpdate.name);
        assertStage(tracker.stage, ['provider-check'], recordNcaCheckUpdate.name);
        if (req.falseInformation?.some((r) => !r.trim()))
          throw new Error(`${recordNcaCheckUpdate.name}: each false-information finding says what is false (seed 002 ¶10(1))`);
        if (req.courtDecision && (!req.courtDecision.number.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(req.courtDecision.date)))
          throw new Error(`${recordNcaCheckUpdate.name}: a court decision names its number and date (seed 002 ¶10(2))`);
      },
    },
  );

  await tracker.audit('package-handed-in', channelActor(input.channel), {
    ancn: input.ancn,
    channel: input.channel.kind,
    regulation: 'seed 002 ¶9',
  });

  // ¶9–¶10: the intake against the state databases.
  await tracker.enterStage('intake', { plannedBy: plan.dueAt, regulation: 'seed 002 ¶9–¶10', waitingOn: 'external-system' });
  const submittedOn = toKzIso(new Date(input.submittedAt)).slice(0, 10);
  const intake = await nca.ncaIntake({ package: app.package, submittedOn });
  let result: NcaResult;
  if (intake.outcome === 'incomplete') {
    // seed 002 A9: the receipt refusing intake, listing the missing documents; the case ends.
    const doc = await issue('a9-receipt', 'NTC', 'Receipt refusing to accept the documents (A9)', {
      applicationAncn: input.ancn,
      missing: intake.receipt.missing,
      copies: intake.receipt.copies,
      regulation: 'seed 002 ¶9, A9',
    });
    await deliver('a9-receipt', doc, 'The package is incomplete: the A9 receipt lists the missing documents.');
    await tracker.close('refused-to-consider', { resultDocumentAncn: doc });
    result = { outcome: 'refused-to-consider', documentAncn: doc };
  } else if (intake.outcome === 'refused') {
    result = await refuse(intake.ground, intake.reasons, 'intake');
  } else {
    // ¶9: accepted — the e-mail notice of acceptance.
    await notifyAcceptance('issue', app.package.form);
    const keys = keysToCertify(app);
    if (typeof keys === 'string') result = await refuse('false-information', [keys], 'intake');
    else {
      // ¶10(1)–(2): the provider's check of the accepted package.
      await tracker.enterStage('provider-check', {
        plannedBy: plan.dueAt,
        regulation: 'seed 002 ¶10',
        waitingOn: 'staff',
        pendingActions: [{ action: recordNcaCheckUpdate.name, by: 'staff', dueAt: toKzIso(plan.dueAt) }],
      });
      await awaitStaffDecision({
        tracker,
        clock,
        action: recordNcaCheckUpdate.name,
        deadline: { stage: 'provider-check', by: plan.dueAt, regulation: TERM_REGULATION },
        decision: () => check,
      });
      const c = check!;
      if (c.courtDecision)
        result = await refuse('court-decision', [`court decision ${c.courtDecision.number} of ${c.courtDecision.date}`], c.actor.subject);
      else if (c.falseInformation && c.falseInformation.length > 0)
        result = await refuse('false-information', c.falseInformation, c.actor.subject);
      else {
        // ¶6: the registration certificates, then the result document carrying them.
        await tracker.enterStage('issuing-certificates', { regulation: 'seed 002 ¶6', waitingOn: 'nobody' });
        const certificates = await nca.issueNcaCertificates({
          caseId: workflowInfo().workflowId,
          requestKey: key('certificate'),
          holder: { name: intake.holderName, iin: holder.iin, ...(holder.bin ? { bin: holder.bin } : {}) },
          keys,
          ...(intake.sslNames ? { dnsNames: intake.sslNames } : {}),
          notBefore: clock.now().toISOString(),
        });
        tracker.setDetail(
          'certificates',
          certificates.map((x) => ({ profile: x.profile, serial: x.serial, notAfter: x.notAfter })),
        );
        const doc = await issue('registration-certificates', 'PRM', 'Registration certificates of the NCA of the RK', {
          applicationAncn: input.ancn,
          certificates: certificates.map((x) => ({
            profile: x.profile,
            serial: x.serial,
            notBefore: x.notBefore,
            notAfter: x.notAfter,
            pem: x.certPem,
          })),
          regulation: 'seed 002 ¶6',
        });
        await deliver(
          'registration-certificates',
          doc,
          `The registration certificates ${certificates.map((x) => x.serial).join(', ')} are issued.`,
        );
        await tracker.close('issued', { resultDocumentAncn: doc });
        result = { outcome: 'issued', documentAncn: doc, certificates };
      }
    }
  }
  await handOverAtCounter(result);
  await condition(allHandlersFinished);
  return result;

  async function refuse(ground: RefusalGround, reasons: string[], actor: string): Promise<NcaResult> {
    // ¶10: the reasoned refusal, naming its ground.
    await tracker.enterStage('issuing-refusal', { regulation: REFUSAL_GROUNDS[ground], waitingOn: 'nobody', actor });
    const doc = await issue('reasoned-refusal', 'RFS', 'Reasoned refusal to issue registration certificates', {
      applicationAncn: input.ancn,
      ground,
      regulation: REFUSAL_GROUNDS[ground],
      reasons,
    });
    await deliver('reasoned-refusal', doc, `The application ${input.ancn} is refused: ${REFUSAL_GROUNDS[ground]}.`);
    await tracker.close('refused', { resultDocumentAncn: doc });
    return { outcome: 'refused', documentAncn: doc };
  }
}

export async function ncaCertificateRevoke(input: NcaRevokeInput): Promise<NcaResult> {
  const { clock, tracker, key, issue, deliver, handOverAtCounter, notifyAcceptance } = caseSetup(input, 'request-received');
  const form = input.application.form;
  const holder = revocationHolder(form);
  const applicantRef = holder.bin ?? holder.iin ?? '';
  await tracker.audit('request-received', channelActor(input.channel), {
    ancn: input.ancn,
    channel: input.channel.kind,
    serials: form.serials,
    regulation: 'seed 002 ¶9, A7/A8',
  });
  // ¶9: the request is accepted — the e-mail notice of acceptance.
  await notifyAcceptance('revoke', form);
  await tracker.enterStage('ownership-check', { regulation: 'seed 002 A7/A8', waitingOn: 'external-system' });
  const foreign = await nca.ncaForeignSerials({ form });
  let result: NcaResult;
  if (foreign.length > 0) {
    // Ours: a serial that is not the applicant's (or its organisation's) is false information (¶10(1)).
    await tracker.enterStage('issuing-refusal', { regulation: REFUSAL_GROUNDS['false-information'], waitingOn: 'nobody' });
    const ancn = await issue('reasoned-refusal', 'RFS', 'Reasoned refusal to revoke registration certificates', {
      applicationAncn: input.ancn,
      ground: 'false-information',
      regulation: REFUSAL_GROUNDS['false-information'],
      reasons: foreign.map((s) => `certificate ${s} is not issued to the applicant${form.form === 'A8' ? "'s organisation" : ''}`),
    });
    await deliver(applicantRef, 'reasoned-refusal', ancn, 'Reasoned refusal to revoke registration certificates');
    await tracker.close('refused', { resultDocumentAncn: ancn });
    result = { outcome: 'refused', documentAncn: ancn };
  } else {
    // ¶6(2): revoked, and a new CRL is published at once.
    await tracker.enterStage('revoking', { regulation: 'seed 002 ¶6(2)', waitingOn: 'nobody' });
    const revoked = await nca.revokeNcaCertificates({
      caseId: workflowInfo().workflowId,
      requestKey: key('revoke'),
      serials: form.serials,
      reason: input.application.reason,
      basis: form.form === 'A8' && form.basis === 'dismissal-order' ? 'dismissal-order' : 'application',
      actor: channelActor(input.channel),
      at: clock.now().toISOString(),
    });
    tracker.setDetail('revoked', revoked);
    const ancn = await issue('revocation-notice', 'NTC', 'Notice of revocation of registration certificates', {
      applicationAncn: input.ancn,
      revoked: revoked.map((r) => ({ serial: r.serial, outcome: r.outcome })),
      reason: input.application.reason,
      regulation: 'seed 002 ¶6(2)',
    });
    await deliver(applicantRef, 'revocation-notice', ancn, 'Notice of revocation of registration certificates');
    await tracker.close('issued', { resultDocumentAncn: ancn });
    result = { outcome: 'issued', documentAncn: ancn, revoked: revoked.map((r) => r.serial) };
  }
  await handOverAtCounter(result);
  await condition(allHandlersFinished);
  return result;
}
