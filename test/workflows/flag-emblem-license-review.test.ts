/**
 * The seed 004 review building blocks inside the Flag/Emblem license (seed 003) on the time-skipping
 * server: withdrawal (¶42), the review clock suspended while an approving body answers (¶39.9-10) with
 * dates across the Nauryz days off (21–25 March 2026), and who moved the case to its next stage.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, refusedWith, runSettled, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import {
  approvingBodyAnswerSignal,
  approvingBodyRequestUpdate,
  completenessCheckUpdate,
  draftReviewUpdate,
  finalDecisionUpdate,
  flagEmblemLicenseReissueWorkflow,
  flagEmblemLicenseWorkflow,
  preliminaryDecisionUpdate,
  siteInspectionUpdate,
  withdrawUpdate,
  type FlagEmblemLicenseInput,
} from '../../services/flag-emblem/license-workflow';
import { LICENSED_ACTIVITY, REFUSAL_GROUND_TEXT } from '../../services/flag-emblem/license-rules';
import { formatAncn } from '../../domain/ancn';
import { workingTimeBetween } from '../../domain/calendar';
import type { Actor } from '../../workflows/shared/staff-decision';
import type { CaseStatus } from '../../workflows/shared/case';
import {
  annex1Form,
  APPLICANT,
  APPLICANT_BIN,
  approveChain,
  atStage,
  CaseTime,
  conforming,
  createHarness,
  CTRM_CHAIRMAN,
  CTRM_STAFF,
  LICENSING_HEAD,
  pay,
  status,
  toDecisionStage,
  toSiteInspection,
  waitFor,
  type Harness,
} from './flag-emblem-license.fixtures';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test finished').catch(() => undefined);
});

/** The territorial unit's inspector: a second employee of the licensor. */
const INSPECTOR: Actor = { subject: 'ctrm:n.zhumabekov', role: 'staff', licensorBody: 'ctrm', displayName: 'N. Zhumabekov' };
const HOUR = 3_600_000;

async function submit(
  h: Harness,
  taskQueue: string,
  submittedAt: string,
  reissueOf?: string,
): Promise<{ handle: WorkflowHandle; time: CaseTime; input: FlagEmblemLicenseInput }> {
  const time = await CaseTime.start(env, submittedAt);
  const applicationId = workflowIdFor('fel-review');
  const input: FlagEmblemLicenseInput = {
    applicationId,
    ancn: formatAncn('APP', 3000 + Math.floor(Math.random() * 1000)),
    submittedAt,
    applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN },
    form: annex1Form(),
  };
  const handle = reissueOf
    ? await env.client.workflow.start(flagEmblemLicenseReissueWorkflow, {
        taskQueue,
        workflowId: applicationId,
        args: [{ ...input, reissue: { previousPermitAncn: reissueOf, reason: 'holder-address-changed' } }],
      })
    : await env.client.workflow.start(flagEmblemLicenseWorkflow, { taskQueue, workflowId: applicationId, args: [input] });
  started.push(handle);
  return { handle, time, input };
}

function audits(h: Harness, applicationId: string): Array<{ action: string; actor: string; details?: Record<string, unknown> }> {
  return h.rec.progress
    .filter((p) => p.applicationId === applicationId && p.audit)
    .map((p) => p.audit as { action: string; actor: string; details?: Record<string, unknown> });
}

async function acceptedUpdates(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    return name ? [name] : [];
  });
}

/** The state of the final decision's approval chain, as the status query shows it. */
const chainState = (s: CaseStatus): string | undefined =>
  (s.details['approvalChains'] as Array<{ chain: string; state: string }> | undefined)?.find((c) => c.chain === 'final-decision')?.state;

const MVD_QUESTION = 'Does the production site meet the security requirements for storing state symbols?';

