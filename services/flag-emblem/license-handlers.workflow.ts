/**
 * The Flag/Emblem case's Updates: the staff's and the applicant's acts, each with a validator that refuses
 * it (nothing reaches the history) when the actor, the stage or the regulation does not allow it: who
 * acts (licensor staff, or the applicant), at which stage, and the decision rules of license-decision-rules.ts.
 * The approving body's answer is a signal (workflows/shared/approving-body.ts), the withdrawal and the
 * approval chain's Updates are the shared blocks'.
 * Workflow code: deterministic; time only through the CaseClock.
 */
import { defineUpdate, setHandler } from '@temporalio/workflow';
import {
  ApprovingBodyRequestSchema,
  CompletenessCheckSchema,
  FinalDecisionSchema,
  LICENSOR_BODY,
  ObjectionSchema,
  PreliminaryDecisionSchema,
  SiteInspectionSchema,
  type ApprovingBodyRequestInput,
  type CompletenessCheck,
  type FinalDecisionInput,
  type ObjectionInput,
  type PreliminaryDecisionInput,
  type SiteInspection,
} from './license-rules';
import { siteVisitDateProblem } from './license-decision-rules';
import { ack, parse, STAGES, type ActionAccepted, type LicenseCase, type WithActor } from './license-case.workflow';
import { submitFirstDraft } from './license-decision.workflow';
import type { Participant } from '../../workflows/shared/approval-chain';
import type { ApprovingBodyRequestSent } from '../../workflows/shared/approving-body';
import { assertApplicant, assertStage, assertStaffOf, type Actor } from '../../workflows/shared/staff-decision';

export const completenessCheckUpdate = defineUpdate<ActionAccepted, [WithActor<CompletenessCheck>]>('completeness-check');
export const siteInspectionUpdate = defineUpdate<ActionAccepted, [WithActor<SiteInspection>]>('site-inspection');
export const approvingBodyRequestUpdate = defineUpdate<ApprovingBodyRequestSent, [WithActor<ApprovingBodyRequestInput>]>(
  'approving-body-request',
);
export const preliminaryDecisionUpdate = defineUpdate<ActionAccepted, [WithActor<PreliminaryDecisionInput>]>('preliminary-decision');
export const objectionUpdate = defineUpdate<ActionAccepted, [WithActor<ObjectionInput>]>('objection');
export const finalDecisionUpdate = defineUpdate<ActionAccepted, [WithActor<FinalDecisionInput>]>('final-decision');

