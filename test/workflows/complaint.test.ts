/**
 * Complaints on the time-skipping server (seed 003 ¶16–17; seed 002 ¶11–12), on 2026 dates across Nauryz
 * (21–25 March off): each addressee's term, the extension with its notice (in time, and late: flagged),
 * forwarding under APPC art. 91(4) and its favourable-act exception, a complaint filed 3 months and a
 * day late, the 2016 regime, a dismissed complaint naming the next steps, and an upheld one against a
 * refused Flag/Emblem license that re-decides the case and issues the license.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ALL_WORKFLOWS, recordHistory, refusedWith, runSettled, taskQueueFor, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import {
  complaintDecisionUpdate,
  complaintExtendUpdate,
  complaintExtensionNoticeUpdate,
  complaintFavourableActUpdate,
  complaintForwardUpdate,
  complaintWorkflow,
  type ComplaintInput,
} from '../../workflows/complaints/complaint.workflow';
import { finalDecisionUpdate, preliminaryDecisionUpdate } from '../../services/flag-emblem/license-workflow';
import { referenceDataPublishedSignal } from '../../workflows/shared/reference-data';
import { EMBEDDED_CALENDAR } from '../../domain/calendar';
import type { CalendarPublished } from '../../domain/reference-data';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { createComplaintActivities, temporalCaseInputs } from '../../activities/complaints';
import { formatAncn } from '../../domain/ancn';
import type { Actor } from '../../workflows/shared/staff-decision';
import {
  APPLICANT_BIN,
  APPLICANT_NAME,
  approveChain,
  atStage,
  auditActions,
  CaseTime,
  createHarness,
  CTRM_STAFF,
  nonconforming,
  status,
  submitLicense,
  toDecisionStage,
  waitFor,
  type Harness,
} from './flag-emblem-license.fixtures';

const suite = timeSkippingSuite();
const { started } = suite;

const MTI_STAFF: Actor = { subject: 'mti:d.nurlanov', role: 'staff', licensorBody: 'mti' };
const QA_STAFF: Actor = { subject: 'qa:g.sadykova', role: 'staff', licensorBody: 'quality-authority' };
const SC_STAFF: Actor = { subject: 'sc:b.omarov', role: 'staff', licensorBody: 'state-corporation' };

interface ComplaintHarness extends Harness {
  store: InMemoryApplicationStore;
}

async function harness(taskQueue: string): Promise<ComplaintHarness> {
  const env = suite.env;
  const store = new InMemoryApplicationStore();
  const h = await createHarness(env, taskQueue, {
    workflowsPath: ALL_WORKFLOWS,
    activities: createComplaintActivities({ store, cases: temporalCaseInputs(env.client) }),
  });
  return { ...h, store };
}

function complaintInput(o: Partial<ComplaintInput> & Pick<ComplaintInput, 'receivedAt'>): ComplaintInput {
  const complaintId = workflowIdFor('complaint');
  return {
    complaintId,
    ancn: formatAncn('APP', 5000 + Math.floor(Math.random() * 4000)),
    regime: '2021',
    addressee: 'provider',
    body: 'ctrm',
    providerBody: 'ctrm',
    channel: 'portal',
    registeredBy: `portal:${APPLICANT_BIN}`,
    learnedAt: '2026-03-17T12:00:00+05:00',
    complainant: { iinOrBin: APPLICANT_BIN, name: APPLICANT_NAME },
    against: {
      applicationId: 'flag-emblem-license-KZ00APP0000001',
      serviceCode: 'flag-emblem-license',
      ancn: 'KZ00APP0000001',
      outcome: 'refused',
    },
    subject: 'decision',
    demands: 'Cancel the refusal and issue the license.',
    reconsideration: false,
    ...o,
  };
}

async function fileComplaint(
  input: ComplaintInput,
  taskQueue: string,
): Promise<{ handle: WorkflowHandle<typeof complaintWorkflow>; time: CaseTime }> {
  const time = await CaseTime.start(suite.env, input.receivedAt);
  const handle = await suite.env.client.workflow.start(complaintWorkflow, { taskQueue, workflowId: input.complaintId, args: [input] });
  started.push(handle);
  return { handle, time };
}

const DISMISS = { decision: 'dismissed' as const, reasoning: 'The refusal rests on a verified ground (Annex 2 item 9(3)).' };

test('provider: 5 working days from registration across Nauryz; an extension with its notice in time; dismissed naming the next steps', async () => {
  const taskQueue = taskQueueFor('complaint provider extension');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const { handle, time } = await fileComplaint(complaintInput({ receivedAt: '2026-03-19T10:00:00+05:00' }), taskQueue);
    let s = await atStage(handle, 'review');
    expect(s.dueAt).toBe(new Date('2026-03-31T18:30:00+05:00').toISOString()); // 20, 26, 27, 30, 31 March
    expect(s.licensorBody).toBe('ctrm');
    expect(s.pendingActions.map((a) => a.action)).toEqual(['complaint-decision', 'complaint-extend']);
    expect(h.rec.documents.find((d) => d.kind === 'complaint-registration')).toMatchObject({ documentType: 'NTC', signer: 'provider' });

    // Only the CTRM's staff; the grounds of Law art. 25(4); at most 10 working days.
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 5, reasons: 'x', actor: QA_STAFF }],
        }),
      ),
    ).toMatch(/only staff of licensor body 'ctrm'/);
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 11, reasons: 'x', actor: CTRM_STAFF }],
        }),
      ),
    ).toMatch(/1 to 10 working days/);
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 5, reasons: ' ', actor: CTRM_STAFF }],
        }),
      ),
    ).toMatch(/reasons are required/);

    await time.advanceTo('2026-03-20T11:00:00+05:00');
    await handle.executeUpdate(complaintExtendUpdate, {
      args: [{ ground: 'on-site-check', workingDays: 10, reasons: 'The production site must be visited again.', actor: CTRM_STAFF }],
    });
    s = await status(handle);
    expect(s.dueAt).toBe(new Date('2026-04-14T18:30:00+05:00').toISOString()); // 31 March + 10 working days
    expect(s.pendingActions).toContainEqual({ action: 'complaint-extension-notice', by: 'staff', dueAt: '2026-03-30T18:30:00+05:00' });
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 1, reasons: 'again', actor: CTRM_STAFF }],
        }),
      ),
    ).toMatch(/already extended once/);

    await time.advanceTo('2026-03-27T10:00:00+05:00');
    await handle.executeUpdate(complaintExtensionNoticeUpdate, { args: [{ actor: CTRM_STAFF }] });
    s = await waitFor(handle, (st) => (st.details['extension'] as { notice?: unknown }).notice !== undefined, 'the notice');
    expect(s.details['extension']).toMatchObject({ notice: { late: false } });
    const notice = h.rec.documents.find((d) => d.kind === 'complaint-extension-notice');
    expect(notice?.body).toMatchObject({ reasons: 'The production site must be visited again.', extendedBy: '10 working days' });

    expect(
      await refusedWith(
        handle.executeUpdate(complaintDecisionUpdate, { args: [{ decision: 'dismissed', reasoning: 'no', actor: CTRM_STAFF }] }),
      ),
    ).toMatch(/grounds .* are required/);
    await time.advanceTo('2026-04-10T10:00:00+05:00');
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: CTRM_STAFF }] });
    const result = await handle.result();
    await recordHistory(handle, 'complaint-provider-extended-dismissed');
    expect(result.outcome).toBe('dismissed');
    const decision = h.rec.documents.find((d) => d.kind === 'complaint-decision');
    expect(decision).toMatchObject({ documentType: 'NTC', ancn: result.decisionAncn });
    expect((decision?.body['nextSteps'] as string[]).join(' ')).toMatch(/reviewing body.*court/);
    expect((await status(handle)).slaState).toBe('met');
  });
});

test('a notice sent after the 3 working days is flagged late; the quality authority has 15 working days', async () => {
  const taskQueue = taskQueueFor('complaint late notice');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({ receivedAt: '2026-03-19T10:00:00+05:00', addressee: 'quality-authority', body: 'quality-authority' });
    const { handle, time } = await fileComplaint(input, taskQueue);
    let s = await atStage(handle, 'review');
    expect(s.dueAt).toBe(new Date('2026-04-14T18:30:00+05:00').toISOString());
    await time.advanceTo('2026-03-20T11:00:00+05:00');
    await handle.executeUpdate(complaintExtendUpdate, {
      args: [{ ground: 'more-information', workingDays: 3, reasons: 'The CTRM must send the case file.', actor: QA_STAFF }],
    });
    await time.advanceTo('2026-03-31T10:00:00+05:00'); // past 30 March 18:30
    s = await waitFor(handle, () => auditActions(h.rec, input.complaintId).includes('extension-notice-late'), 'the late flag');
    expect(s.slaState).toBe('at-risk');
    await handle.executeUpdate(complaintExtensionNoticeUpdate, {
      args: [{ reasons: 'The case file is requested from the CTRM.', actor: QA_STAFF }],
    });
    s = await waitFor(handle, (st) => (st.details['extension'] as { notice?: unknown }).notice !== undefined, 'the notice');
    expect(s.details['extension']).toMatchObject({ notice: { late: true } });
    expect(h.rec.documents.find((d) => d.kind === 'complaint-extension-notice')?.body['late']).toMatch(/after the 3 working days/);
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: QA_STAFF }] });
    expect((await handle.result()).outcome).toBe('dismissed');
  });
});

test('APPC art. 91(4): forwarded to the reviewing body within 3 working days; its 20 working days run from its receipt', async () => {
  const taskQueue = taskQueueFor('complaint forwarding');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({ receivedAt: '2026-03-19T10:00:00+05:00', addressee: 'reviewing-body', body: 'mti', viaProvider: true });
    const { handle, time } = await fileComplaint(input, taskQueue);
    let s = await atStage(handle, 'forwarding');
    expect(s.pendingActions).toEqual([
      { action: 'complaint-forward', by: 'staff', dueAt: '2026-03-27T18:30:00+05:00' },
      { action: 'complaint-favourable-act', by: 'staff', dueAt: '2026-03-27T18:30:00+05:00' },
    ]);
    // Until forwarded it waits on the provider's staff: in their inbox, not yet in the reviewing body's.
    expect(s.licensorBody).toBe('ctrm');
    expect(await refusedWith(handle.executeUpdate(complaintForwardUpdate, { args: [{ actor: MTI_STAFF }] }))).toMatch(/'ctrm'/);
    await time.advanceTo('2026-03-26T10:00:00+05:00');
    await handle.executeUpdate(complaintForwardUpdate, { args: [{ actor: CTRM_STAFF }] });
    s = await atStage(handle, 'review');
    expect(s.licensorBody).toBe('mti');
    const moved = h.rec.progress.filter((p) => p.applicationId === input.complaintId && p.licensorBody !== undefined);
    expect(moved[0]).toMatchObject({ licensorBody: 'mti', audit: { action: 'due-date-moved' } });
    // 20 working days from Thursday 26 March.
    expect(s.dueAt).toBe(new Date('2026-04-23T18:30:00+05:00').toISOString());
    expect(s.details['forwarded']).toMatchObject({ late: false });
    expect(s.pendingActions.map((a) => a.action)).toEqual(['complaint-decision']); // the reviewing body's term is not extendable
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 2, reasons: 'x', actor: MTI_STAFF }],
        }),
      ),
    ).toMatch(/cannot be extended/);
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: MTI_STAFF }] });
    const result = await handle.result();
    await recordHistory(handle, 'complaint-forwarded-dismissed');
    expect(result.outcome).toBe('dismissed');
    expect((h.rec.documents.find((d) => d.kind === 'complaint-decision')?.body['nextSteps'] as string[]).join(' ')).toMatch(
      /another reviewing body.*court/,
    );
  });
});

test('a favourable act fully satisfying the complaint: not forwarded, closes satisfied', async () => {
  const taskQueue = taskQueueFor('complaint favourable act');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({ receivedAt: '2026-03-19T10:00:00+05:00', addressee: 'reviewing-body', body: 'mti', viaProvider: true });
    const { handle, time } = await fileComplaint(input, taskQueue);
    await atStage(handle, 'forwarding');
    await time.advanceTo('2026-03-20T10:00:00+05:00');
    await handle.executeUpdate(complaintFavourableActUpdate, {
      args: [{ act: 'KZ00PRM0000042', description: 'The license is issued on re-examination.', actor: CTRM_STAFF }],
    });
    const result = await handle.result();
    expect(result.outcome).toBe('satisfied');
    expect(h.rec.documents.find((d) => d.kind === 'complaint-satisfied')?.body).toMatchObject({ favourableAct: 'KZ00PRM0000042' });
    expect(auditActions(h.rec, input.complaintId)).not.toContain('complaint-forwarded');
  });
});

test('forwarding late is escalated, not lost', async () => {
  const taskQueue = taskQueueFor('complaint forwarding late');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({ receivedAt: '2026-03-19T10:00:00+05:00', addressee: 'reviewing-body', body: 'mti', viaProvider: true });
    const { handle, time } = await fileComplaint(input, taskQueue);
    await atStage(handle, 'forwarding');
    await time.advanceTo('2026-03-30T10:00:00+05:00');
    await waitFor(handle, () => auditActions(h.rec, input.complaintId).includes('escalated'), 'the escalation');
    await handle.executeUpdate(complaintForwardUpdate, { args: [{ actor: CTRM_STAFF }] });
    const s = await atStage(handle, 'review');
    expect(s.details['forwarded']).toMatchObject({ late: true });
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: MTI_STAFF }] });
    await handle.result();
  });
});

test('filed 3 months and a day after the applicant learned: flagged, not rejected', async () => {
  const taskQueue = taskQueueFor('complaint late filing');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({ receivedAt: '2026-06-03T10:00:00+05:00', learnedAt: '2026-03-02T12:00:00+05:00' });
    const { handle } = await fileComplaint(input, taskQueue);
    const s = await atStage(handle, 'review');
    expect(s.details['filing']).toMatchObject({ late: true, filingDeadline: '2026-06-02T23:59:59.999+05:00' });
    expect(auditActions(h.rec, input.complaintId)).toContain('filed-late');
    expect(h.rec.documents.find((d) => d.kind === 'complaint-registration')?.body['filedAfter']).toMatch(/3-month term ended/);
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: CTRM_STAFF }] });
    await handle.result();
  });
});

test('the 2016 regime (seed 002 ¶11): the head of the State Corporation, 5 working days, no extension; dismissed → quality authority, then court', async () => {
  const taskQueue = taskQueueFor('complaint 2016');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    const input = complaintInput({
      receivedAt: '2026-03-19T10:00:00+05:00',
      regime: '2016',
      addressee: 'state-corporation-head',
      body: 'state-corporation',
      providerBody: 'state-corporation',
      channel: 'in-person',
      incomingNumber: 'ВХ-2026/311',
      registeredBy: SC_STAFF.subject,
    });
    const { handle } = await fileComplaint(input, taskQueue);
    const s = await atStage(handle, 'review');
    expect(s.dueAt).toBe(new Date('2026-03-31T18:30:00+05:00').toISOString());
    expect(s.pendingActions.map((a) => a.action)).toEqual(['complaint-decision']);
    expect(
      await refusedWith(
        handle.executeUpdate(complaintExtendUpdate, {
          args: [{ ground: 'more-information', workingDays: 2, reasons: 'x', actor: SC_STAFF }],
        }),
      ),
    ).toMatch(/cannot be extended/);
    expect(h.rec.documents.find((d) => d.kind === 'complaint-registration')?.body).toMatchObject({ incomingNumber: 'ВХ-2026/311' });
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: SC_STAFF }] });
    const result = await handle.result();
    await recordHistory(handle, 'complaint-2016-dismissed');
    expect(result.outcome).toBe('dismissed');
    expect((h.rec.documents.find((d) => d.kind === 'complaint-decision')?.body['nextSteps'] as string[]).join(' ')).toMatch(
      /quality.*15 working days.*court/,
    );
  });
});

/** A hypothetical order (not a real act): Mon 4 May and Fri 8 May 2026 days off, Saturdays 13 and 20 June working. */
function decree(): CalendarPublished {
  const act = 'order No. 77 of 2026-04-20';
  return {
    kind: 'calendar',
    version: 'kz-calendar@3',
    act: { title: 'Order of the Minister of Labour and Social Protection (test)', number: '77', date: '2026-04-20' },
    summary: '2026-05-04 and 2026-05-08 declared days off',
    publishedAt: '2026-05-05T10:00:00+05:00',
    publishedBy: 'admin:test',
    calendar: {
      version: 'kz-calendar@3',
      years: EMBEDDED_CALENDAR.years.map((y) =>
        y.year === 2026
          ? {
              ...y,
              transfers: [
                { workingDay: '2026-06-13', dayOff: '2026-05-08', act },
                { workingDay: '2026-06-20', dayOff: '2026-05-04', act },
              ],
            }
          : y,
      ),
    },
  };
}