describe('seed 004 ¶42: withdrawal of the application', () => {
  test('withdrawn during the site inspection: the review stops, outcome withdrawn, nothing issued or registered', async () => {
    const taskQueue = taskQueueFor('withdrawal before decision');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toSiteInspection(h, handle, time, { pay: false });

      // Only the applicant withdraws; staff cannot do it for them.
      expect(await refusedWith(handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'staff try', actor: CTRM_STAFF }] }))).toBe(
        'withdraw: only the applicant may do this (you act as staff)',
      );

      await time.advanceTo('2026-03-18T11:00:10+05:00');
      const w = await handle.executeUpdate(withdrawUpdate, {
        args: [{ reason: 'We are moving production to Almaty and will re-apply there.', actor: APPLICANT }],
      });
      expect(nearestMinute(w.withdrawnAt)).toBe('2026-03-18T11:00');

      const result = await handle.result();
      expect(result).toEqual({ outcome: 'withdrawn' });
      const s = await status(handle);
      expect(s.outcome).toBe('withdrawn');
      expect(s.stage).toBe('closed');
      expect(s.details['withdrawal']).toMatchObject({
        reason: expect.stringContaining('Almaty'),
        stageWhenWithdrawn: 'site-inspection',
        regulation: 'seed 004 ¶42',
      });
      // Nothing was decided for the applicant: no license, no refusal (only the registration notice, seed 004 ¶23); the register is untouched.
      expect(h.rec.documents.filter((d) => d.applicationId === input.applicationId).map((d) => d.kind)).toEqual(['registration-notice']);
      expect(h.permitRegister.all()).toEqual([]);
      expect(h.rec.deliveries.at(-1)).toMatchObject({ kind: 'withdrawal', message: expect.stringContaining('review has stopped') });
      const trail = audits(h, input.applicationId);
      expect(trail.find((a) => a.action === 'application-withdrawn')).toMatchObject({ actor: APPLICANT.subject });
      expect(trail.at(-1)).toMatchObject({ action: 'case-closed', actor: APPLICANT.subject, details: { outcome: 'withdrawn' } });
      expect(h.rec.monitoring.filter((m) => m.applicationId === input.applicationId).at(-1)?.stage).toBe('closed');
    });
  });

  test('while the chairman signs the decision a withdrawal is refused with the ¶42 message, and so is a second approval; neither reaches the history', async () => {
    const taskQueue = taskQueueFor('withdrawal while signing');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, conforming('2026-03-17'), { inspector: INSPECTOR });

      const release = h.rec.hold('license'); // the license is being signed while the applicant tries to withdraw
      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await atStage(handle, 'decision-approval');
      await handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: LICENSING_HEAD }] });
      const signing = handle.executeUpdate(draftReviewUpdate, {
        args: [{ chain: 'final-decision', verdict: 'approve', actor: CTRM_CHAIRMAN }],
      });
      const s = await waitFor(handle, (st) => chainState(st) === 'signing', 'the chairman signing');
      expect(s.pendingActions).toEqual([]);
      expect(await refusedWith(handle.executeUpdate(withdrawUpdate, { args: [{ actor: APPLICANT }] }))).toBe(
        'withdraw: the review has ended (the head of the licensor body approved the final decision (issue) and it is being signed); an application can be withdrawn only before its review ends (seed 004 ¶42)',
      );
      // A double click, or a late change of mind, cannot sign twice or pull the draft back mid-signature.
      const notInApproval = 'draft-review: "final-decision" is not in approval (it is signing)';
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: CTRM_CHAIRMAN }] }),
        ),
      ).toBe(notInApproval);
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, {
            args: [{ chain: 'final-decision', verdict: 'reject', comment: 'Wait.', actor: CTRM_CHAIRMAN }],
          }),
        ),
      ).toBe(notInApproval);
      release();
      expect((await signing).state).toBe('signed');

      expect((await handle.result()).outcome).toBe('issued');
      expect(await acceptedUpdates(handle)).toEqual([
        'completeness-check',
        'site-inspection',
        'final-decision',
        'draft-review',
        'draft-review',
      ]);
      expect(h.rec.documents.filter((d) => d.applicationId === input.applicationId && d.kind === 'license')).toHaveLength(1);
      expect((await status(handle)).documents.filter((d) => d.kind === 'license')).toHaveLength(1);
      expect(h.permitRegister.all()).toHaveLength(1);
    });
  });

  test('while the draft decision climbs the approval chain the review has not ended (seed 004 ¶40, ¶42): the withdrawal stops the case and nothing is signed', async () => {
    const taskQueue = taskQueueFor('withdrawal during approval');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, conforming('2026-03-17'), { inspector: INSPECTOR });
      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await atStage(handle, 'decision-approval');
      await handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: LICENSING_HEAD }] });

      await handle.executeUpdate(withdrawUpdate, {
        args: [{ reason: 'We found the production site unsuitable after all.', actor: APPLICANT }],
      });
      expect(await handle.result()).toEqual({ outcome: 'withdrawn' });
      const s = await status(handle);
      expect(s.details['withdrawal']).toMatchObject({ stageWhenWithdrawn: 'decision-approval', regulation: 'seed 004 ¶42' });
      expect(
        h.rec.documents.filter((d) => d.applicationId === input.applicationId && (d.kind === 'license' || d.kind === 'reasoned-refusal')),
      ).toEqual([]);
      expect(h.permitRegister.all()).toEqual([]);
      expect(await acceptedUpdates(handle)).toEqual([
        'completeness-check',
        'site-inspection',
        'final-decision',
        'draft-review',
        'withdraw',
      ]);
    });
  });
});

