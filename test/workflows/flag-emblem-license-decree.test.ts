/**
 * Issue 11: a decree published while a Flag/Emblem case runs (a new calendar version, delivered as the
 * reference-data-published signal) moves the deadlines still ahead of the case, with the act on its
 * timeline; deadlines already passed stay; the waits follow the moved deadlines.
 */
import { timeSkippingSuite, recordHistory, runSettled, taskQueueFor } from '../helpers/temporal';
import { finalDecisionUpdate, siteInspectionUpdate, withdrawUpdate } from '../../services/flag-emblem/license-workflow';
import { referenceDataPublishedSignal } from '../../workflows/shared/reference-data';
import { EMBEDDED_CALENDAR, type CalendarData } from '../../domain/calendar';
import type { CalendarPublished } from '../../domain/reference-data';
import {
  APPLICANT,
  approveChain,
  atStage,
  auditActions,
  conforming,
  createHarness,
  CTRM_STAFF,
  pay,
  status,
  submitLicense,
  toSiteInspection,
  waitFor,
} from './flag-emblem-license.fixtures';

const suite = timeSkippingSuite();
const { started } = suite;

const kz = (iso: string): string => new Date(iso).toISOString();

/** A hypothetical order (not a real act): Mon 4 May and Fri 8 May 2026 days off, Saturdays 13 and 20 June working. */
const ACT = { title: 'Order of the Minister of Labour and Social Protection (test)', number: '77', date: '2026-04-20' };
function decree(): CalendarPublished {
  const calendar: CalendarData = {
    version: 'kz-calendar@3',
    years: EMBEDDED_CALENDAR.years.map((y) =>
      y.year === 2026
        ? {
            ...y,
            transfers: [
              { workingDay: '2026-06-13', dayOff: '2026-05-08', act: 'order No. 77 of 2026-04-20' },
              { workingDay: '2026-06-20', dayOff: '2026-05-04', act: 'order No. 77 of 2026-04-20' },
            ],
          }
        : y,
    ),
  };
  return {
    kind: 'calendar',
    version: 'kz-calendar@3',
    act: ACT,
    summary: '2026-05-04 and 2026-05-08 declared days off, Saturdays 2026-06-13 and 2026-06-20 working days',
    publishedAt: '2026-05-05T10:00:00+05:00',
    publishedBy: 'admin:test',
    calendar,
  };
}

