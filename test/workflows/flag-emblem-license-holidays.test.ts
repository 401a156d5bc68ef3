/**
 * The Flag/Emblem case's own deadlines (not only the calendar's functions) around the days off the seeds'
 * terms meet: Capital Day (Mon 6 July 2026), Republic Day (Sun 25 October 2026 → day off Mon 26), Kurban
 * Ait (Wed 27 May 2026) and the 2026 → 2027 year boundary (1–2 January, Mon 4 January for Sat 2, 7 January).
 * seed 003 ¶9 registration, ¶10 completeness (1) and site visit (2), ¶12-1 (3 before), ¶12 (7 working days).
 */
import { timeSkippingSuite, runSettled, taskQueueFor } from '../helpers/temporal';
import { completenessCheckUpdate } from '../../services/flag-emblem/license-workflow';
import { atStage, createHarness, CTRM_STAFF, submitLicense } from './flag-emblem-license.fixtures';

const suite = timeSkippingSuite();
const { started } = suite;

const CASES: Array<[string, string, Record<string, string>]> = [
  [
    'Fri 3 July 2026: Capital Day (Mon 6 July) is skipped',
    '2026-07-03T10:00:00+05:00',
    {
      registeredAt: '2026-07-03T10:00:00+05:00',
      completenessCheckBy: '2026-07-07T18:30:00+05:00',
      siteVisitBy: '2026-07-08T18:30:00+05:00',
      preliminaryDecisionBy: '2026-07-10T18:30:00+05:00',
      dueAt: '2026-07-15T18:30:00+05:00',
    },
  ],
  [
    'Fri 23 October 2026: Republic Day falls on Sunday 25 October, the day off moves to Monday 26',
    '2026-10-23T10:00:00+05:00',
    {
      registeredAt: '2026-10-23T10:00:00+05:00',
      completenessCheckBy: '2026-10-27T18:30:00+05:00',
      siteVisitBy: '2026-10-28T18:30:00+05:00',
      preliminaryDecisionBy: '2026-10-30T18:30:00+05:00',
      dueAt: '2026-11-04T18:30:00+05:00',
    },
  ],
  [
    'Tue 26 May 2026 19:00, after hours before Kurban Ait (Wed 27 May): registered Thursday 28 May 09:00',
    '2026-05-26T19:00:00+05:00',
    {
      registeredAt: '2026-05-28T09:00:00+05:00',
      completenessCheckBy: '2026-05-29T18:30:00+05:00',
      siteVisitBy: '2026-06-01T18:30:00+05:00',
      preliminaryDecisionBy: '2026-06-03T18:30:00+05:00',
      dueAt: '2026-06-08T18:30:00+05:00',
    },
  ],
  [
    'Wed 30 December 2026: the term runs into 2027 past 1–2 January, Mon 4 January (for Sat 2) and 7 January',
    '2026-12-30T15:00:00+05:00',
    {
      registeredAt: '2026-12-30T15:00:00+05:00',
      completenessCheckBy: '2026-12-31T18:30:00+05:00',
      siteVisitBy: '2027-01-05T18:30:00+05:00',
      preliminaryDecisionBy: '2027-01-08T18:30:00+05:00',
      dueAt: '2027-01-13T18:30:00+05:00',
    },
  ],
];

test.each(CASES)('%s', async (_title, submittedAt, plan) => {
  const taskQueue = taskQueueFor(`holidays ${submittedAt}`);
  const h = await createHarness(suite.env, taskQueue);
  await runSettled(h.worker, started, async () => {
    const { handle, time } = await submitLicense(suite.env, taskQueue, submittedAt, started, 'fel-holiday');
    const s = await atStage(handle, 'accepted');
    expect(s.registeredAt).toBe(new Date(plan['registeredAt'] as string).toISOString());
    expect(s.dueAt).toBe(new Date(plan['dueAt'] as string).toISOString());
    expect(s.details['plan']).toMatchObject(plan);
    expect(s.details['terms']).toMatchObject({ dueAt: plan['dueAt'], preliminaryDecisionBy: plan['preliminaryDecisionBy'] });
    // Only the plan is under test here: the case ends at the completeness check (¶11), on its registered day.
    await time.advanceTo(new Date(new Date(plan['registeredAt'] as string).getTime() + 5 * 60_000).toISOString());
    await atStage(handle, 'completeness-check');
    await handle.executeUpdate(completenessCheckUpdate, {
      args: [
        { complete: false, findings: [{ requirement: 'production-base', reason: 'incomplete-package', note: 'test' }], actor: CTRM_STAFF },
      ],
    });
    expect(await handle.result()).toMatchObject({ outcome: 'refused-to-consider' });
  });
});
