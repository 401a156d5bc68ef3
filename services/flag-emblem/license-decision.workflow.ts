/**
 * seed 003 ¶12, ¶12-1 and seed 004 ¶40 — the licensor decides:
 *   ¶12    within the term: a license (after a conforming site inspection and a paid fee), or
 *   ¶12-1  before any refusal a preliminary decision (≤ 3 working days before the term), the applicant's
 *          2 working days to object (the hearing, workflows/shared/hearing.ts), then the final decision;
 *   ¶40    the final decision is the executor's draft: it climbs the approval chain (approve → next, reject
 *          → rework); the head's approval is the signature. A license draft returned in rework may turn
 *          into a refusal only through the hearing (¶40.3 with ¶12-1).
 * Deadlines follow the term, which a suspension moves (seed 004 ¶39.9-10).
 * Workflow code: deterministic; time only through the CaseClock.
 */
import {
  FINAL_DECISION_CHAIN,
  FinalDecisionSchema,
  objectionWindowEnd,
  REFUSAL_GROUND_TEXT,
  type FinalDecisionInput,
} from './license-rules';
import { isPreliminaryDecisionLate } from './license-decision-rules';
import { parse, STAGES, type LicenseCase, type SignedDecision, type StaffRecord } from './license-case.workflow';
import { licenseDocument, refusalDocument } from './license-results.workflow';
import type { Participant } from '../../workflows/shared/approval-chain';
import { kzTime, type StageDeadline } from '../../workflows/shared/deadlines';
import type { Actor } from '../../workflows/shared/staff-decision';

/**
 * ¶12 / ¶12-1: waits for the licensor's decision by the preliminary-decision deadline: a final decision
 * at once, or a preliminary decision to refuse, the hearing, then the final decision by the term's end.
 */
export async function decide(c: LicenseCase, siteActor: string): Promise<StaffRecord<FinalDecisionInput>> {
  await c.fee.reconcile();
  // The deadline follows the term: a suspension while an approving body answers moves it (seed 004 ¶39.9-10).
  const decisionDeadline = (): StageDeadline => ({ stage: STAGES.decision, by: c.preliminaryDecisionBy, regulation: 'seed 003 ¶12-1' });
  await c.enter(STAGES.decision, { ...c.staffStage(decisionDeadline(), c.decisionActions()), actor: siteActor });
  await c.awaitMovableDecision('final-decision or preliminary-decision', decisionDeadline, () => c.final ?? c.preliminaryRequest);

  if (!c.final) {
    // ¶12-1: the hearing — preliminary decision, objection window, then the final decision.
    await hear(c, () => c.final !== undefined);
    if (!c.final) {
      const finalDeadline = (): StageDeadline => ({ stage: STAGES.final, by: c.dueAt, regulation: 'seed 003 ¶12' });
      await c.enter(STAGES.final, {
        ...c.staffStage(finalDeadline(), [{ action: 'final-decision', by: 'staff', dueAt: kzTime(c.dueAt) }]),
        actor: c.hearing.objection?.actor ?? 'system',
      });
      await c.awaitMovableDecision('final-decision', finalDeadline, () => c.final);
    }
  }
  if (!c.final) throw new Error('unreachable: no final decision');
  return c.final;
}

/** ¶12-1: the signed preliminary decision to the applicant, then the objection window until `stop()`. */
async function hear(c: LicenseCase, stop: () => boolean): Promise<void> {
  await sendPreliminaryDecision(c);
  await c.hearing.run(c.tracker, stop, (stage, opts) => c.enter(stage, { ...opts, actor: c.preliminaryRequest?.actor ?? 'system' }));
}

