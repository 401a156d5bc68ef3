/**
 * Seed 003's staff deadlines and the overall term on one case that misses them all, on the time-skipping
 * server: submitted Tue 17 March 2026 10:00, due Tue 31 March 18:30 (7 working days: 18, 19, 20, 26, 27,
 * 30, 31 March; 21–25 March are Nauryz days off). Each deadline passed escalates the case; the
 * preliminary decision sent after its ¶12-1 deadline is marked late; the term breached is recorded with
 * its cause and the case closes "missed".
 */
import type { WorkflowHandle } from '@temporalio/client';
import { timeSkippingSuite, runSettled, taskQueueFor } from '../helpers/temporal';
import { finalDecisionUpdate, preliminaryDecisionUpdate, siteInspectionUpdate } from '../../services/flag-emblem/license-workflow';
import {
  approveChain,
  atStage,
  auditActions,
  createHarness,
  CTRM_STAFF,
  nonconforming,
  status,
  toSiteInspection,
  waitFor,
  submitLicense,
} from './flag-emblem-license.fixtures';

const suite = timeSkippingSuite();
const { started } = suite;

const escalationsOf = async (handle: WorkflowHandle): Promise<Array<{ action: string; deadline: string; regulation: string }>> =>
  (await status(handle)).details['escalations'] as Array<{ action: string; deadline: string; regulation: string }>;

test('site visit (¶10) and preliminary decision (¶12-1) deadlines missed → escalated each time; the late preliminary decision is marked late; the term (¶12) breached → closed "missed"', async () => {
  const taskQueue = taskQueueFor('deadlines missed');
  const h = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const submittedAt = '2026-03-17T10:00:00+05:00';
    const { handle, time, applicationId } = await submitLicense(suite.env, taskQueue, submittedAt, started, 'fel-late');
    expect((await atStage(handle, 'accepted')).dueAt).toBe(new Date('2026-03-31T18:30:00+05:00').toISOString());

    // ¶10: the site visit within 2 working days of registration — by Thursday 19 March 18:30.
    await toSiteInspection(h, handle, time);
    await time.advanceTo('2026-03-19T18:25:00+05:00');
    expect((await status(handle)).details['escalations']).toBeUndefined();
    await time.advanceTo('2026-03-19T18:35:00+05:00');
    await waitFor(handle, (s) => Array.isArray(s.details['escalations']), 'the site-visit escalation');
    expect(await escalationsOf(handle)).toEqual([
      expect.objectContaining({ action: 'site-inspection', deadline: '2026-03-19T18:30:00+05:00', regulation: 'seed 003 ¶10' }),
    ]);
    let s = await status(handle);
    expect(s).toMatchObject({ slaState: 'at-risk', waitingOn: 'staff', stage: 'site-inspection' });

    await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...nonconforming('2026-03-19'), actor: CTRM_STAFF }] });
    await atStage(handle, 'decision');

    // ¶12-1: the preliminary decision no later than 3 working days before the term — Thursday 26 March 18:30.
    await time.advanceTo('2026-03-26T18:35:00+05:00');
    await waitFor(handle, (st) => (st.details['escalations'] as unknown[]).length === 2, 'the decision escalation');
    expect((await escalationsOf(handle))[1]).toMatchObject({ deadline: '2026-03-26T18:30:00+05:00', regulation: 'seed 003 ¶12-1' });

    // Sent late on Friday 27 March: still sent (the applicant must be heard), marked late.
    await time.advanceTo('2026-03-27T10:00:00+05:00');
    await handle.executeUpdate(preliminaryDecisionUpdate, {
      args: [
        {
          grounds: ['qualification-requirements-not-met'],
          reasoning: 'Annex 1 item 5: no valid verification certificate.',
          actor: CTRM_STAFF,
        },
      ],
    });
    s = await atStage(handle, 'hearing');
    expect(s.details['hearing']).toMatchObject({
      preliminaryDecision: { late: true },
      objectionWindowEndsAt: '2026-03-31T23:59:59.999+05:00',
    });
    const sent = h.rec.progress.find((p) => p.applicationId === applicationId && p.audit?.action === 'preliminary-decision-sent');
    expect(sent?.audit?.details).toMatchObject({ late: true });

    // ¶12: the term ends Tuesday 31 March 18:30 with the objection window: breached, with its cause.
    await time.advanceTo('2026-03-31T18:35:00+05:00');
    s = await waitFor(handle, (st) => st.slaState === 'breached', 'the breach');
    expect(s.outcome).toBe('open');
    const breach = h.rec.progress.find((p) => p.applicationId === applicationId && p.audit?.action === 'sla-breached');
    expect(breach?.audit?.details).toMatchObject({ dueAt: new Date('2026-03-31T18:30:00+05:00').toISOString() });
    expect(s.stage).toBe('hearing'); // the applicant's window runs to the end of the day (issue 11 deviation 4)

    await time.advanceTo('2026-04-01T00:05:00+05:00');
    await atStage(handle, 'final-decision');
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
    expect(await handle.result()).toMatchObject({ outcome: 'refused' });
    expect((await status(handle)).slaState).toBe('missed');
    // Past the term, the final decision and its approval are escalated as soon as they are awaited.
    expect((await escalationsOf(handle)).map((e) => [e.action, e.deadline, e.regulation])).toEqual([
      ['site-inspection', '2026-03-19T18:30:00+05:00', 'seed 003 ¶10'],
      ['final-decision or preliminary-decision', '2026-03-26T18:30:00+05:00', 'seed 003 ¶12-1'],
      ['final-decision', '2026-03-31T18:30:00+05:00', 'seed 003 ¶12'],
      ['draft-review', '2026-03-31T18:30:00+05:00', 'seed 003 ¶12, seed 004 ¶40'],
    ]);
    expect(auditActions(h.rec, applicationId).filter((a) => a === 'escalated')).toHaveLength(4);
  });
});

test('a preliminary decision in time is not marked late', async () => {
  const taskQueue = taskQueueFor('preliminary in time');
  const h = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const submittedAt = '2026-03-17T10:00:00+05:00';
    const { handle, time } = await submitLicense(suite.env, taskQueue, submittedAt, started, 'fel-in-time');
    await toSiteInspection(h, handle, time);
    await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...nonconforming('2026-03-17'), actor: CTRM_STAFF }] });
    await atStage(handle, 'decision');
    await time.advanceTo('2026-03-26T18:00:00+05:00'); // half an hour before the ¶12-1 deadline
    await handle.executeUpdate(preliminaryDecisionUpdate, {
      args: [
        {
          grounds: ['qualification-requirements-not-met'],
          reasoning: 'Annex 1 item 5: no valid verification certificate.',
          actor: CTRM_STAFF,
        },
      ],
    });
    const s = await atStage(handle, 'hearing');
    expect(s.details['hearing']).toMatchObject({ preliminaryDecision: { late: false } });
    await time.advanceTo('2026-03-31T00:05:00+05:00'); // window: 27, 30 March, to the end of the day
    await atStage(handle, 'final-decision');
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
    expect(await handle.result()).toMatchObject({ outcome: 'refused' });
    expect((await status(handle)).slaState).toBe('met');
  });
});
