/**
 * The seed 004 review building blocks inside the Flag/Emblem license (seed 003) on the time-skipping
 * server: withdrawal (¶42), requests to an approving body answered inside the term (seed 003 provides no
 * suspension, seed 004 ¶39.9) with dates across the Nauryz days off (21–25 March 2026), and who moved the
 * case to its next stage.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, recordHistory, refusedWith, runSettled, taskQueueFor, workflowIdFor } from '../helpers/temporal';
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

describe('seed 004 ¶39.9: seed 003 provides no suspension — the approving body answers inside the 7 working days', () => {
  const NO_SUSPENSION = { whileApprovingBodyAnswers: false, regulation: 'seed 003 (no suspension provided); seed 004 ¶39.9' };
  /** The notices a suspension would have sent (seed 004 ¶39.10): none for seed 003. */
  const clockNotices = (h: Harness, applicationId: string): string[] =>
    h.rec.documents
      .filter((d) => d.applicationId === applicationId && (d.kind === 'suspension-notice' || d.kind === 'resumption-notice'))
      .map((d) => d.kind);

  test('request Wed 18 March, negative answer Thu 26 March after Nauryz: no suspension or resumption notice, dueAt stays Tue 31 March, hearing, refusal on ground 4', async () => {
    const taskQueue = taskQueueFor('approving body no suspension');
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
      // The request still goes out, signed, with its answer due by the ¶12-1 milestone (3 working days
      // before Tue 31 → Thu 26 March) so that a negative answer can be heard; the term does not stop.
      expect(sent).toEqual({
        requestId: expect.any(String),
        requestAncn: expect.stringMatching(/^KZ\d\dREQ/),
        suspended: false,
        termSuspension: NO_SUSPENSION,
        answerBy: '2026-03-26T18:30:00+05:00',
        dueAt: plannedDue,
      });
      const request = h.rec.documents.find((d) => d.applicationId === input.applicationId && d.kind === 'approving-body-request');
      expect(request).toMatchObject({ documentType: 'REQ', signer: 'provider', ancn: sent.requestAncn });
      expect(h.approvingBodies.requests).toEqual([expect.objectContaining({ body: 'mvd', requestAncn: sent.requestAncn })]);
      s = await status(handle);
      expect(s.waitingOn).toBe('staff');
      expect(s.details['reviewClock']).toBeUndefined();

      // The staff keep working meanwhile; the decision stage keeps the planned deadlines.
      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-19'), actor: INSPECTOR }] });
      s = await atStage(handle, 'decision');
      expect(s.pendingActions.find((a) => a.action === 'preliminary-decision')?.dueAt).toBe('2026-03-26T18:30:00+05:00');
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /waiting for the answer of approving body mvd/,
      );

      // Nauryz passes; the answer comes on Thu 26 March, the term has not moved.
      await time.advanceTo('2026-03-26T11:00:10+05:00');
      await handle.signal(approvingBodyAnswerSignal, {
        requestId: sent.requestId,
        conforms: false,
        summary: 'The storage room has no alarm system connected to the police console',
        answeredAt: '2026-03-26T10:40:00+05:00',
      });
      s = await waitFor(handle, (st) => JSON.stringify(st.details['approvingBodyRequests'] ?? '').includes('no alarm'), 'the answer');
      expect(s.dueAt).toBe(new Date(plannedDue).toISOString());
      expect(s.details['terms']).toEqual({
        calendarVersion: 'kz-calendar/2024-2029@2',
        dueAt: plannedDue,
        preliminaryDecisionBy: '2026-03-26T18:30:00+05:00',
        termSuspension: NO_SUSPENSION,
      });
      expect(audits(h, input.applicationId).filter((a) => a.action === 'due-date-moved')).toEqual([]);

      // The negative answer (Annex 2 item 9(4)) is heard in time, then refused on ground 4 within the term.
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
      // Fri 27, Mon 30 — to the end of Monday: the applicant's term (issue 11 deviation 4).
      expect(s.pendingActions).toEqual([{ action: 'objection', by: 'applicant', dueAt: '2026-03-30T23:59:59.999+05:00' }]);
      await time.advanceTo('2026-03-31T00:30:00+05:00'); // the objection window is over
      s = await atStage(handle, 'final-decision');
      expect(s.timeline.at(-1)?.plannedBy).toBe(new Date(plannedDue).toISOString());
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
      expect((await status(handle)).slaState).toBe('met');
      expect(clockNotices(h, input.applicationId)).toEqual([]);
      expect(h.rec.deliveries.filter((d) => d.kind === 'suspension-notice' || d.kind === 'resumption-notice')).toEqual([]);
      expect(h.permitRegister.all()).toEqual([]);
      await recordHistory(handle, 'flag-emblem-license-approving-body-negative-answer');
    });
  });

  test('the body does not answer by its date: no notice, the term never moved, and the executor decides without the answer', async () => {
    const taskQueue = taskQueueFor('approving body silent');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toSiteInspection(h, handle, time);
      await time.advanceTo('2026-03-18T11:00:10+05:00');
      const sent = await handle.executeUpdate(approvingBodyRequestUpdate, {
        args: [{ body: 'mvd', question: MVD_QUESTION, actor: CTRM_STAFF }],
      });
      expect(sent).toMatchObject({ suspended: false, answerBy: '2026-03-26T18:30:00+05:00', dueAt: '2026-03-31T18:30:00+05:00' });
      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-19'), actor: INSPECTOR }] });
      await atStage(handle, 'decision');

      // No answer by Thu 26 March 18:30: the request is marked unanswered; silence is not a negative answer.
      await time.advanceTo('2026-03-26T18:31:00+05:00');
      const s = await waitFor(
        handle,
        (st) => (st.details['approvingBodyRequests'] as Array<{ unanswered?: true }> | undefined)?.[0]?.unanswered === true,
        'the answer-by moment',
      );
      expect(audits(h, input.applicationId).map((a) => a.action)).toContain('approving-body-did-not-answer');
      expect(s.stage).toBe('decision');
      expect(s.dueAt).toBe(new Date('2026-03-31T18:30:00+05:00').toISOString());
      expect(clockNotices(h, input.applicationId)).toEqual([]);

      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await approveChain(handle);
      expect((await handle.result()).outcome).toBe('issued');
      await recordHistory(handle, 'flag-emblem-license-approving-body-silent');
    });
  });

  test('re-issue (seed 003 too): withdrawn while the body has not answered → withdrawn, only the request was issued', async () => {
    const taskQueue = taskQueueFor('reissue withdrawn while awaiting the body');
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
      expect(sent).toMatchObject({ suspended: false, termSuspension: NO_SUSPENSION });

      await time.advanceTo('2026-03-19T15:00:00+05:00');
      await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'The address change was cancelled.', actor: APPLICANT }] });
      expect(await handle.result()).toEqual({ outcome: 'withdrawn' });
      const kinds = h.rec.documents.filter((d) => d.applicationId === input.applicationId).map((d) => d.kind);
      expect(kinds).toEqual(['registration-notice', 'approving-body-request']); // seed 004 ¶23 first
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