describe('seed 004 ¶39.9-10: the term is suspended while an approving body answers', () => {
  test('request Wed 18 March, negative answer Thu 26 March after Nauryz: signed notices, dueAt moves by the suspended working time, hearing, refusal on ground 4', async () => {
    const taskQueue = taskQueueFor('approving body suspension');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await pay(h, handle, time);
      let s = await atStage(handle, 'completeness-check');
      // ¶12: 7 working days from Tue 17 March: 18, 19, 20, (21–25 off), 26, 27, 30, 31 → Tue 31 March.
      const plannedDue = '2026-03-31T18:30:00+05:00';
      expect(s.dueAt).toBe(new Date(plannedDue).toISOString());
      await handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: CTRM_STAFF }] });
      await atStage(handle, 'site-inspection');

      await time.advanceTo('2026-03-18T11:00:10+05:00');
      const sent = await handle.executeUpdate(approvingBodyRequestUpdate, {
        args: [{ body: 'mvd', question: MVD_QUESTION, actor: CTRM_STAFF }],
      });
      // The answer is due by the ¶12-1 milestone: 3 working days before Tue 31 → Thu 26 March.
      expect(sent).toMatchObject({
        suspended: true,
        answerBy: '2026-03-26T18:30:00+05:00',
        suspensionNoticeAncn: expect.stringMatching(/^KZ\d\dNTC/),
      });
      // While suspended the due date assumes the latest resumption: 54 working hours were left on Wed 18
      // 11:00 (6 h that day + 6 × 8 h); counted from Thu 26 18:30 they end Mon 6 April 16:30.
      expect(nearestMinute(sent.dueAt)).toBe('2026-04-06T16:30');

      const suspension = h.rec.documents.find((d) => d.applicationId === input.applicationId && d.kind === 'suspension-notice');
      expect(suspension).toMatchObject({ documentType: 'NTC', signer: 'provider', ancn: sent.suspensionNoticeAncn });
      expect(nearestMinute(String(suspension?.body['suspendedAt']))).toBe('2026-03-18T11:00');
      expect(suspension?.body).toMatchObject({
        waitingFor: 'approving-body',
        resumesAtTheLatest: '2026-03-26T18:30:00+05:00',
        regulation: 'seed 004 ¶39.9-10',
      });
      expect(h.rec.deliveries.find((d) => d.kind === 'suspension-notice')).toMatchObject({
        ancn: sent.suspensionNoticeAncn,
        applicantRef: APPLICANT_BIN,
      });
      s = await status(handle);
      expect(s.waitingOn).toBe('external-system');

      // The staff keep working meanwhile: the inspection; the decision stage's deadline follows the term.
      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-19'), actor: INSPECTOR }] });
      s = await atStage(handle, 'decision');
      expect(s.pendingActions.find((a) => a.action === 'preliminary-decision')?.dueAt).toBe('2026-04-01T18:30:00+05:00');
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /waiting for the answer of approving body mvd/,
      );

      // Nauryz passes; the term does not run out while the body has not answered.
      await time.advanceTo('2026-03-26T11:00:10+05:00');
      expect((await status(handle)).slaState).toBe('on-track');
      await handle.signal(approvingBodyAnswerSignal, {
        requestId: sent.requestId,
        conforms: false,
        summary: 'The storage room has no alarm system connected to the police console',
        answeredAt: '2026-03-26T10:40:00+05:00',
      });
      s = await waitFor(
        handle,
        (st) => (st.details['reviewClock'] as { suspended: unknown } | undefined)?.suspended === null,
        'the resumption',
      );

      const resumption = h.rec.documents.find((d) => d.applicationId === input.applicationId && d.kind === 'resumption-notice');
      expect(resumption).toMatchObject({ documentType: 'NTC', signer: 'provider' });
      const suspendedAt = new Date(String(resumption?.body['suspendedAt']));
      const resumedAt = new Date(String(resumption?.body['resumedAt']));
      expect(resumption?.body['suspendedAt']).toBe(suspension?.body['suspendedAt']);
      expect(nearestMinute(String(resumption?.body['resumedAt']))).toBe('2026-03-26T11:00');
      // Wed 18 11:00 → Thu 26 11:00 is 8 calendar days but 24 working hours (6 + 8 + 8 + 2: Nauryz is off).
      expect(Math.round(workingTimeBetween(suspendedAt, resumedAt) / 60_000)).toBe(24 * 60);
      // The 54 hours left count again from Thu 26 11:00: 6 h that day + 6 × 8 h → Fri 3 April 18:30.
      expect(nearestMinute(String(resumption?.body['newCompletionDate']))).toBe('2026-04-03T18:30');
      expect(nearestMinute(s.dueAt)).toBe('2026-04-03T18:30');
      // dueAt moved by exactly the suspended working time.
      expect(workingTimeBetween(new Date(plannedDue), new Date(s.dueAt))).toBe(workingTimeBetween(suspendedAt, resumedAt));
      expect(h.rec.deliveries.find((d) => d.kind === 'resumption-notice')).toMatchObject({
        ancn: resumption?.ancn,
        message: expect.stringContaining(
          `resumedAt ${String(resumption?.body['resumedAt'])}; reason mvd answered request ${sent.requestAncn}; newCompletionDate ${String(resumption?.body['newCompletionDate'])}`,
        ),
      });
      // ¶12-1 follows the moved term: 3 working days before Fri 3 April → Tue 31 March.
      expect(s.pendingActions.find((a) => a.action === 'preliminary-decision')?.dueAt).toBe('2026-03-31T18:30:00+05:00');
      expect(s.details['terms']).toMatchObject({ preliminaryDecisionBy: '2026-03-31T18:30:00+05:00', plannedDueAt: plannedDue });
      // The timeline says why the date moved.
      const moves = audits(h, input.applicationId).filter((a) => a.action === 'due-date-moved');
      expect(moves.map((m) => m.details?.['reason'])).toEqual([
        expect.stringMatching(/^review suspended at 2026-03-18T11:00.* waiting for the approving body \(seed 004 ¶39\.9-10\)$/),
        expect.stringMatching(
          /^review resumed at 2026-03-26T11:00.*after suspension from 2026-03-18T11:00.*: mvd answered request KZ\d\dREQ/,
        ),
      ]);
      expect(moves[0]?.actor).toBe(CTRM_STAFF.subject);

      // The negative answer (Annex 2 item 9(4)) is heard, then refused on ground 4.
      await time.advanceTo('2026-03-26T12:00:00+05:00');
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          {
            grounds: ['approving-body-negative-answer'],
            reasoning: 'The Ministry of Internal Affairs found no alarm system in the storage room.',
            actor: CTRM_STAFF,
          },
        ],
      });
      s = await atStage(handle, 'hearing');
      expect(s.pendingActions).toEqual([{ action: 'objection', by: 'applicant', dueAt: '2026-03-30T18:30:00+05:00' }]); // Fri 27, Mon 30
      await time.advanceTo('2026-03-30T18:35:00+05:00');
      s = await atStage(handle, 'final-decision');
      expect(s.timeline.at(-1)?.plannedBy).toBe(s.dueAt); // the moved term
      await handle.executeUpdate(finalDecisionUpdate, {
        args: [
          {
            decision: 'refuse',
            grounds: ['approving-body-negative-answer'],
            reasoning: 'The approving body answered that the storage room has no alarm system; no objection was received.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await approveChain(handle);
      const result = await handle.result();
      expect(result).toMatchObject({ outcome: 'refused', grounds: ['approving-body-negative-answer'] });
      const refusal = h.rec.documents.find((d) => d.kind === 'reasoned-refusal' && d.applicationId === input.applicationId);
      expect(refusal?.body['grounds']).toEqual([expect.objectContaining({ code: 'approving-body-negative-answer', annex2Item9: 4 })]);
      expect((await status(handle)).slaState).toBe('met');
      expect(h.permitRegister.all()).toEqual([]);
    });
  });

  test('the body does not answer by its date: the term resumes with a signed notice saying so, and the executor decides without the answer (seed 004 ¶39.10)', async () => {
    const taskQueue = taskQueueFor('approving body silent');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toSiteInspection(h, handle, time);
      await time.advanceTo('2026-03-18T11:00:10+05:00');
      const sent = await handle.executeUpdate(approvingBodyRequestUpdate, {
        args: [{ body: 'mvd', question: MVD_QUESTION, actor: CTRM_STAFF }],
      });
      expect(sent.answerBy).toBe('2026-03-26T18:30:00+05:00');
      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-19'), actor: INSPECTOR }] });
      await atStage(handle, 'decision');

      // No answer by Thu 26 March 18:30: the review resumes on its own.
      await time.advanceTo('2026-03-26T18:31:00+05:00');
      const s = await waitFor(
        handle,
        (st) => (st.details['reviewClock'] as { suspended: unknown } | undefined)?.suspended === null,
        'the resumption',
      );
      const resumption = h.rec.documents.find((d) => d.applicationId === input.applicationId && d.kind === 'resumption-notice');
      expect(resumption).toMatchObject({ documentType: 'NTC', signer: 'provider' });
      expect(h.rec.deliveries.find((d) => d.kind === 'resumption-notice')?.message).toContain(
        `mvd did not answer request ${sent.requestAncn} by 2026-03-26T18:30:00+05:00`,
      );
      expect(audits(h, input.applicationId).map((a) => a.action)).toContain('approving-body-did-not-answer');
      expect(s.stage).toBe('decision');

      // Silence is not a negative answer: the license can be decided and signed.
      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await approveChain(handle);
      expect((await handle.result()).outcome).toBe('issued');
    });
  });

  test('re-issue: withdrawn while the term is suspended → withdrawn, no resumption notice', async () => {
    const taskQueue = taskQueueFor('reissue withdrawn while suspended');
    const h = await createHarness(env, taskQueue);
    const oldLicense = formatAncn('PRM', 29);
    await h.permitRegister.enterPermit({
      idempotencyKey: 'seed-license-29',
      ancn: oldLicense,
      serviceCode: 'flag-emblem-license',
      holderRef: APPLICANT_BIN,
      licensorBody: 'ctrm',
      activity: LICENSED_ACTIVITY,
      issuedAt: '2024-05-14T11:00:00+05:00',
      validity: { from: '2024-05-14T11:00:00+05:00', until: null },
    });
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00', oldLicense);
      await toSiteInspection(h, handle, time, { pay: false });
      await time.advanceTo('2026-03-18T11:00:10+05:00');
      const sent = await handle.executeUpdate(approvingBodyRequestUpdate, {
        args: [{ body: 'mvd', question: MVD_QUESTION, actor: CTRM_STAFF }],
      });
      expect(sent.suspended).toBe(true);

      await time.advanceTo('2026-03-19T15:00:00+05:00');
      await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'The address change was cancelled.', actor: APPLICANT }] });
      expect(await handle.result()).toEqual({ outcome: 'withdrawn' });
      const kinds = h.rec.documents.filter((d) => d.applicationId === input.applicationId).map((d) => d.kind);
      expect(kinds).toEqual(['registration-notice', 'approving-body-request', 'suspension-notice']); // seed 004 ¶23 first
      expect((await status(handle)).outcome).toBe('withdrawn');
      expect(h.permitRegister.all().map((p) => p.ancn)).toEqual([oldLicense]);
    });
  });
});

