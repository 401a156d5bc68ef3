/**
 * seed 003 — what the applicant receives: the acceptance with the date of the result (¶8), the refusal to
 * consider further (¶11), the license entered in the register of permits (¶12) or the reasoned refusal
 * (¶12, ¶13, Annex 2 item 9), and the end of a withdrawn review (seed 004 ¶42). Each a document signed with
 * the authorized person's ECDS, delivered to the cabinet; the case then closes.
 * Workflow code: deterministic; time only through the CaseClock.
 */
import type { IssuedDocument } from '../../activities/common-types';
import { LICENSED_ACTIVITY, LICENSOR_BODY, REFUSAL_GROUND_TEXT, type CompletenessCheck, type FinalDecisionInput } from './license-rules';
import {
  common,
  service,
  STAGES,
  type FlagEmblemLicenseResult,
  type LicenseCase,
  type Refusal,
  type SignedDecision,
  type StaffRecord,
} from './license-case.workflow';
import { kzTime } from '../../workflows/shared/deadlines';

/** ¶8: "accepted", with the date the result will be issued. */
export async function accept(c: LicenseCase): Promise<void> {
  await c.steps.reportToMonitoring(STAGES.accepted);
  await c.steps.run('deliver-acceptance', () =>
    common.deliverToCabinet({
      applicationId: c.input.applicationId,
      applicantRef: c.input.applicant.iinOrBin,
      kind: 'acceptance',
      message: `Your request ${c.input.ancn} has been accepted. The result will be issued by ${kzTime(c.plan.dueAt)}.`,
      idempotencyKey: `${c.wf}:deliver-acceptance`,
    }),
  );
}

/** ¶11: refusal to consider further, signed, to the cabinet; the case ends. */
export async function refuseToConsider(c: LicenseCase, check: StaffRecord<CompletenessCheck>): Promise<FlagEmblemLicenseResult> {
  await c.enter(STAGES.refusingToConsider, { regulation: 'seed 003 ¶11', actor: check.actor });
  const doc = await c.issue('refusal-to-consider', 'NTC', 'Refusal to consider the request further', {
    application: c.input.ancn,
    applicant: c.input.applicant.iinOrBin,
    regulation: 'seed 003 ¶11',
    findings: check.value.findings.map((f) => ({ requirement: f.requirement, reason: f.reason, note: f.note })),
    decidedBy: check.actor,
  });
  await c.steps.deliver(
    doc,
    `Your request ${c.input.ancn} is not considered further: the package is incomplete or contains expired documents (¶11).`,
  );
  await c.tracker.close('refused-to-consider', { resultDocumentAncn: doc.ancn, actor: check.actor });
  await c.steps.reportToMonitoring('closed');
  return { outcome: 'refused-to-consider', resultDocumentAncn: doc.ancn };
}

/**
 * ¶12, ¶13: the final decision (its latest draft) becomes the result: the license or the reasoned refusal,
 * signed by the head at the end of the approval chain (`signed`), or at once for cases before the chain.
 */
export async function conclude(c: LicenseCase, signed?: SignedDecision): Promise<FlagEmblemLicenseResult> {
  const final = c.final;
  if (!final) throw new Error('unreachable: no final decision');
  return final.value.decision === 'issue' ? issueLicense(c, final, signed) : refuse(c, final as StaffRecord<Refusal>, signed);
}

/** ¶12: the license, an XML document with its ANCN signed by the authorized person, then the register. */
async function issueLicense(
  c: LicenseCase,
  final: StaffRecord<FinalDecisionInput>,
  signed?: SignedDecision,
): Promise<FlagEmblemLicenseResult> {
  const actor = signed?.signedBy ?? final.actor;
  await c.enter(STAGES.issuing, { regulation: 'seed 003 ¶12', actor });
  let doc: IssuedDocument;
  if (signed) doc = signed.doc;
  else {
    const d = licenseDocument(c, final.actor);
    doc = await c.issue(d.kind, 'PRM', d.title, d.body);
  }
  await c.steps.run('enter-permit', () =>
    service.enterPermit({
      idempotencyKey: `${c.wf}:enter-permit`,
      ancn: doc.ancn,
      serviceCode: c.serviceCode,
      holderRef: c.input.applicant.iinOrBin,
      ...(c.profile ? { holderName: c.profile.name } : {}),
      licensorBody: LICENSOR_BODY,
      activity: LICENSED_ACTIVITY,
      issuedAt: doc.issuedAt,
      validity: { from: doc.issuedAt, until: null },
      applicationId: c.input.applicationId,
      ...(c.reissue ? { previousPermitAncn: c.reissue.previousPermitAncn } : {}),
    }),
  );
  await c.steps.deliver(doc, `Your license ${doc.ancn} has been issued.`);
  await c.tracker.close('issued', { resultDocumentAncn: doc.ancn, actor });
  await c.steps.reportToMonitoring('closed');
  return { outcome: 'issued', resultDocumentAncn: doc.ancn };
}

