/**
 * Seed 001: the five MNE licensing services as one case workflow (one application = one workflow), whichever
 * channel brought the application (the portal, or the State Corporation counter: counter/visit.workflow.ts
 * forwards it here). It reads like the provider's side of seed 001: registration in e-licensing (¶8(1),
 * ¶11(8)); the provider's check and its conclusion on the Annex 3 form (¶11(9), C2); a refusal, after the
 * hearing the Administrative Procedural-Procedural Code requires (art. 73), is a notification of refusal
 * "for violations in the applicant's data" (¶11(10), P8); an approval is the electronic licence signed with
 * the ECDS of the provider's authorized person and entered in the register (¶11(11), P9), after the draft
 * licence has climbed the provider's approval chain (workflows/shared/approval-chain.ts; its participants
 * are the service's data, ours before the authorized person, who signs). For a counter application the
 * result is then handed over at the branch (¶12; counter/hand-over.ts).
 * Cases started before the chain existed sign the licence directly and replay so (patch 'mne-license-approval-chain').
 */
import { allHandlersFinished, condition, defineUpdate, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CommonActivities } from '../../activities/common-types';
import { CounterHandOver } from '../../counter/hand-over';
import { toKzIso } from '../../domain/calendar';
import { MNE_LICENSE_CHAIN } from '../../domain/approval-chains';
import { ApprovalChains, type ChainView } from '../../workflows/shared/approval-chain';
import type { CaseOutcome, PendingAction } from '../../workflows/shared/case';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { CaseClock } from '../../workflows/shared/clock';
import { Hearing } from '../../workflows/shared/hearing';
import { assertApplicant, assertStage, assertStaffOf, awaitStaffDecision, type Actor } from '../../workflows/shared/staff-decision';
import type { MneActivities } from './activities';
import {
  MNE_LICENSOR_BODY,
  MNE_SERVICES,
  mneApprovalChain,
  objectionWindowEnd,
  planMneLicense,
  type MneWorkflowInput,
  type ProviderConclusion,
} from './rules';

// ── Messages ──

export interface RecordConclusionRequest {
  conclusion: ProviderConclusion;
  actor: Actor;
}
export interface ObjectionRequest {
  text: string;
  actor: Actor;
}
export interface FinalDecisionRequest {
  decision: 'issue' | 'refuse';
  reasoning: string;
  actor: Actor;
}

export const recordConclusionUpdate = defineUpdate<{ stage: string }, [RecordConclusionRequest]>('record-conclusion');
export const mneObjectionUpdate = defineUpdate<{ stage: string }, [ObjectionRequest]>('submit-objection');
export const finalDecisionUpdate = defineUpdate<{ stage: string }, [FinalDecisionRequest]>('record-final-decision');

export interface MneResult {
  outcome: Exclude<CaseOutcome, 'open'>;
  documentAncn?: string;
  handOver?: string;
}

const common = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const register = proxyActivities<MneActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const REFUSAL_GROUND = 'violations-in-applicant-data';