describe('who acted', () => {
  test("the 'stage-entered' audit of a stage reached by a staff Update carries that employee", async () => {
    const taskQueue = taskQueueFor('stage actor');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, conforming('2026-03-17'), { pay: false, inspector: INSPECTOR });
      await waitFor(
        handle,
        () => audits(h, input.applicationId).some((a) => a.action === 'stage-entered' && a.details?.['stage'] === 'decision'),
        'the decision audit',
      );
      const entered = audits(h, input.applicationId).filter((a) => a.action === 'stage-entered');
      expect(entered.map((a) => [a.details?.['stage'], a.actor])).toEqual([
        ['registered', 'system'],
        ['completeness-check', 'system'],
        ['site-inspection', CTRM_STAFF.subject],
        ['decision', INSPECTOR.subject],
      ]);
    });
  });
});

describe('Annex 2 item 9(1) in full', () => {
  test('ground 1 names the branch of a foreign legal entity providing financial services, as the Kazakh original does', () => {
    expect(REFUSAL_GROUND_TEXT['activity-prohibited-for-applicant-category']).toEqual({
      item: 1,
      en: 'the laws of the Republic of Kazakhstan prohibit this category of individuals or legal entities, or a branch of a foreign legal entity whose subject of activity is financial services, from engaging in the activity',
    });
  });
});

/**
 * A moment as Kazakhstan local time to the nearest minute: the case clock runs a few hundred ms behind
 * the test's view of it (the workflow starts after the test reads the server time), so seconds are noise.
 */
function nearestMinute(iso: string): string {
  const ms = Math.round(new Date(iso).getTime() / 60_000) * 60_000;
  return new Date(ms + 5 * HOUR).toISOString().slice(0, 16);
}