/** ¶12, ¶13: the reasoned refusal, citing the grounds of Annex 2 item 9 and the objection considered. */
async function refuse(c: LicenseCase, final: StaffRecord<Refusal>, signed?: SignedDecision): Promise<FlagEmblemLicenseResult> {
  const actor = signed?.signedBy ?? final.actor;
  await c.enter(STAGES.refusing, { regulation: 'seed 003 ¶12, ¶13', actor });
  let doc: IssuedDocument;
  if (signed) doc = signed.doc;
  else {
    const d = refusalDocument(c, final.value, final.actor);
    doc = await c.issue(d.kind, 'RFS', d.title, d.body);
  }
  await c.steps.deliver(doc, `Your request ${c.input.ancn} is refused: see the reasoned refusal ${doc.ancn}.`);
  await c.tracker.close('refused', { resultDocumentAncn: doc.ancn, actor });
  await c.steps.reportToMonitoring('closed');
  return { outcome: 'refused', resultDocumentAncn: doc.ancn, grounds: final.value.grounds };
}

/** ¶12: the license's content (signed at once, or by the head at the end of the approval chain). */
export function licenseDocument(
  c: LicenseCase,
  decidedBy: string,
): { kind: string; documentType: 'PRM'; title: string; body: Record<string, unknown> } {
  return {
    kind: c.reissue ? 'reissued-license' : 'license',
    documentType: 'PRM',
    title: c.reissue ? 'License (re-issued)' : 'License',
    body: {
      licensor: LICENSOR_BODY,
      licensee: { ref: c.input.applicant.iinOrBin, name: c.profile?.name ?? '' },
      activity: LICENSED_ACTIVITY,
      validity: 'without a term',
      application: c.input.ancn,
      ...(c.reissue ? { replaces: c.reissue.previousPermitAncn, reissueReason: c.reissue.reason } : {}),
      decidedBy,
    },
  };
}

/** ¶12, ¶13: the reasoned refusal's content: the grounds of Annex 2 item 9 and the objection considered. */
export function refusalDocument(
  c: LicenseCase,
  value: Refusal,
  decidedBy: string,
): { kind: string; documentType: 'RFS'; title: string; body: Record<string, unknown> } {
  const { grounds, reasoning, objectionConsidered } = value;
  return {
    kind: 'reasoned-refusal',
    documentType: 'RFS',
    title: 'Reasoned refusal to issue the license',
    body: {
      application: c.input.ancn,
      applicant: c.input.applicant.iinOrBin,
      grounds: grounds.map((g) => ({ code: g, annex2Item9: REFUSAL_GROUND_TEXT[g].item, text: REFUSAL_GROUND_TEXT[g].en })),
      reasoning,
      preliminaryDecision: c.hearing.preliminary?.ancn ?? '',
      objection: c.hearing.objection
        ? { received: kzTime(c.hearing.objection.receivedAt), considered: objectionConsidered ?? '' }
        : 'none within the window',
      decidedBy,
    },
  };
}

/** seed 004 ¶42.2: the withdrawal is recorded, the review stops; the applicant's cabinet shows it. */
export async function closeWithdrawn(c: LicenseCase): Promise<FlagEmblemLicenseResult> {
  const at = c.withdrawal.withdrawnAt as Date;
  const actor = c.withdrawal.actor ?? 'applicant';
  c.tracker.setDetail('withdrawal', {
    withdrawnAt: kzTime(at),
    reason: c.withdrawal.reason,
    stageWhenWithdrawn: c.tracker.stage,
    regulation: 'seed 004 ¶42',
  });
  await c.steps.run('deliver-withdrawal', () =>
    common.deliverToCabinet({
      applicationId: c.input.applicationId,
      applicantRef: c.input.applicant.iinOrBin,
      kind: 'withdrawal',
      message: `Your request ${c.input.ancn} was withdrawn at ${kzTime(at)}; its review has stopped (seed 004 ¶42).`,
      idempotencyKey: `${c.wf}:deliver-withdrawal`,
    }),
  );
  await c.tracker.close('withdrawn', { actor, note: `withdrawn by the applicant at ${kzTime(at)} (seed 004 ¶42)` });
  await c.steps.reportToMonitoring('closed');
  return { outcome: 'withdrawn' };
}
