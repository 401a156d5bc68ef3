/**
 * Issue 11 end to end on the real stack (`make start`): an administrator publishes a decree through the
 * admin API; its broadcast signals the running Flag/Emblem case, which moves its ¶12 term with the act on
 * its timeline — seen through the API within a minute of the publication. The decree makes the case's due
 * day a day off (and a Saturday after it a working day), whatever day the test runs on.
 */
import { z } from 'zod';
import { embeddedCalendar } from '../../domain/calendar';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { eventually } from '../helpers/dev-server';
import { json, startStack, type Stack } from '../helpers/stack';

let stack: Stack | undefined;
afterAll(async () => {
  await stack?.stop();
}, 30_000);

const Accepted = z.object({ applicationId: z.string(), submittedAt: z.string(), dueAt: z.string(), calendarVersion: z.string() });
const Published = z.object({ version: z.string(), broadcast: z.object({ workflowId: z.string() }) });
const Term = z.object({ dueAt: z.string(), calendarVersion: z.string() });
const View = z.object({
  dueAt: z.string(),
  calendarVersion: z.string(),
  timeline: z.array(
    z.object({
      stage: z.string(),
      moves: z.array(z.object({ deadline: z.string(), from: z.string(), to: z.string(), reason: z.string() })).optional(),
    }),
  ),
});

const DAY_MS = 86_400_000;
const dateOf = (iso: string): string => iso.slice(0, 10); // the answers carry +05:00: the local date
const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const ordinary = (date: string): boolean => !embeddedCalendar.specialDaysOf(Number(date.slice(0, 4))).some((s) => s.date === date);

test('a decree published through the admin API moves a running case’s term within a minute, with the act on its timeline', async () => {
  stack = await startStack('decree');
  const { api, post } = stack;
  const staff = stack.token('staff', 'ctrm');

  const accepted = await json(
    Accepted,
    await post(
      `${api}/v1/services/flag-emblem-license/applications`,
      stack.token('portal'),
      'decree-app',
      exampleOf(flagEmblemLicenseModule.input),
    ),
  );
  const due = dateOf(accepted.dueAt);
  // The due day, a working weekday, becomes a day off; an ordinary Saturday two weeks later a working day.
  expect(embeddedCalendar.isWorkingDay(due) && weekday(due) !== 6 && weekday(due) !== 0 && ordinary(due)).toBe(true);
  let saturday = addDays(due, 14);
  while (weekday(saturday) !== 6 || !ordinary(saturday)) saturday = addDays(saturday, 1);

  const act = { title: 'Order on the transfer of a day off (integration test)', number: '1', date: dateOf(accepted.submittedAt) };
  const publishedAt = Date.now();
  const published = await json(
    Published,
    await post(`${api}/v1/admin/reference-data/calendar/decrees`, stack.token('admin'), 'decree-1', {
      act,
      changes: [{ kind: 'transfer', workingDay: saturday, dayOff: due }],
    }),
  );
  // What the term calculator now says for the same submission: the case must come to the same date.
  const term = await json(
    Term,
    await fetch(`${api}/v1/calendar/term?service=flag-emblem-license&submittedAt=${encodeURIComponent(accepted.submittedAt)}`),
  );
  expect(term.calendarVersion).toBe(published.version);
  expect(term.dueAt).not.toBe(accepted.dueAt);

  const view = await eventually(
    async () => {
      const v = await json(
        View,
        await fetch(`${api}/v1/applications/${accepted.applicationId}`, { headers: { authorization: `Bearer ${staff}` } }),
      );
      return v.calendarVersion === published.version ? v : undefined;
    },
    60_000,
    250,
  );
  const tookMs = Date.now() - publishedAt;
  console.log(`decree ${published.version} reached the running case and moved its term in ${tookMs} ms`);
  expect(new Date(view.dueAt).getTime()).toBe(new Date(term.dueAt).getTime());
  const moves = view.timeline.flatMap((t) => t.moves ?? []);
  expect(moves.find((m) => m.deadline === 'dueAt')).toMatchObject({
    from: accepted.dueAt,
    reason: expect.stringContaining(`by ${act.title} No. 1 of ${act.date} (calendar ${published.version})`),
  });
}, 240_000);