test('a decree published on 5 May 2026 moves the site visit, the ¶12-1 and ¶12 deadlines still ahead; the passed completeness deadline stays', async () => {
  const taskQueue = taskQueueFor('decree moves deadlines');
  const h = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    // Thu 30 April 10:00: working days after it (1 May, 7 May holidays; 11 May for Sat 9 May): 4, 5, 6, 8, 12, 13, 14.
    const { handle, time, applicationId } = await submitLicense(suite.env, taskQueue, '2026-04-30T10:00:00+05:00', started, 'fel-decree');
    let s = await atStage(handle, 'accepted');
    expect(s.dueAt).toBe(kz('2026-05-14T18:30:00+05:00'));
    expect(s.calendarVersion).toBe('kz-calendar/2024-2029@2');
    await toSiteInspection(h, handle, time);
    s = await status(handle);
    expect(s.pendingActions[0]).toEqual({ action: 'site-inspection', by: 'staff', dueAt: '2026-05-05T18:30:00+05:00' });

    await time.advanceTo('2026-05-05T10:00:00+05:00');
    await handle.signal(referenceDataPublishedSignal, decree());
    s = await waitFor(handle, (st) => st.calendarVersion === 'kz-calendar@3', 'the decree adopted');

    // With 4 and 8 May off: 5, 6, 12, 13, 14, 15, 18 → due Mon 18 May; ¶12-1: 3 working days before → Wed 13 May.
    expect(s.dueAt).toBe(kz('2026-05-18T18:30:00+05:00'));
    expect(s.details['terms']).toMatchObject({
      dueAt: '2026-05-18T18:30:00+05:00',
      preliminaryDecisionBy: '2026-05-13T18:30:00+05:00',
      calendarVersion: 'kz-calendar@3',
    });
    expect(s.details['terms']).not.toHaveProperty('movedBecause'); // not a suspension: the plan itself moved
    // ¶10: 2 working days from 30 April are now 5 and 6 May; the stage's wait and its pending action follow.
    expect(s.pendingActions[0]).toEqual({ action: 'site-inspection', by: 'staff', dueAt: '2026-05-06T18:30:00+05:00' });
    const stage = s.timeline.at(-1);
    expect(stage?.stage).toBe('site-inspection');
    expect(stage?.plannedBy).toBe(kz('2026-05-06T18:30:00+05:00'));
    const moves = stage?.moves ?? [];
    expect(moves.map((m) => [m.deadline, m.from, m.to])).toEqual([
      ['siteVisitBy', '2026-05-05T18:30:00+05:00', '2026-05-06T18:30:00+05:00'],
      ['dueAt', '2026-05-14T18:30:00+05:00', '2026-05-18T18:30:00+05:00'],
      ['preliminaryDecisionBy', '2026-05-08T18:30:00+05:00', '2026-05-13T18:30:00+05:00'],
    ]);
    expect(moves[1]?.reason).toBe(
      'dueAt 2026-05-14T18:30:00+05:00 → 2026-05-18T18:30:00+05:00: 2026-05-04 and 2026-05-08 declared days off, Saturdays 2026-06-13 and 2026-06-20 working days by Order of the Minister of Labour and Social Protection (test) No. 77 of 2026-04-20 (calendar kz-calendar@3)',
    );
    expect(moves.every((m) => m.calendarVersion === 'kz-calendar@3')).toBe(true);
    // The completeness check's deadline (4 May 18:30) had passed: it stays on the timeline as it was.
    expect(s.timeline.find((t) => t.stage === 'completeness-check')?.plannedBy).toBe(kz('2026-05-04T18:30:00+05:00'));
    expect(auditActions(h.rec, applicationId)).toEqual(expect.arrayContaining(['due-date-moved', 'deadline-moved']));

    // The same version again, or an older one arriving late, changes nothing.
    await handle.signal(referenceDataPublishedSignal, decree());
    const older = decree();
    await handle.signal(referenceDataPublishedSignal, {
      ...older,
      version: 'kz-calendar@2',
      calendar: { ...EMBEDDED_CALENDAR, version: 'kz-calendar@2' },
    });
    s = await status(handle);
    expect(s.timeline.at(-1)?.moves).toHaveLength(3);
    expect(s.calendarVersion).toBe('kz-calendar@3');

    // Past the old site deadline (5 May 18:30) the stage is not escalated: its deadline is now 6 May.
    await time.advanceTo('2026-05-05T19:00:00+05:00');
    s = await status(handle);
    expect(s.details['escalations']).toBeUndefined();
    expect(s.slaState).toBe('on-track');
    await handle.executeUpdate(siteInspectionUpdate, { args: [{ ...conforming('2026-05-05'), actor: CTRM_STAFF }] });
    s = await atStage(handle, 'decision');
    expect(s.pendingActions).toEqual([
      { action: 'final-decision', by: 'staff', dueAt: '2026-05-18T18:30:00+05:00' },
      { action: 'preliminary-decision', by: 'staff', dueAt: '2026-05-13T18:30:00+05:00' },
      { action: 'approving-body-request', by: 'staff' },
    ]);
    // The old ¶12-1 deadline (8 May) passes without an escalation or an at-risk flag.
    await time.advanceTo('2026-05-08T19:00:00+05:00');
    s = await status(handle);
    expect(s.details['escalations']).toBeUndefined();
    expect(s.slaState).toBe('on-track');
    await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
    await approveChain(handle);
    expect(await handle.result()).toMatchObject({ outcome: 'issued' });
    expect((await status(handle)).slaState).toBe('met');
    await recordHistory(handle, 'flag-emblem-license-decree-moved-deadlines'); // replay.test.ts replays it
  });
});

test('a decree after a deadline passed leaves it; the case counts on with the new version', async () => {
  const taskQueue = taskQueueFor('decree after the term');
  const h = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const { handle, time, applicationId } = await submitLicense(
      suite.env,
      taskQueue,
      '2026-04-30T10:00:00+05:00',
      started,
      'fel-decree-late',
    );
    await pay(h, handle, time);
    await atStage(handle, 'completeness-check');
    // Every deadline in the decree's range has passed by 19 May: nothing moves, the version is recorded.
    await time.advanceTo('2026-05-19T10:00:00+05:00');
    await handle.signal(referenceDataPublishedSignal, decree());
    const s = await waitFor(handle, (st) => st.calendarVersion === 'kz-calendar@3', 'the decree adopted');
    expect(s.dueAt).toBe(kz('2026-05-14T18:30:00+05:00'));
    expect(s.timeline.flatMap((t) => t.moves ?? [])).toEqual([]);
    expect(auditActions(h.rec, applicationId)).toContain('calendar-adopted');
    await handle.executeUpdate(withdrawUpdate, { args: [{ reason: 'test over', actor: APPLICANT }] });
    expect(await handle.result()).toEqual({ outcome: 'withdrawn' });
  });
});