test('a decree published while the complaint runs moves its review term, on the timeline with the act', async () => {
  const taskQueue = taskQueueFor('complaint decree');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    // Thu 30 April: 4, 5, 6, 8, 12 May (1 and 7 May holidays) → 12 May; with 4 and 8 May off → 14 May.
    const input = complaintInput({ receivedAt: '2026-04-30T10:00:00+05:00', learnedAt: '2026-04-29T12:00:00+05:00' });
    const { handle, time } = await fileComplaint(input, taskQueue);
    let s = await atStage(handle, 'review');
    expect(s.dueAt).toBe(new Date('2026-05-12T18:30:00+05:00').toISOString());
    await time.advanceTo('2026-05-05T10:00:00+05:00');
    await handle.signal(referenceDataPublishedSignal, decree());
    s = await waitFor(handle, (st) => st.calendarVersion === 'kz-calendar@3', 'the decree adopted');
    expect(s.dueAt).toBe(new Date('2026-05-14T18:30:00+05:00').toISOString());
    expect(s.timeline.at(-1)?.moves).toEqual([
      expect.objectContaining({
        deadline: 'dueAt',
        from: '2026-05-12T18:30:00+05:00',
        to: '2026-05-14T18:30:00+05:00',
        reason: expect.stringContaining('No. 77'),
      }),
    ]);
    expect(s.pendingActions[0]).toMatchObject({ action: 'complaint-decision', dueAt: '2026-05-14T18:30:00+05:00' });
    await handle.executeUpdate(complaintDecisionUpdate, { args: [{ ...DISMISS, actor: CTRM_STAFF }] });
    await handle.result();
    expect(auditActions(h.rec, input.complaintId)).toContain('calendar-adopted');
  });
});

