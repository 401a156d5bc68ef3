/**
 * A tiny licensing review built only from the shared review blocks, for the block tests:
 * approval chain for the decision (workflows/shared/approval-chain.ts), requests to the applicant with
 * the review clock suspended, extensions (review-clock.ts), withdrawal (withdrawal.ts), automatic mode
 * (automatic-mode.ts). Staff ask for a request or an extension with the Updates below.
 */
import { allHandlersFinished, condition, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { addWorkingDays, CALENDAR_VERSION, registrationMoment, workingDaysBefore } from '../../domain/calendar';
import type { CaseStatus } from '../../workflows/shared/case';
import { CaseTracker } from '../../workflows/shared/case-tracker';
import { CaseClock } from '../../workflows/shared/clock';
import { ApprovalChains, type Participant } from '../../workflows/shared/approval-chain';
import { decideAutomatically } from '../../workflows/shared/automatic-mode';
import { ApplicantRequests, ReviewClock } from '../../workflows/shared/review-clock';
import { assertStaffOf, type Actor } from '../../workflows/shared/staff-decision';
import { Withdrawal } from '../../workflows/shared/withdrawal';

export interface ReviewBlocksInput {
  applicationId: string;
  applicantRef: string;
  submittedAt: string;
  termWorkingDays: number;
  executor: string;
  participants: Participant[];
  automatic?: { pass: boolean; grounds?: string[] };
}

export const requestApplicantUpdate = defineUpdate<
  { accepted: true },
  [{ question: string; answerWithinWorkingDays: number; actor: Actor }]
>('request-applicant');
export const extendTermUpdate = defineUpdate<{ accepted: true }, [{ days: number; reason: string; actor: Actor }]>('extend-term');

type Job =
  | { kind: 'request'; question: string; days: number; actor: string }
  | { kind: 'extend'; days: number; reason: string; actor: string };

const SERVICE = 'flag-emblem-license';
const BODY = 'ctrm';

export async function reviewBlocksWorkflow(input: ReviewBlocksInput): Promise<CaseStatus> {
  const wf = workflowInfo().workflowId;
  const clock = new CaseClock(input.submittedAt);
  const registeredAt = registrationMoment(new Date(input.submittedAt));
  const dueAt = addWorkingDays(registeredAt, input.termWorkingDays);
  const atRiskAt = (d: Date): Date => workingDaysBefore(d, 1);
  const tracker = new CaseTracker({
    applicationId: input.applicationId,
    serviceCode: SERVICE,
    licensorBody: BODY,
    registeredAt,
    dueAt,
    atRiskAt: atRiskAt(dueAt),
    calendarVersion: CALENDAR_VERSION,
    clock,
    initialStage: 'registered',
  });
  const common = {
    clock,
    tracker,
    applicationId: input.applicationId,
    serviceCode: SERVICE,
    applicantRef: input.applicantRef,
    keyPrefix: wf,
  };

  const reviewClock = new ReviewClock({ ...common, dueAt, atRiskAt });
  const requests = new ApplicantRequests({ ...common, dueAt, atRiskAt, reviewClock });
  requests.install();
  const chains = new ApprovalChains({ ...common, licensorBody: BODY, isOpen: () => tracker.outcome === 'open' });
  chains.install();
  const decisionSigned = (): string | null => {
    const v = chains.view('decision');
    if (v.state === 'signing') return 'the head has approved the decision and it is being signed';
    return v.state === 'signed' && v.document ? `the decision ${v.document.ancn} was signed at ${v.document.issuedAt}` : null;
  };
  const withdrawal = new Withdrawal({ clock, tracker, reviewEnded: () => (input.automatic ? 'decided automatically' : decisionSigned()) });
  withdrawal.install();

  const jobs: Job[] = [];
  const staffCheck = (actor: Actor, action: string): void => {
    assertStaffOf(actor, BODY, action);
    if (actor.subject !== input.executor) throw new Error(`${action}: only the executor ${input.executor} initiates this (seed 004 ¶38.1)`);
    if (tracker.outcome !== 'open' || decisionSigned()) throw new Error(`${action}: the review has ended`);
  };
  setHandler(
    requestApplicantUpdate,
    (a) => {
      jobs.push({ kind: 'request', question: a.question, days: a.answerWithinWorkingDays, actor: a.actor.subject });
      return { accepted: true };
    },
    { validator: (a) => staffCheck(a.actor, 'request-applicant') },
  );
  setHandler(
    extendTermUpdate,
    (a) => {
      jobs.push({ kind: 'extend', days: a.days, reason: a.reason, actor: a.actor.subject });
      return { accepted: true };
    },
    {
      validator: (a) => {
        staffCheck(a.actor, 'extend-term');
        if (!Number.isInteger(a.days) || a.days < 1) throw new Error('extend-term: days must be a whole number ≥ 1');
      },
    },
  );

  // seed 004 ¶38.9-10: while a request to the applicant is open the decision waits for the answer; a draft
  // approved before the executor asked is no longer signable (the chain re-checks it at the head's approval).
  let applicantRequestOpen = false;
  chains.open({
    name: 'decision',
    executor: input.executor,
    participants: input.participants,
    document: { kind: 'license', documentType: 'PRM', title: 'License to manufacture the State Flag and the State Emblem' },
    validateContent: (_content, _actor, action) => {
      if (applicantRequestOpen)
        throw new Error(
          `${action}: a request to the applicant is open; the decision waits for the answer or the end of its period (seed 004 ¶38.9-10)`,
        );
    },
  });

  if (input.automatic) {
    const auto = input.automatic;
    const r = await decideAutomatically({
      ...common,
      checks: async () => ({ passed: auto.pass, grounds: auto.grounds ?? [] }),
      grant: {
        kind: 'license',
        documentType: 'PRM',
        title: 'License (automatic mode)',
        body: { activity: 'Manufacture of the State Flag' },
      },
      refuse: { kind: 'reasoned-refusal', title: 'Reasoned refusal (automatic mode)' },
    });
    await tracker.close(r.outcome, { resultDocumentAncn: r.document.ancn });
    await condition(allHandlersFinished);
    return tracker.snapshot();
  }

  await tracker.enterStage('review', { plannedBy: dueAt, regulation: 'seed 004 ¶35-40', waitingOn: 'staff' });
  const result = await withdrawal.guard(async () => {
    for (;;) {
      await condition(() => jobs.length > 0 || decisionSigned() !== null);
      const job = jobs.shift();
      if (!job) return chains.signed('decision');
      if (job.kind === 'request') {
        applicantRequestOpen = true;
        await requests.run({ question: job.question, answerWithinWorkingDays: job.days, actor: job.actor });
        applicantRequestOpen = false;
        await tracker.enterStage('review', { plannedBy: reviewClock.dueAt, regulation: 'seed 004 ¶38.10', waitingOn: 'staff' });
      } else {
        await reviewClock.extend({ days: job.days, reason: job.reason, regulation: 'seed 004 ¶41', actor: job.actor });
      }
    }
  });
  if (result === 'withdrawn') {
    await tracker.close('withdrawn', { note: 'withdrawn by the applicant (seed 004 ¶42)' });
  } else {
    // The result reaches the cabinet over the next working day: the case is still open, the review is not.
    await tracker.enterStage('delivering-result', { waitingOn: 'nobody' });
    await clock.sleepUntil(addWorkingDays(clock.now(), 1));
    await tracker.close('issued', { resultDocumentAncn: result.ancn });
  }
  await condition(allHandlersFinished);
  return tracker.snapshot();
}