/** Installs every handler of the case (once, in the workflow's first activation). */
export function installHandlers(c: LicenseCase): void {
  const staff = (a: { actor: Actor }, action: string, stages: readonly string[]): void => {
    assertStaffOf(a.actor, LICENSOR_BODY, action);
    c.assertNotWithdrawn(action);
    assertStage(c.tracker.stage, stages, action);
  };
  c.withdrawal.install();

  // ¶10–¶11: complete → the site visit; incomplete → the refusal to consider further.
  setHandler(
    completenessCheckUpdate,
    (arg) => {
      const value = parse(CompletenessCheckSchema, arg, 'completeness-check');
      c.completeness = { value, actor: arg.actor.subject, at: c.clock.now() };
      return ack(
        STAGES.completeness,
        value.complete
          ? 'the territorial unit visits within 2 working days of registration (¶10)'
          : 'a refusal to consider further is sent to the applicant (¶11)',
      );
    },
    {
      validator: (arg: WithActor<CompletenessCheck>) => {
        staff(arg, 'completeness-check', [STAGES.completeness]);
        parse(CompletenessCheckSchema, arg, 'completeness-check');
      },
    },
  );

  // ¶10: the territorial unit's conclusion, per requirement.
  setHandler(
    siteInspectionUpdate,
    (arg) => {
      const value = parse(SiteInspectionSchema, arg, 'site-inspection');
      c.site = { value, actor: arg.actor.subject, at: c.clock.now() };
      return ack(
        STAGES.site,
        c.siteConforms() ? 'the licensor decides (¶12)' : 'the licensor sends a preliminary decision or decides (¶12-1)',
      );
    },
    {
      validator: (arg: WithActor<SiteInspection>) => {
        staff(arg, 'site-inspection', [STAGES.site]);
        const value = parse(SiteInspectionSchema, arg, 'site-inspection');
        const problem = siteVisitDateProblem(value.visitedOn, c.plan.registeredAt, c.clock.now());
        if (problem) throw new Error(problem);
      },
    },
  );

  // seed 004 ¶39, Annex 2 item 9(4): a request to an approving body; the term runs on (seed 003 provides no suspension, ¶39.9).
  setHandler(
    approvingBodyRequestUpdate,
    (arg) => c.approvingBodies.request({ ...parse(ApprovingBodyRequestSchema, arg, 'approving-body-request'), actor: arg.actor }),
    {
      validator: (arg: WithActor<ApprovingBodyRequestInput>) => {
        staff(arg, 'approving-body-request', [STAGES.site, STAGES.decision]);
        parse(ApprovingBodyRequestSchema, arg, 'approving-body-request');
      },
    },
  );

  // ¶12-1: the preliminary decision to refuse, at the decision stage or from a returned draft (seed 004 ¶40.3).
  setHandler(
    preliminaryDecisionUpdate,
    (arg) => {
      const value = parse(PreliminaryDecisionSchema, arg, 'preliminary-decision');
      c.preliminaryRequest = { value, actor: arg.actor.subject, at: c.clock.now() };
      return ack(STAGES.decision, 'the preliminary decision is signed and sent; the applicant may object within 2 working days (¶12-1)');
    },
    {
      validator: (arg: WithActor<PreliminaryDecisionInput>) => {
        if (c.canHearInRework()) assertStaffOf(arg.actor, LICENSOR_BODY, 'preliminary-decision');
        else {
          staff(arg, 'preliminary-decision', [STAGES.decision]);
          if (c.preliminaryRequest || c.final) throw new Error('preliminary-decision: a decision has already been recorded for this case');
        }
        const value = parse(PreliminaryDecisionSchema, arg, 'preliminary-decision');
        c.assertGroundsHold(value.grounds, 'preliminary-decision');
      },
    },
  );

  // ¶12-1: the applicant's objection, within the window.
  setHandler(
    objectionUpdate,
    (arg) => {
      const value = parse(ObjectionSchema, arg, 'objection');
      c.hearing.recordObjection({ text: value.text, attachments: value.attachments, receivedAt: c.clock.now(), actor: arg.actor.subject });
      return ack(STAGES.hearing, 'the licensor decides, considering your objection (¶12-1)');
    },
    {
      validator: (arg: WithActor<ObjectionInput>) => {
        assertApplicant(arg.actor, 'objection');
        c.assertNotWithdrawn('objection');
        assertStage(c.tracker.stage, [STAGES.hearing], 'objection');
        parse(ObjectionSchema, arg, 'objection');
        c.hearing.assertCanObject();
      },
    },
  );

  // ¶12, ¶13: the final decision; with the approval chain, its first draft (seed 004 ¶40).
  setHandler(
    finalDecisionUpdate,
    async (arg) => {
      const value = parse(FinalDecisionSchema, arg, 'final-decision');
      const stage = c.tracker.stage;
      if (c.useChain) {
        // seed 004 ¶40: the decision is the executor's draft; it is signed only when the head approves.
        // Recorded before the await: a second final-decision is refused by the validator meanwhile.
        c.final = { value, actor: arg.actor.subject, at: c.clock.now() };
        await submitFirstDraft(c, value, arg.actor);
        const first = c.participants[0] as Participant;
        return ack(
          stage,
          `the draft ${value.decision === 'issue' ? 'license' : 'reasoned refusal'} goes up the approval chain: ${first.title} (${first.subject}) reviews it first; the head's approval signs it (seed 004 ¶40)`,
        );
      }
      c.final = { value, actor: arg.actor.subject, at: c.clock.now() };
      return ack(
        stage,
        value.decision === 'issue'
          ? 'the license is signed and entered in the register (¶12)'
          : 'the reasoned refusal is signed and sent (¶12, ¶13)',
      );
    },
    {
      validator: (arg: WithActor<FinalDecisionInput>) => {
        staff(arg, 'final-decision', [STAGES.decision, STAGES.hearing, STAGES.final]);
        if (c.final) throw new Error('final-decision: the final decision has already been recorded');
        c.assertFinalDecisionHolds(parse(FinalDecisionSchema, arg, 'final-decision'), 'final-decision');
      },
    },
  );
  if (c.useChain) c.chains.install();

  c.approvingBodies.install();
}
