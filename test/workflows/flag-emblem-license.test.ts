/**
 * Seed 003 on the time-skipping server: whole cases, submitted on 2026 dates that cross weekends and
 * the Nauryz holidays (21–25 March 2026 are days off: 21–23 holidays, 24–25 moved days off).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, recordHistory, refusedWith, runSettled, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import {
  approvingBodyAnswerSignal,
  approvingBodyRequestUpdate,
  completenessCheckUpdate,
  draftReviewUpdate,
  draftSubmitUpdate,
  finalDecisionUpdate,
  flagEmblemLicenseWorkflow,
  objectionUpdate,
  preliminaryDecisionUpdate,
  siteInspectionUpdate,
  type FlagEmblemLicenseInput,
} from '../../services/flag-emblem/license-workflow';
import type { SiteInspection } from '../../services/flag-emblem/license-rules';
import { formatAncn } from '../../domain/ancn';
import {
  annex1Form,
  APPLICANT,
  APPLICANT_BIN,
  approveChain,
  atStage,
  auditActions,
  CaseTime,
  conforming,
  createHarness,
  CTRM_CHAIRMAN,
  CTRM_STAFF,
  LICENSING_HEAD,
  nonconforming,
  OTHER_LICENSOR_STAFF,
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

const kz = (iso: string): string => new Date(iso).toISOString();

// A case left open by a failed test would hold the shared server's skipped time: end it.
const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test finished').catch(() => undefined);
});

async function submit(
  h: Harness,
  taskQueue: string,
  submittedAt: string,
  form = annex1Form(),
): Promise<{ handle: WorkflowHandle<typeof flagEmblemLicenseWorkflow>; time: CaseTime; input: FlagEmblemLicenseInput }> {
  const time = await CaseTime.start(env, submittedAt);
  const applicationId = workflowIdFor('fel');
  const input: FlagEmblemLicenseInput = {
    applicationId,
    ancn: formatAncn('APP', 1000 + Math.floor(Math.random() * 1000)),
    submittedAt,
    applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN },
    form,
  };
  const handle = await env.client.workflow.start(flagEmblemLicenseWorkflow, { taskQueue, workflowId: applicationId, args: [input] });
  started.push(handle);
  return { handle, time, input };
}

describe('seed 003: license to manufacture the State Flag and State Emblem', () => {
  test('Friday 18:45 before Nauryz: registered Thursday 26 March 09:00, due Monday 6 April; complete → inspection → license within 7 working days', async () => {
    const taskQueue = taskQueueFor('license issued');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-20T18:45:00+05:00');

      // ¶8: accepted, with the date of the result; ¶9: after hours on Friday, then Nauryz → Thursday.
      let s = await atStage(handle, 'accepted');
      expect(s.registeredAt).toBe(kz('2026-03-26T09:00:00+05:00'));
      expect(s.dueAt).toBe(kz('2026-04-06T18:30:00+05:00')); // ¶12: 7 working days
      // Annex 2 item 6(1): 10 MRP at the 2026 value (4 325 tenge).
      expect(await pay(h, handle, time)).toBe(43_250);
      expect(h.rec.deliveries[0]).toMatchObject({
        kind: 'acceptance',
        message: expect.stringContaining('result will be issued by 2026-04-06T18:30:00+05:00'),
      });

      await time.advanceTo('2026-03-25T17:00:00+05:00'); // Nauryz: nothing registered yet
      expect((await status(handle)).stage).toBe('accepted');
      expect(h.rec.documents.filter((d) => d.kind === 'registration-notice')).toEqual([]);

      await time.advanceTo('2026-03-26T09:05:00+05:00');
      s = await atStage(handle, 'completeness-check');
      // seed 004 ¶23, ¶36.3: registered (¶9) → the registration notice, signed by the provider, in the cabinet and
      // on the case's documents: the registration moment, the application's ANCN and the date of the result.
      const notice = h.rec.documents.find((d) => d.kind === 'registration-notice');
      expect(notice).toMatchObject({
        documentType: 'NTC',
        signer: 'provider',
        idempotencyKey: `${input.applicationId}:issue:registration-notice`,
        body: expect.objectContaining({
          application: input.ancn,
          registeredAt: '2026-03-26T09:00:00+05:00',
          resultBy: '2026-04-06T18:30:00+05:00',
        }),
      });
      // Issued at the registration moment (the case clock runs on by the workflow task's few milliseconds).
      const issuedAfterRegistrationMs = new Date(notice?.issuedAt ?? '').getTime() - new Date('2026-03-26T09:00:00+05:00').getTime();
      expect(issuedAfterRegistrationMs).toBeGreaterThanOrEqual(0);
      expect(issuedAfterRegistrationMs).toBeLessThan(60_000);
      expect(h.rec.deliveries).toContainEqual(
        expect.objectContaining({
          kind: 'registration-notice',
          ancn: notice?.ancn,
          message: expect.stringContaining(`${input.ancn} was registered at 2026-03-26T09:00:00+05:00`),
        }),
      );
      expect(s.documents).toEqual([expect.objectContaining({ kind: 'registration-notice', ancn: notice?.ancn })]);
      expect(s.details['applicant']).toMatchObject({ name: 'ТОО "Рәміз Өндіріс"', status: 'active' }); // ¶7
      expect(s.pendingActions).toEqual([{ action: 'completeness-check', by: 'staff', dueAt: '2026-03-27T18:30:00+05:00' }]); // ¶10: 1 working day

      await handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: CTRM_STAFF }] });
      s = await atStage(handle, 'site-inspection');
      expect(s.timeline.find((t) => t.stage === 'site-inspection')?.plannedBy).toBe(kz('2026-03-30T18:30:00+05:00')); // ¶10: 2 working days

      await time.advanceTo('2026-03-27T11:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-27'), actor: CTRM_STAFF }] });
      await atStage(handle, 'decision');
      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await approveChain(handle); // seed 004 ¶40: the head's approval signs

      const result = await handle.result();
      await recordHistory(handle, 'flag-emblem-license-issued-nauryz');
      expect(result.outcome).toBe('issued');
      s = await status(handle);
      expect(s.outcome).toBe('issued');
      expect(s.slaState).toBe('met');
      expect(new Date(s.timeline.at(-1)?.startedAt as string).getTime()).toBeLessThanOrEqual(new Date(s.dueAt).getTime());

      // ¶12: an XML license with its ANCN, signed by the authorized person, entered in the register.
      const license = h.rec.documents.find((d) => d.kind === 'license');
      expect(license).toMatchObject({ documentType: 'PRM', signer: 'provider', ancn: result.resultDocumentAncn });
      expect(h.permitRegister.all()).toEqual([
        expect.objectContaining({
          ancn: result.resultDocumentAncn,
          holderRef: APPLICANT_BIN,
          licensorBody: 'ctrm',
          serviceCode: 'flag-emblem-license',
          status: 'active',
        }),
      ]);
      expect(h.rec.deliveries.at(-1)).toMatchObject({ ancn: result.resultDocumentAncn, kind: 'license' });
      // ¶14: every stage change reported to monitoring.
      expect(h.rec.monitoring.filter((m) => m.applicationId === input.applicationId).map((m) => m.stage)).toEqual([
        'accepted',
        'registered',
        'completeness-check',
        'site-inspection',
        'decision',
        'decision-approval',
        'issuing-license',
        'closed',
      ]);
    });
  });

  test('incomplete package → refusal to consider further within 1 working day (¶11), the case ends', async () => {
    const taskQueue = taskQueueFor('refusal to consider');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await atStage(handle, 'completeness-check');
      await time.advanceTo('2026-03-18T11:00:00+05:00');
      await handle.executeUpdate(completenessCheckUpdate, {
        args: [
          {
            complete: false,
            findings: [
              { requirement: 'calibration-certificates', reason: 'expired-documents', note: 'Certificate ПС-2025/4471 is not attached' },
            ],
            actor: CTRM_STAFF,
          },
        ],
      });
      const result = await handle.result();
      expect(result.outcome).toBe('refused-to-consider');
      const doc = h.rec.documents.find((d) => d.kind === 'refusal-to-consider');
      expect(doc).toMatchObject({ documentType: 'NTC', signer: 'provider', ancn: result.resultDocumentAncn });
      expect(new Date(doc?.issuedAt as string).getTime()).toBeLessThanOrEqual(new Date('2026-03-18T18:30:00+05:00').getTime());
      expect(h.rec.deliveries.at(-1)).toMatchObject({ kind: 'refusal-to-consider', ancn: result.resultDocumentAncn });
      expect((await status(handle)).outcome).toBe('refused-to-consider');
      expect(h.permitRegister.all()).toEqual([]);
    });
  });

  test('staff silent past the completeness deadline → escalated (audit, at-risk, waiting on staff), then still decided', async () => {
    const taskQueue = taskQueueFor('escalation');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await atStage(handle, 'completeness-check');
      await time.advanceTo('2026-03-18T18:00:00+05:00');
      expect((await status(handle)).slaState).toBe('on-track');

      await time.advanceTo('2026-03-18T18:35:00+05:00'); // ¶10: the 1-working-day deadline was 18:30
      const s = await waitFor(handle, (st) => st.slaState === 'at-risk', 'the escalation');
      expect(s.waitingOn).toBe('staff');
      expect(s.stage).toBe('completeness-check');
      expect(s.details['escalations']).toEqual([
        expect.objectContaining({ action: 'completeness-check', deadline: '2026-03-18T18:30:00+05:00', regulation: 'seed 003 ¶10, ¶11' }),
      ]);
      await waitFor(handle, () => auditActions(h.rec, input.applicationId).includes('sla-at-risk'), 'the at-risk audit');
      expect(auditActions(h.rec, input.applicationId)).toContain('escalated');

      await handle.executeUpdate(completenessCheckUpdate, {
        args: [
          {
            complete: false,
            findings: [{ requirement: 'production-base', reason: 'incomplete-package', note: 'Lease agreement LA-2025/118 not attached' }],
            actor: CTRM_STAFF,
          },
        ],
      });
      expect((await handle.result()).outcome).toBe('refused-to-consider');
      await recordHistory(handle, 'flag-emblem-license-escalated-refused-to-consider');
    });
  });

  test('nonconforming → preliminary decision → objection → reasoned refusal considering it (¶12-1)', async () => {
    const taskQueue = taskQueueFor('hearing with objection');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toSiteInspection(h, handle, time);
      await time.advanceTo('2026-03-19T12:00:00+05:00');
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...nonconforming('2026-03-19'), actor: CTRM_STAFF }] });
      let s = await atStage(handle, 'decision');
      expect(s.pendingActions.map((a) => a.action)).toEqual(['preliminary-decision', 'approving-body-request']);
      expect(s.pendingActions[0]?.dueAt).toBe('2026-03-26T18:30:00+05:00'); // ¶12-1: 3 working days before dueAt 31 March

      // Neither a license over a nonconforming conclusion nor a refusal without a hearing.
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /non-conformity.*preliminary decision/,
      );
      expect(
        await refusedWith(
          handle.executeUpdate(finalDecisionUpdate, {
            args: [
              {
                decision: 'refuse',
                grounds: ['qualification-requirements-not-met'],
                reasoning: 'The measuring instruments are not verified.',
                actor: CTRM_STAFF,
              },
            ],
          }),
        ),
      ).toMatch(/needs a preliminary decision first/);

      await time.advanceTo('2026-03-20T10:00:00+05:00');
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          {
            grounds: ['qualification-requirements-not-met'],
            reasoning: 'Annex 1 item 5: the spectrophotometer has no valid verification certificate.',
            actor: CTRM_STAFF,
          },
        ],
      });
      s = await atStage(handle, 'hearing');
      const preliminary = h.rec.documents.find((d) => d.kind === 'preliminary-decision');
      expect(preliminary).toMatchObject({ documentType: 'NTC', signer: 'provider' });
      // ¶12-1: 2 working days from receipt on Friday 20 March; 21–25 March are days off → Friday 27 March,
      // to the end of that day: the applicant objects through the 24/7 portal (issue 11 deviation 4).
      expect(s.pendingActions).toEqual([{ action: 'objection', by: 'applicant', dueAt: '2026-03-27T23:59:59.999+05:00' }]);
      expect(s.waitingOn).toBe('applicant');
      expect(
        await refusedWith(
          handle.executeUpdate(finalDecisionUpdate, {
            args: [
              {
                decision: 'refuse',
                grounds: ['qualification-requirements-not-met'],
                reasoning: 'The measuring instruments are not verified.',
                actor: CTRM_STAFF,
              },
            ],
          }),
        ),
      ).toMatch(/may object until 2026-03-27T23:59:59.999\+05:00/);

      await time.advanceTo('2026-03-26T15:00:00+05:00');
      await handle.executeUpdate(objectionUpdate, {
        args: [
          {
            text: 'The certificate for CI64-55812 was renewed on 2026-03-25; a copy is attached.',
            attachments: [
              { fileName: 'certificate-CI64-55812.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64), sizeBytes: 183_204 },
            ],
            actor: APPLICANT,
          },
        ],
      });
      s = await atStage(handle, 'final-decision');
      expect(s.details['hearing']).toMatchObject({ objection: { text: expect.stringContaining('renewed') }, concluded: true });

      const refuse = {
        decision: 'refuse' as const,
        grounds: ['qualification-requirements-not-met' as const],
        reasoning: 'Annex 1 item 5: the renewed certificate names a different instrument serial number.',
      };
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ ...refuse, actor: CTRM_STAFF }] }))).toMatch(
        /objectionConsidered/,
      );
      expect(
        await refusedWith(
          handle.executeUpdate(finalDecisionUpdate, {
            args: [{ ...refuse, grounds: ['false-documents-or-data'], objectionConsidered: 'Checked.', actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/not heard on ground\(s\) false-documents-or-data/);
      await handle.executeUpdate(finalDecisionUpdate, {
        args: [{ ...refuse, objectionConsidered: 'The attached certificate is for serial CI64-55871, not CI64-55812.', actor: CTRM_STAFF }],
      });
      await approveChain(handle);

      const result = await handle.result();
      await recordHistory(handle, 'flag-emblem-license-hearing-objection-refused');
      expect(result).toMatchObject({ outcome: 'refused', grounds: ['qualification-requirements-not-met'] });
      const refusal = h.rec.documents.find((d) => d.kind === 'reasoned-refusal');
      expect(refusal).toMatchObject({ documentType: 'RFS', signer: 'provider', ancn: result.resultDocumentAncn });
      expect(refusal?.body['grounds']).toEqual([expect.objectContaining({ code: 'qualification-requirements-not-met', annex2Item9: 3 })]);
      expect(refusal?.body['objection']).toMatchObject({ considered: expect.stringContaining('CI64-55871') });
      expect((await status(handle)).slaState).toBe('met');
    });
  });

  test('no objection within 2 working days → refusal after the window', async () => {
    const taskQueue = taskQueueFor('hearing without objection');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, nonconforming('2026-03-17'));
      await time.advanceTo('2026-03-18T10:00:00+05:00');
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          {
            grounds: ['qualification-requirements-not-met'],
            reasoning: 'Annex 1 item 5: no valid verification certificate.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await atStage(handle, 'hearing');
      // Window: Wed 18 → Thu 19, Fri 20 — to the end of Friday, not the provider's 18:30 (issue 11 deviation 4).
      await time.advanceTo('2026-03-20T23:50:00+05:00');
      expect((await status(handle)).stage).toBe('hearing');
      await time.advanceTo('2026-03-21T00:05:00+05:00');
      await atStage(handle, 'final-decision');
      expect(auditActions(h.rec, input.applicationId)).toContain('objection-window-elapsed');
      expect(
        await refusedWith(handle.executeUpdate(objectionUpdate, { args: [{ text: 'Late objection', attachments: [], actor: APPLICANT }] })),
      ).toMatch(/not allowed at stage 'final-decision'/);

      await handle.executeUpdate(finalDecisionUpdate, {
        args: [
          {
            decision: 'refuse',
            grounds: ['qualification-requirements-not-met'],
            reasoning: 'Annex 1 item 5: no valid verification certificate; no objection received.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await approveChain(handle);
      expect(await handle.result()).toMatchObject({ outcome: 'refused', grounds: ['qualification-requirements-not-met'] });
    });
  });

  test('fee unpaid → heard on ground 2 → refused on ground 2 (Annex 2 item 9(2))', async () => {
    const taskQueue = taskQueueFor('fee unpaid');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      const s = await toDecisionStage(h, handle, time, conforming('2026-03-17'), { pay: false });
      expect(s.pendingActions.map((a) => a.action)).toContain('pay-license-fee');
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /license fee is not paid/,
      );
      // Conforming site: ground 3 would be false.
      expect(
        await refusedWith(
          handle.executeUpdate(preliminaryDecisionUpdate, {
            args: [{ grounds: ['qualification-requirements-not-met'], reasoning: 'Does not meet the requirements.', actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/qualification-requirements-not-met does not apply/);

      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          {
            grounds: ['license-fee-not-paid'],
            reasoning: 'The license fee of 10 MRP (43 250 tenge) has not been paid.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await atStage(handle, 'hearing');
      await time.advanceTo('2026-03-27T00:05:00+05:00'); // Thu 19 → Fri 20, (21–25 off), Thu 26, to the end of the day
      await atStage(handle, 'final-decision');
      await handle.executeUpdate(finalDecisionUpdate, {
        args: [
          {
            decision: 'refuse',
            grounds: ['license-fee-not-paid'],
            reasoning: 'The license fee has not been paid by the end of the hearing.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await approveChain(handle);
      const result = await handle.result();
      await recordHistory(handle, 'flag-emblem-license-fee-unpaid-refused');
      expect(result).toMatchObject({ outcome: 'refused', grounds: ['license-fee-not-paid'] });
      expect(h.rec.documents.find((d) => d.kind === 'reasoned-refusal')?.body['grounds']).toEqual([
        expect.objectContaining({ annex2Item9: 2 }),
      ]);
      expect(h.permitRegister.all()).toEqual([]);
    });
  });

  test('invalid staff and applicant actions are refused with clear errors and change nothing', async () => {
    const taskQueue = taskQueueFor('invalid actions');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await atStage(handle, 'completeness-check');
      const before = await status(handle);

      expect(
        await refusedWith(
          handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: OTHER_LICENSOR_STAFF }] }),
        ),
      ).toBe("completeness-check: only staff of licensor body 'ctrm' may act on this case (you act for 'state-corporation')");
      expect(
        await refusedWith(handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: APPLICANT }] })),
      ).toMatch(/only licensor staff/);
      expect(
        await refusedWith(handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-17'), actor: CTRM_STAFF }] })),
      ).toBe("site-inspection is not allowed at stage 'completeness-check'; it is accepted at: site-inspection");
      expect(
        await refusedWith(handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: false, findings: [], actor: CTRM_STAFF }] })),
      ).toMatch(/at least one finding/);
      expect(
        await refusedWith(
          handle.executeUpdate(finalDecisionUpdate, {
            args: [{ decision: 'refuse', grounds: [], reasoning: 'The applicant is unreliable in our opinion.', actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/not allowed at stage/);

      await handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: CTRM_STAFF }] });
      await atStage(handle, 'site-inspection');
      const partial = { ...conforming('2026-03-17'), findings: conforming('2026-03-17').findings.slice(0, 5) };
      expect(await refusedWith(handle.executeUpdate(siteInspectionUpdate, { args: [{ ...partial, actor: CTRM_STAFF }] }))).toMatch(
        /missing: emblem-master-models, production-reference-samples/,
      );
      const { inspector: _omit, ...noInspector } = conforming('2026-03-17');
      expect(
        await refusedWith(
          handle.executeUpdate(siteInspectionUpdate, { args: [{ ...(noInspector as SiteInspection), actor: CTRM_STAFF }] }),
        ),
      ).toMatch(/inspector/);
      expect(
        await refusedWith(handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-25'), actor: CTRM_STAFF }] })),
      ).toMatch(/visitedOn must be between/);
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-17'), actor: CTRM_STAFF }] });
      await atStage(handle, 'decision');
      // Free text alone is not a ground; an unknown ground is not one either.
      expect(
        await refusedWith(
          handle.executeUpdate(preliminaryDecisionUpdate, {
            args: [{ grounds: [], reasoning: 'We do not trust the applicant at all.', actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/cite at least one ground/);
      expect(
        await refusedWith(
          handle.executeUpdate(preliminaryDecisionUpdate, {
            args: [
              { grounds: ['applicant-seems-unreliable' as never], reasoning: 'We do not trust the applicant at all.', actor: CTRM_STAFF },
            ],
          }),
        ),
      ).toMatch(/grounds\.0/);
      expect(
        await refusedWith(handle.executeUpdate(objectionUpdate, { args: [{ text: 'I object', attachments: [], actor: APPLICANT }] })),
      ).toMatch(/not allowed at stage 'decision'/);

      // Nothing of it reached the case: the timeline moved only with the accepted actions.
      const after = await status(handle);
      expect(after.timeline.map((t) => t.stage)).toEqual([...before.timeline.map((t) => t.stage), 'site-inspection', 'decision']);
      const history = await handle.fetchHistory();
      const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
      expect(accepted).toHaveLength(2);
    });
  });

  test('an approving body is asked (ground 4); its negative answer blocks the license until heard', async () => {
    const taskQueue = taskQueueFor('approving body');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toSiteInspection(h, handle, time);
      const sent = await handle.executeUpdate(approvingBodyRequestUpdate, {
        args: [{ body: 'mvd', question: 'Does the production site meet the security requirements for state symbols?', actor: CTRM_STAFF }],
      });
      expect(h.approvingBodies.requests).toEqual([
        expect.objectContaining({ body: 'mvd', requestAncn: sent.requestAncn, requestId: sent.requestId }),
      ]);
      await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-03-17'), actor: CTRM_STAFF }] });
      await atStage(handle, 'decision');
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /waiting for the answer of approving body mvd/,
      );
      expect(
        await refusedWith(
          handle.executeUpdate(preliminaryDecisionUpdate, {
            args: [
              { grounds: ['approving-body-negative-answer'], reasoning: 'The approving body answered negatively.', actor: CTRM_STAFF },
            ],
          }),
        ),
      ).toMatch(/no approving body has answered negatively/);

      await handle.signal(approvingBodyAnswerSignal, {
        requestId: sent.requestId,
        conforms: false,
        summary: 'The site has no alarm system',
        answeredAt: '2026-03-18T12:00:00+05:00',
      });
      await waitFor(handle, (s) => JSON.stringify(s.details['approvingBodyRequests'] ?? '').includes('no alarm'), 'the answer');
      expect(await refusedWith(handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] }))).toMatch(
        /Annex 2 item 9\(4\)/,
      );
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          { grounds: ['approving-body-negative-answer'], reasoning: 'Internal affairs: the site has no alarm system.', actor: CTRM_STAFF },
        ],
      });
      await atStage(handle, 'hearing');
    });
  });

  test('¶15: the state database stays down through every retry → technical-failure report, case failed', async () => {
    const taskQueue = taskQueueFor('technical failure');
    const h = await createHarness(env, taskQueue);
    h.stateDatabases.failNext(Infinity);
    await runSettled(h.worker, started, async () => {
      const { handle, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      const result = await handle.result();
      expect(result.outcome).toBe('failed');
      expect(h.stateDatabases.calls).toHaveLength(5); // bounded retries
      expect(h.rec.failures).toEqual([
        expect.objectContaining({
          serviceName: 'flag-emblem-license',
          applicationAncn: input.ancn,
          applicantRef: APPLICANT_BIN,
          error: expect.stringContaining('look-up-applicant'),
          context: expect.objectContaining({ step: 'look-up-applicant', stage: 'registered' }),
        }),
      ]);
      expect(h.rec.failures[0]?.occurredAt).toMatch(/^2026-03-17T05:0/);
      expect((await status(handle)).outcome).toBe('failed');
    });
  });
});

describe('seed 004 ¶40: the final decision goes up the approval chain before it is signed', () => {
  test('reject → rework → approve: the head of the licensor body signs last and only then the license exists', async () => {
    const taskQueue = taskQueueFor('decision approval chain');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time, input } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, conforming('2026-03-17'));
      // Nothing to review before the executor's decision exists.
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: LICENSING_HEAD }] }),
        ),
      ).toMatch(/no approval chain "final-decision"/);

      await time.advanceTo('2026-03-18T11:00:00+05:00');
      const ack = await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      expect(ack.next).toMatch(/head of the licensing department \(ctrm:licensing-head\) reviews it first/);
      let s = await atStage(handle, 'decision-approval');
      // The term stays the case's 7 working days (seed 003 ¶12): registered Tue 17 March → 18, 19, 20, (21–25 off), 26, 27, 30, 31.
      expect(s.dueAt).toBe(kz('2026-03-31T18:30:00+05:00'));
      expect(s.pendingActions).toEqual([{ action: 'draft-review', by: 'staff', dueAt: '2026-03-31T18:30:00+05:00' }]);
      expect(s.timeline.at(-1)).toMatchObject({ stage: 'decision-approval', actor: CTRM_STAFF.subject, plannedBy: s.dueAt });
      expect(h.rec.documents.filter((d) => d.kind === 'license')).toEqual([]);

      // Sequential: the chairman cannot act before the head of the department; the applicant takes no part.
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: CTRM_CHAIRMAN }] }),
        ),
      ).toBe(
        'draft-review: it is the turn of head of the licensing department (ctrm:licensing-head); the chain is sequential (seed 004 ¶40.2)',
      );
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: APPLICANT }] }),
        ),
      ).toMatch(/only licensor staff/);
      // The draft cannot be changed while it is with the chain.
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, {
            args: [{ chain: 'final-decision', content: { decision: 'issue' }, actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/with the approval chain/);

      await time.advanceTo('2026-03-19T10:00:00+05:00');
      await handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'approve', actor: LICENSING_HEAD }] });
      // A rejection says what to rework.
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, { args: [{ chain: 'final-decision', verdict: 'reject', actor: CTRM_CHAIRMAN }] }),
        ),
      ).toBe('draft-review: a rejection says what to rework (comment)');
      expect(
        await refusedWith(
          handle.executeUpdate(draftReviewUpdate, {
            args: [{ chain: 'final-decision', verdict: 'reject', comment: '   ', actor: CTRM_CHAIRMAN }],
          }),
        ),
      ).toMatch(/says what to rework/);
      const rejected = await handle.executeUpdate(draftReviewUpdate, {
        args: [
          { chain: 'final-decision', verdict: 'reject', comment: 'Name the inspection act in the license file.', actor: CTRM_CHAIRMAN },
        ],
      });
      expect(rejected).toMatchObject({ state: 'rework', awaiting: CTRM_STAFF.subject, round: 1 });
      s = await status(handle);
      expect(s.stage).toBe('decision-approval');
      // The executor reworks the draft, or turns to a refusal through a preliminary decision (by 26 March, ¶12-1).
      expect(s.pendingActions).toEqual([
        { action: 'draft-submit', by: 'staff', dueAt: '2026-03-31T18:30:00+05:00' },
        { action: 'preliminary-decision', by: 'staff', dueAt: '2026-03-26T18:30:00+05:00' },
      ]);
      expect(s.waitingOn).toBe('staff');
      expect(h.rec.documents.filter((d) => d.kind === 'license')).toEqual([]);

      // Rework: only the executor; a refusal draft still needs the ¶12-1 hearing first.
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, {
            args: [{ chain: 'final-decision', content: { decision: 'issue' }, actor: LICENSING_HEAD }],
          }),
        ),
      ).toMatch(/only the executor ctrm:a.seitkali/);
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, {
            args: [
              {
                chain: 'final-decision',
                content: {
                  decision: 'refuse',
                  grounds: ['false-documents-or-data'],
                  reasoning: 'The lease agreement could not be confirmed.',
                },
                actor: CTRM_STAFF,
              },
            ],
          }),
        ),
      ).toMatch(/needs a preliminary decision first/);
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, {
            args: [{ chain: 'final-decision', content: { decision: 'maybe' }, actor: CTRM_STAFF }],
          }),
        ),
      ).toMatch(/^draft-submit: decision/);
      const resubmitted = await handle.executeUpdate(draftSubmitUpdate, {
        args: [{ chain: 'final-decision', content: { decision: 'issue' }, actor: CTRM_STAFF }],
      });
      expect(resubmitted).toMatchObject({ state: 'in-approval', round: 2, awaiting: LICENSING_HEAD.subject });

      await time.advanceTo('2026-03-20T10:00:00+05:00');
      const signed = await approveChain(handle);
      expect(signed.state).toBe('signed');
      expect(signed.reviews.map((r) => `${r.round}:${r.by}:${r.verdict}`)).toEqual([
        `1:${LICENSING_HEAD.subject}:approve`,
        `1:${CTRM_CHAIRMAN.subject}:reject`,
        `2:${LICENSING_HEAD.subject}:approve`,
        `2:${CTRM_CHAIRMAN.subject}:approve`,
      ]);

      const result = await handle.result();
      await recordHistory(handle, 'flag-emblem-license-approval-chain-reworked');
      expect(result.outcome).toBe('issued');
      expect(result.resultDocumentAncn).toBe(signed.document?.ancn);
      const licenses = h.rec.documents.filter((d) => d.kind === 'license');
      expect(licenses).toHaveLength(1); // signed once, by the head's approval
      expect(licenses[0]).toMatchObject({ documentType: 'PRM', signer: 'provider', issuedAt: expect.stringMatching(/^2026-03-20T/) }); // the day of the approvals, not of the first draft (18 March)
      expect(licenses[0]?.body).toMatchObject({
        decidedBy: CTRM_STAFF.subject,
        approvedBy: [
          { subject: LICENSING_HEAD.subject, title: 'head of the licensing department' },
          { subject: CTRM_CHAIRMAN.subject, title: 'head of the licensor body (chairman of the CTRM)' },
        ],
      });
      expect(h.permitRegister.all()).toEqual([expect.objectContaining({ ancn: result.resultDocumentAncn, status: 'active' })]);
      s = await status(handle);
      expect(s.slaState).toBe('met');
      expect(s.timeline.map((t) => t.stage)).toEqual([
        'accepted',
        'registered',
        'completeness-check',
        'site-inspection',
        'decision',
        'decision-approval',
        'issuing-license',
        'closed',
      ]);
      expect(s.timeline.find((t) => t.stage === 'decision-approval')).toMatchObject({
        actor: CTRM_CHAIRMAN.subject,
        note: expect.stringContaining(result.resultDocumentAncn as string),
      });
      expect(s.timeline.at(-1)?.actor).toBe(CTRM_CHAIRMAN.subject);
      const trail = auditActions(h.rec, input.applicationId);
      expect(trail.filter((a) => a.startsWith('draft-'))).toEqual([
        'draft-submitted',
        'draft-approved',
        'draft-rejected',
        'draft-submitted',
        'draft-approved',
        'draft-signed',
      ]);
    });
  }, 180_000); // some 25 round trips to the server: slow when the machine is shared

  test('the chain returns a license draft and the executor turns to a refusal: a preliminary decision from rework, the hearing, then the reworked refusal is signed (seed 004 ¶40.3, seed 003 ¶12-1)', async () => {
    const taskQueue = taskQueueFor('decision approval hearing from rework');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, conforming('2026-03-17'));
      await time.advanceTo('2026-03-18T10:00:00+05:00');
      await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
      await atStage(handle, 'decision-approval');
      await handle.executeUpdate(draftReviewUpdate, {
        args: [
          {
            chain: 'final-decision',
            verdict: 'reject',
            comment: 'The lease agreement LA-2025/118 was not signed by the lessor: refuse on ground 7.',
            actor: LICENSING_HEAD,
          },
        ],
      });
      let s = await status(handle);
      expect(s.pendingActions.map((a) => a.action)).toEqual(['draft-submit', 'preliminary-decision']);

      const refusal = {
        decision: 'refuse' as const,
        grounds: ['false-documents-or-data' as const],
        reasoning: 'The lease agreement LA-2025/118 bears no signature of the lessor.',
      };
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'final-decision', content: refusal, actor: CTRM_STAFF }] }),
        ),
      ).toMatch(/a refusal needs a preliminary decision first/);
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [{ grounds: ['false-documents-or-data'], reasoning: refusal.reasoning, actor: CTRM_STAFF }],
      });
      await atStage(handle, 'hearing');
      // 2 working days to object: Wed 18 → Fri 20 March, to the end of the day; no objection.
      await time.advanceTo('2026-03-21T00:01:00+05:00');
      s = await atStage(handle, 'decision-approval');
      expect(s.pendingActions.map((a) => a.action)).toEqual(['draft-submit']);
      await handle.executeUpdate(draftSubmitUpdate, { args: [{ chain: 'final-decision', content: refusal, actor: CTRM_STAFF }] });
      await approveChain(handle);

      const result = await handle.result();
      await recordHistory(handle, 'flag-emblem-license-approval-chain-hearing-from-rework');
      expect(result).toMatchObject({ outcome: 'refused', grounds: ['false-documents-or-data'] });
      const preliminary = h.rec.documents.find((d) => d.kind === 'preliminary-decision');
      const signedRefusal = h.rec.documents.filter((d) => d.kind === 'reasoned-refusal');
      expect(signedRefusal).toHaveLength(1);
      expect(signedRefusal[0]?.body).toMatchObject({ preliminaryDecision: preliminary?.ancn, objection: 'none within the window' });
      expect(h.rec.documents.filter((d) => d.kind === 'license')).toEqual([]);
      expect((await status(handle)).timeline.map((t) => t.stage)).toEqual([
        'accepted',
        'registered',
        'completeness-check',
        'site-inspection',
        'decision',
        'decision-approval',
        'hearing',
        'decision-approval',
        'issuing-refusal',
        'closed',
      ]);
    });
  }, 180_000);

  test('rework may change the decision: a refusal draft rejected, resubmitted with the objection considered, signed by the head', async () => {
    const taskQueue = taskQueueFor('decision approval rework');
    const h = await createHarness(env, taskQueue);
    await runSettled(h.worker, started, async () => {
      const { handle, time } = await submit(h, taskQueue, '2026-03-17T10:00:00+05:00');
      await toDecisionStage(h, handle, time, nonconforming('2026-03-17'));
      await time.advanceTo('2026-03-18T10:00:00+05:00');
      await handle.executeUpdate(preliminaryDecisionUpdate, {
        args: [
          {
            grounds: ['qualification-requirements-not-met'],
            reasoning: 'Annex 1 item 5: no valid verification certificate.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await atStage(handle, 'hearing');
      await handle.executeUpdate(objectionUpdate, {
        args: [{ text: 'The instrument was verified on 2026-03-16.', attachments: [], actor: APPLICANT }],
      });
      await atStage(handle, 'final-decision');

      const reasoning = 'Annex 1 item 5: the verification certificate names another serial number.';
      await handle.executeUpdate(finalDecisionUpdate, {
        args: [
          {
            decision: 'refuse',
            grounds: ['qualification-requirements-not-met'],
            reasoning,
            objectionConsidered: 'Checked against the register.',
            actor: CTRM_STAFF,
          },
        ],
      });
      await atStage(handle, 'decision-approval');
      await handle.executeUpdate(draftReviewUpdate, {
        args: [
          { chain: 'final-decision', verdict: 'reject', comment: 'Say which certificate the objection relied on.', actor: LICENSING_HEAD },
        ],
      });
      // Still the ¶12-1 rules on the reworked draft: the objection must be answered.
      expect(
        await refusedWith(
          handle.executeUpdate(draftSubmitUpdate, {
            args: [
              {
                chain: 'final-decision',
                content: { decision: 'refuse', grounds: ['qualification-requirements-not-met'], reasoning },
                actor: CTRM_STAFF,
              },
            ],
          }),
        ),
      ).toMatch(/objectionConsidered/);
      await handle.executeUpdate(draftSubmitUpdate, {
        args: [
          {
            chain: 'final-decision',
            content: {
              decision: 'refuse',
              grounds: ['qualification-requirements-not-met'],
              reasoning,
              objectionConsidered: 'The certificate attached to the objection is for serial CI64-55871, not CI64-55812.',
            },
            actor: CTRM_STAFF,
          },
        ],
      });
      await approveChain(handle);
      const result = await handle.result();
      expect(result).toMatchObject({ outcome: 'refused', grounds: ['qualification-requirements-not-met'] });
      const refusals = h.rec.documents.filter((d) => d.kind === 'reasoned-refusal');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ documentType: 'RFS', ancn: result.resultDocumentAncn });
      expect(refusals[0]?.body['objection']).toMatchObject({ considered: expect.stringContaining('CI64-55871') });
      expect(h.permitRegister.all()).toEqual([]);
    });
  }, 180_000);
});