/** ¶12-1: the preliminary decision (NTC) with its grounds, delivered; the objection window opens at its receipt. */
async function sendPreliminaryDecision(c: LicenseCase): Promise<void> {
  const pd = c.preliminaryRequest;
  if (!pd) throw new Error('unreachable: no preliminary decision recorded');
  const late = isPreliminaryDecisionLate(c.clock.now(), c.dueAt, c.clock.calendar);
  const doc = await c.issue('preliminary-decision', 'NTC', 'Preliminary decision to refuse (hearing)', {
    application: c.input.ancn,
    applicant: c.input.applicant.iinOrBin,
    grounds: pd.value.grounds.map((g) => ({ code: g, annex2Item9: REFUSAL_GROUND_TEXT[g].item, text: REFUSAL_GROUND_TEXT[g].en })),
    reasoning: pd.value.reasoning,
    objectionWithin: 'seed 003 ¶12-1: 2 working days of receiving this decision',
    decidedBy: pd.actor,
  });
  const receivedAt = c.clock.now();
  await c.steps.deliver(
    doc,
    `Preliminary decision ${doc.ancn}: the licensor intends to refuse. You may object by ${kzTime(objectionWindowEnd(receivedAt, c.clock.calendar, c.applicantTermsEndOfDay))}.`,
  );
  c.hearing.open({ grounds: pd.value.grounds, reasoning: pd.value.reasoning, ancn: doc.ancn, receivedAt, actor: pd.actor, late });
  await c.tracker.audit('preliminary-decision-sent', pd.actor, { ancn: doc.ancn, grounds: pd.value.grounds, late }, doc.signatureRef);
}

// --- approval of the final decision (seed 004 ¶40) -----------------------------------------------------

/**
 * seed 004 ¶40: the decision climbs the approval chain until the head signs it. When the chain returns a
 * license draft and the executor turns to a refusal, the applicant is heard first (¶40.3 with seed 003
 * ¶12-1), then the reworked draft climbs the chain again.
 */
export async function approve(c: LicenseCase, decision: StaffRecord<FinalDecisionInput>): Promise<SignedDecision> {
  let signed = await approveDecision(c, decision);
  if (signed === 'hearing') {
    await hear(c, () => c.chains.view(FINAL_DECISION_CHAIN).state !== 'rework');
    signed = await approveDecision(c, c.final ?? decision);
  }
  if (signed === 'hearing') throw new Error('unreachable: a second hearing');
  return signed;
}

/**
 * seed 004 ¶40.2-4: the final decision (already the chain's first draft) climbs the chain; a rejection
 * returns it to the executor, whose resubmission may change it (c.final follows the latest draft).
 * The stage's deadline is the term itself (seed 003 ¶12): past it unsigned, the case escalates.
 * Returns the document the head's approval signed, with who signed.
 */
async function approveDecision(c: LicenseCase, first: StaffRecord<FinalDecisionInput>): Promise<SignedDecision | 'hearing'> {
  const deadline = (): StageDeadline => ({ stage: STAGES.approval, by: c.dueAt, regulation: 'seed 003 ¶12, seed 004 ¶40' });
  const hearingFirst = (): boolean => c.preliminaryRequest !== undefined && c.hearing.preliminary === undefined;
  await c.enter(STAGES.approval, {
    ...c.staffStage(deadline(), c.approvalActions(c.chains.view(FINAL_DECISION_CHAIN))),
    actor: first.actor,
  });
  await c.awaitMovableDecision('draft-review', deadline, () =>
    c.chains.view(FINAL_DECISION_CHAIN).state === 'signed' || hearingFirst() ? true : undefined,
  );
  if (hearingFirst()) return 'hearing';
  const doc = await c.chains.signed(FINAL_DECISION_CHAIN);
  const head = c.participants.at(-1) as Participant;
  c.tracker.noteActor(head.subject, `signed ${doc.ancn}`);
  return { doc, signedBy: head.subject };
}

/** Opens the chain with the employee's decision as its first draft (the `final-decision` Update). */
export async function submitFirstDraft(c: LicenseCase, value: FinalDecisionInput, actor: Actor): Promise<void> {
  c.chains.open({
    name: FINAL_DECISION_CHAIN,
    executor: actor.subject,
    participants: c.participants,
    document: { kind: c.reissue ? 'reissued-license' : 'license', documentType: 'PRM', title: 'License' },
    validateContent: (content, _actor, action) => c.assertFinalDecisionHolds(parse(FinalDecisionSchema, content, action), action),
    documentFor: (content) => {
      const v = parse(FinalDecisionSchema, content, 'draft-submit');
      const by = c.final?.actor ?? actor.subject;
      return v.decision === 'issue' ? licenseDocument(c, by) : refusalDocument(c, v, by);
    },
  });
  await c.chains.submitDraft({ chain: FINAL_DECISION_CHAIN, content: value, actor });
}