test('upheld against a refused Flag/Emblem license: the case is re-decided and the license issued', async () => {
  const taskQueue = taskQueueFor('complaint upheld reconsideration');
  const h = await harness(taskQueue);
  await runSettled(h.worker, started, async () => {
    // The original case: a nonconforming site, the hearing without objection, a signed refusal.
    const { handle: original, time, applicationId } = await submitLicense(suite.env, taskQueue, '2026-03-17T10:00:00+05:00', started);
    await toDecisionStage(h, original, time, nonconforming('2026-03-17'));
    await time.advanceTo('2026-03-18T10:00:00+05:00');
    const refusal = {
      grounds: ['qualification-requirements-not-met' as const],
      reasoning: 'Annex 1 item 5: the spectrophotometer is not verified.',
    };
    await original.executeUpdate(preliminaryDecisionUpdate, { args: [{ ...refusal, actor: CTRM_STAFF }] });
    await atStage(original, 'hearing');
    await time.advanceTo('2026-03-27T10:00:00+05:00');
    await atStage(original, 'final-decision');
    await original.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'refuse', ...refusal, actor: CTRM_STAFF }] });
    await approveChain(original);
    await waitFor(original, (st) => st.outcome === 'refused', 'the refusal');
    const refused = await original.result();
    expect(refused.outcome).toBe('refused');
    const first = await status(original);
    const originalAncn = await h.store.allocateAncn('APP');
    await h.store.createApplication({
      id: applicationId,
      serviceCode: 'flag-emblem-license',
      workflowId: applicationId,
      ancn: originalAncn,
      applicantRef: APPLICANT_BIN,
      licensorBody: 'ctrm',
      submittedAt: new Date('2026-03-17T10:00:00+05:00'),
      registeredAt: new Date(first.registeredAt),
      dueAt: new Date(first.dueAt),
      calendarVersion: first.calendarVersion,
    });

    // The complaint to the CTRM, on Monday 30 March (its own clock: the server may have skipped past it).
    const input = complaintInput({
      receivedAt: '2026-03-30T10:00:00+05:00',
      learnedAt: '2026-03-27T12:00:00+05:00',
      against: {
        applicationId,
        serviceCode: 'flag-emblem-license',
        ancn: originalAncn,
        outcome: 'refused',
        ...(refused.resultDocumentAncn ? { resultDocumentAncn: refused.resultDocumentAncn } : {}),
      },
      reconsideration: true,
    });
    const { handle } = await fileComplaint(input, taskQueue);
    const s = await atStage(handle, 'review');
    expect(s.dueAt).toBe(new Date('2026-04-06T18:30:00+05:00').toISOString()); // 31 March, 1, 2, 3, 6 April
    await handle.executeUpdate(complaintDecisionUpdate, {
      args: [{ decision: 'upheld', reasoning: 'The verification certificate was valid on the day of the site visit.', actor: CTRM_STAFF }],
    });
    const closed = await waitFor(handle, (st) => st.outcome === 'upheld', 'upheld');
    expect(closed.slaState).toBe('met');

    // The reconsideration: the same service, the original application, straight to the decision.
    const reconsiderationId = `${applicationId}-reconsideration-${input.ancn}`;
    const again = suite.env.client.workflow.getHandle(reconsiderationId);
    started.push(again);
    let r = await atStage(again, 'decision');
    expect(r.details['reconsideration']).toMatchObject({ originalApplicationId: applicationId, complaintId: input.complaintId });
    expect(r.details['fee']).toMatchObject({ status: 'paid', carriedOverFrom: applicationId });
    expect(r.pendingActions.map((a) => a.action)).toContain('final-decision');
    await again.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
    await approveChain(again);
    const result = await handle.result();
    await recordHistory(handle, 'complaint-upheld-reconsidered');
    expect(result).toMatchObject({ outcome: 'upheld', reconsideration: { applicationId: reconsiderationId, outcome: 'issued' } });
    await again.result();
    await recordHistory(again, 'flag-emblem-license-reconsideration-issued');
    r = await status(again);
    expect(r.outcome).toBe('issued');
    expect(await h.store.getApplication(reconsiderationId)).toMatchObject({
      serviceCode: 'flag-emblem-license',
      applicantRef: APPLICANT_BIN,
    });
    expect(h.rec.documents.filter((d) => d.kind === 'license')).toHaveLength(1);
  });
}, 240_000);