export async function mneLicense(input: MneWorkflowInput): Promise<MneResult> {
  const rules = MNE_SERVICES[input.serviceCode];
  const clock = new CaseClock(input.submittedAt, input.calendar);
  const plan = planMneLicense(input.serviceCode, new Date(input.submittedAt), clock.calendar);
  const tracker = new CaseTracker({
    applicationId: input.applicationId,
    serviceCode: input.serviceCode,
    licensorBody: MNE_LICENSOR_BODY,
    registeredAt: plan.registeredAt,
    dueAt: plan.dueAt,
    atRiskAt: plan.atRiskAt,
    calendarVersion: plan.calendarVersion,
    clock,
    initialStage: 'registered-in-e-licensing',
  });
  void tracker.watchSla();
  const key = (step: string): string => `${workflowInfo().workflowId}:${step}`;
  const hearing = new Hearing<typeof REFUSAL_GROUND>({
    clock,
    windowEnd: (receivedAt) => objectionWindowEnd(input.serviceCode, receivedAt, clock.calendar),
    regulation: 'APPC art. 73 (hearing before an unfavourable decision)',
    objectionAction: 'submit-objection', // services/mne-licensing/api.ts: the inbox links to it
  });
  // seed 001 ¶11(11): the licence climbs the provider's approval chain before the authorized person signs it.
  // Asked first, before any command: a case started before the chain keeps signing directly on replay.
  const useChain = patched('mne-license-approval-chain');
  const participants = input.approvalChain && input.approvalChain.length > 0 ? input.approvalChain : mneApprovalChain(input.serviceCode);
  const chains = useChain
    ? new ApprovalChains({
        clock,
        tracker,
        licensorBody: MNE_LICENSOR_BODY,
        applicationId: input.applicationId,
        serviceCode: input.serviceCode,
        keyPrefix: workflowInfo().workflowId,
        isOpen: () => tracker.outcome === 'open',
        onChange: (v) => {
          if (tracker.outcome === 'open' && tracker.stage === 'approval') tracker.setPendingActions(chainActions(v));
        },
      })
    : undefined;
  chains?.install();
  const handOver =
    input.channel.kind === 'state-corporation' && rules.handOver
      ? new CounterHandOver(tracker, clock, { branchId: input.channel.branchId, operator: input.channel.operator }, rules.handOver)
      : undefined;

  let conclusion: RecordConclusionRequest | undefined;
  let finalDecision: FinalDecisionRequest | undefined;
  tracker.setDetail('channel', input.channel);
  tracker.detailsFrom(() => ({
    ...(conclusion ? { conclusion: conclusion.conclusion } : {}),
    hearing: hearing.snapshot(),
    ...(handOver?.state ? { handOver: handOver.state } : {}),
  }));

  setHandler(
    recordConclusionUpdate,
    async (req) => {
      conclusion = req;
      tracker.noteActor(req.actor.subject, req.conclusion.eligible ? 'eligible' : 'not eligible');
      await tracker.audit('conclusion-recorded', req.actor.subject, {
        eligible: req.conclusion.eligible,
        regulation: 'seed 001 ¶11(9), Annex 3',
      });
      return { stage: tracker.stage };
    },
    {
      validator: (req: RecordConclusionRequest) => {
        assertStaffOf(req.actor, MNE_LICENSOR_BODY, 'record-conclusion');
        assertStage(tracker.stage, ['provider-review'], 'record-conclusion');
        if (!req.conclusion.conclusion.trim()) throw new Error('record-conclusion: the Annex 3 conclusion text is required');
        if (!req.conclusion.eligible && !req.conclusion.findings.some((f) => !f.met))
          throw new Error(
            "record-conclusion: a negative conclusion names at least one requirement not met (the violations in the applicant's data)",
          );
      },
    },
  );
  setHandler(
    mneObjectionUpdate,
    async (req) => {
      hearing.recordObjection({ text: req.text, attachments: [], receivedAt: clock.now(), actor: req.actor.subject });
      return { stage: tracker.stage };
    },
    {
      validator: (req: ObjectionRequest) => {
        assertApplicant(req.actor, 'submit-objection');
        hearing.assertCanObject();
      },
    },
  );
  setHandler(
    finalDecisionUpdate,
    async (req) => {
      finalDecision = req;
      await tracker.audit('final-decision-recorded', req.actor.subject, { decision: req.decision });
      return { stage: tracker.stage };
    },
    {
      validator: (req: FinalDecisionRequest) => {
        assertStaffOf(req.actor, MNE_LICENSOR_BODY, 'record-final-decision');
        assertStage(tracker.stage, ['final-decision'], 'record-final-decision');
        if (req.decision === 'refuse') hearing.assertRefusalAllowed([REFUSAL_GROUND]);
      },
    },
  );

  // ¶8(1), ¶11(8) (P7): the application is registered in e-licensing.
  await tracker.audit('registered-in-e-licensing', 'e-licensing', {
    ancn: input.ancn,
    channel: input.channel.kind,
    regulation: 'seed 001 ¶8(1), ¶11(8)',
  });

  // ¶11(9) (C2): the provider checks and records its conclusion on the Annex 3 form.
  await tracker.enterStage('provider-review', {
    plannedBy: plan.dueAt,
    regulation: rules.check,
    waitingOn: 'staff',
    pendingActions: [{ action: recordConclusionUpdate.name, by: 'staff', dueAt: toKzIso(plan.dueAt) }],
  });
  tracker.setWaitingOn('staff', 'the provider has not recorded its conclusion (Annex 3)');
  await awaitStaffDecision({
    tracker,
    clock,
    action: recordConclusionUpdate.name,
    deadline: { stage: 'provider-review', by: plan.dueAt, regulation: rules.termWorkingDays.source },
    decision: () => conclusion,
  });
  const c = conclusion!;

  let result: MneResult;
  if (c.conclusion.eligible) result = await issueResult(c.actor);
  else {
    // APPC art. 73: the applicant is heard before the refusal (a preliminary decision and a window to object).
    const doc = await common.issueDocument({
      applicationId: input.applicationId,
      serviceCode: input.serviceCode,
      kind: 'preliminary-decision',
      documentType: 'NTC',
      signer: 'provider',
      issuedAt: toKzIso(clock.now()),
      title: 'Preliminary decision to refuse (hearing)',
      body: {
        applicationAncn: input.ancn,
        grounds: [{ code: REFUSAL_GROUND, text: "violations in the applicant's data (seed 001 ¶11(10))" }],
        conclusion: c.conclusion.conclusion,
        regulation: 'APPC art. 73',
      },
      idempotencyKey: key('document:preliminary-decision'),
    });
    tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    await deliver(
      'preliminary-decision',
      doc.ancn,
      `A refusal is proposed for violations in the applicant's data; you may object until the window ends (APPC art. 73).`,
    );
    hearing.open({
      grounds: [REFUSAL_GROUND],
      reasoning: c.conclusion.conclusion,
      ancn: doc.ancn,
      receivedAt: clock.now(),
      actor: c.actor.subject,
      late: false,
    });
    await hearing.run(
      tracker,
      () => false,
      (stage, opts) => tracker.enterStage(stage, opts),
    );
    await tracker.enterStage('final-decision', {
      plannedBy: plan.dueAt,
      regulation: 'APPC art. 73; seed 001 ¶11(10)',
      waitingOn: 'staff',
      pendingActions: [{ action: finalDecisionUpdate.name, by: 'staff', dueAt: toKzIso(plan.dueAt) }],
    });
    await awaitStaffDecision({
      tracker,
      clock,
      action: finalDecisionUpdate.name,
      deadline: { stage: 'final-decision', by: plan.dueAt, regulation: rules.termWorkingDays.source },
      decision: () => finalDecision,
    });
    result = finalDecision!.decision === 'issue' ? await issueResult(finalDecision!.actor) : await issueRefusal(finalDecision!.reasoning);
  }

  // ¶12: a counter application's result is handed over at the branch.
  if (handOver && result.documentAncn) {
    const v = await handOver.run(result.documentAncn);
    result.handOver = v.status;
  }
  await condition(allHandlersFinished);
  return result;

  /** The licence's content: what the executor drafts and the chain approves (seed 001 ¶11(11)). */
  function licenceBody(): Record<string, unknown> {
    const holder = input.application.applicant;
    return {
      applicationAncn: input.ancn,
      holder: { bin: holder.bin, name: holder.name },
      activity: rules.name.en,
      ...(input.application.goods ? { goods: input.application.goods } : {}),
      ...(input.application.activity ? { exchangeActivity: input.application.activity } : {}),
      regulation: 'seed 001 ¶11(11)',
    };
  }

  /** Whose turn it is in the chain: a participant reviews, or the executor reworks a returned draft. */
  function chainActions(v: ChainView): PendingAction[] {
    const dueAt = toKzIso(plan.dueAt);
    if (v.state === 'in-approval') return [{ action: 'draft-review', by: 'staff', dueAt }];
    if (v.state === 'drafting' || v.state === 'rework') return [{ action: 'draft-submit', by: 'staff', dueAt }];
    return [];
  }

  /**
   * ¶11(11) with the approval chain: the executor's decision to issue is the chain's first draft (the
   * licence's content); each participant approves in turn, a rejection returns it to the executor; the
   * authorized person's approval is the ECDS signature and issues the licence. Past the term unsigned,
   * the case escalates and waits on.
   */
  async function approveLicence(c: ApprovalChains, executor: Actor) {
    c.open({
      name: MNE_LICENSE_CHAIN,
      executor: executor.subject,
      participants: participants.map((x) => ({ ...x })),
      document: { kind: 'license', documentType: 'PRM', title: rules.result === 'permit' ? 'Permit' : 'Licence' },
      // The executor's remarks travel with the draft; the licence's own data are always the application's.
      documentFor: (content) => ({
        kind: 'license',
        documentType: 'PRM',
        title: rules.result === 'permit' ? 'Permit' : 'Licence',
        body: { ...content, ...licenceBody() },
      }),
      validateContent: (content) => {
        const holder = content['holder'] as { bin?: unknown } | undefined;
        if (holder?.bin !== input.application.applicant.bin)
          throw new Error(`draft-submit: the licence is issued to the applicant (holder.bin ${input.application.applicant.bin})`);
      },
    });
    await tracker.enterStage('approval', {
      plannedBy: plan.dueAt,
      regulation: "seed 001 ¶11(11); the provider's approval chain (ours: seed 001 names only the authorized person)",
      waitingOn: 'staff',
      actor: executor.subject,
      // The executor's decision is the first draft, submitted at once: the first participant reviews.
      pendingActions: [{ action: 'draft-review', by: 'staff', dueAt: toKzIso(plan.dueAt) }],
    });
    await c.submitDraft({ chain: MNE_LICENSE_CHAIN, content: licenceBody(), actor: executor });
    await awaitStaffDecision({
      tracker,
      clock,
      action: 'draft-review',
      deadline: { stage: 'approval', by: plan.dueAt, regulation: rules.termWorkingDays.source },
      decision: () => (c.view(MNE_LICENSE_CHAIN).state === 'signed' ? true : undefined),
    });
    const doc = await c.signed(MNE_LICENSE_CHAIN);
    tracker.noteActor(participants.at(-1)?.subject ?? 'provider', `signed ${doc.ancn}`);
    return doc;
  }

  async function issueResult(executor: Actor): Promise<MneResult> {
    const holder = input.application.applicant;
    const activity = rules.name.en;
    let doc;
    if (chains) {
      doc = await approveLicence(chains, executor);
      await tracker.enterStage('issuing-license', { regulation: 'seed 001 ¶11(11)', waitingOn: 'nobody' });
    } else {
      await tracker.enterStage('issuing-license', { regulation: 'seed 001 ¶11(11)', waitingOn: 'nobody' });
      // ¶11(11) (P9): the electronic licence, with the ECDS of the provider's authorized person.
      doc = await common.issueDocument({
        applicationId: input.applicationId,
        serviceCode: input.serviceCode,
        kind: 'license',
        documentType: 'PRM',
        signer: 'provider',
        issuedAt: toKzIso(clock.now()),
        title: rules.result === 'permit' ? 'Permit' : 'Licence',
        body: licenceBody(),
        idempotencyKey: key('document:license'),
      });
      tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    }
    await register.enterMnePermit({
      idempotencyKey: key('register:license'),
      ancn: doc.ancn,
      serviceCode: input.serviceCode,
      holderRef: holder.bin,
      holderName: holder.name,
      licensorBody: MNE_LICENSOR_BODY,
      activity,
      issuedAt: doc.issuedAt,
      validity: { from: doc.issuedAt, until: null },
      applicationId: input.applicationId,
    });
    await deliver('license', doc.ancn, `${rules.result === 'permit' ? 'The permit' : 'The licence'} ${doc.ancn} is issued.`);
    await tracker.close('issued', { resultDocumentAncn: doc.ancn });
    return { outcome: 'issued', documentAncn: doc.ancn };
  }

  async function issueRefusal(reasoning: string): Promise<MneResult> {
    await tracker.enterStage('issuing-refusal', { regulation: 'seed 001 ¶11(10)', waitingOn: 'nobody' });
    // ¶11(10) (P8): the notification of refusal, on the provider's Annex 3 conclusion.
    const doc = await common.issueDocument({
      applicationId: input.applicationId,
      serviceCode: input.serviceCode,
      kind: 'refusal-notification',
      documentType: 'RFS',
      signer: 'provider',
      issuedAt: toKzIso(clock.now()),
      title: 'Notification of refusal',
      body: {
        applicationAncn: input.ancn,
        ground: "violations in the applicant's data (seed 001 ¶11(10))",
        conclusion: c.conclusion.conclusion,
        findings: c.conclusion.findings.filter((f) => !f.met),
        reasoning,
        hearing: {
          preliminaryDecision: hearing.preliminary?.ancn ?? '',
          objection: hearing.objection ? 'received and considered' : 'none',
        },
        regulation: 'seed 001 ¶11(10); APPC art. 73',
      },
      idempotencyKey: key('document:refusal'),
    });
    tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
    await deliver('refusal-notification', doc.ancn, `The application ${input.ancn} is refused for violations in the applicant's data.`);
    await tracker.close('refused', { resultDocumentAncn: doc.ancn });
    return { outcome: 'refused', documentAncn: doc.ancn };
  }

  async function deliver(kind: string, ancn: string, message: string): Promise<void> {
    await common.deliverToCabinet({
      applicationId: input.applicationId,
      applicantRef: input.application.applicant.bin,
      ancn,
      kind,
      message,
      idempotencyKey: key(`deliver:${kind}`),
    });
  }
}
