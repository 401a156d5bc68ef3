/**
 * seed 004 ¶50 on the real stack (`make start`: Temporal dev server, simulators, worker, API as
 * separate processes): the simulated individuals database registers a death, the worker collects the
 * notice from its feed and starts the death-notice workflow, which revokes the person's permit and
 * notification — visible through the register API — and leaves another holder's permit alone.
 */
import { z } from 'zod';
import { eventually } from '../helpers/dev-server';
import { HANG_CEILING_MS } from '../helpers/temporal';
import { json, startStack, type Stack } from '../helpers/stack';

const DECEASED = '850514300122';
const OTHER = '920101050983';

let stack: Stack | undefined;
afterAll(async () => {
  await stack?.stop();
}, 30_000);

const Entered = z.object({ entry: z.object({ ancn: z.string(), status: z.string() }) });
const Entry = z.object({
  ancn: z.string(),
  status: z.string(),
  history: z.array(z.object({ operation: z.string(), reason: z.string().optional() })),
});
const Feed = z.object({
  feed: z.array(z.object({ notice: z.object({ noticeId: z.string(), iin: z.string() }), acknowledgedAt: z.string().nullable() })),
});

test('a death notice emitted by the simulator ends with the person’s permit and notification revoked in the register', async () => {
  stack = await startStack('death-notice');
  const { api, sims, post } = stack;
  const staff = stack.token('staff', 'ctrm');
  const portal = stack.token('portal');
  const permitOf = (iin: string, key: string) =>
    post(`${api}/v1/register/permits`, staff, key, {
      operation: 'enter-external-result',
      serviceCode: 'flag-emblem-license',
      category: 'first',
      holder: { ref: iin },
      licensorBody: 'ctrm',
      activity: 'Manufacture of the State Flag and the State Emblem',
      issuedAt: '2026-03-02T10:00:00+05:00',
      reason: 'review done outside the system: order No. 12',
    });

  const permit = (await json(Entered, await permitOf(DECEASED, 'death-1'))).entry.ancn;
  const othersPermit = (await json(Entered, await permitOf(OTHER, 'death-2'))).entry.ancn;
  const notification = (
    await json(
      Entered,
      await post(`${api}/v1/register/notifications`, portal, 'death-3', {
        serviceCode: 'notification-flag-retail',
        holder: { ref: DECEASED },
        licensorBody: 'ctrm',
        activity: 'Retail sale of state symbols',
      }),
    )
  ).entry.ancn;

  const emitted = await fetch(`${sims}/individuals-database/_simulator/death-notices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ iin: DECEASED, dateOfDeath: '2026-03-05' }),
  });
  expect(emitted.status).toBe(201);

  const view = async (kind: string, ancn: string) =>
    json(Entry, await fetch(`${api}/v1/register/${kind}/${ancn}`, { headers: { authorization: `Bearer ${staff}` } }));
  const revoked = await eventually(
    async () => {
      const e = await view('permits', permit);
      return e.status === 'revoked' ? e : undefined;
    },
    60_000,
    500,
  );
  expect(revoked.history.at(-1)).toMatchObject({
    operation: 'revoke',
    reason: expect.stringContaining('death of the holder on 2026-03-05'),
  });
  await eventually(async () => ((await view('notifications', notification)).status === 'revoked' ? true : undefined), 30_000, 500);
  expect((await view('permits', othersPermit)).status).toBe('active');

  // The worker acknowledged the notice once it had started the workflow: the feed does not serve it again.
  const feed = await eventually(
    async () => {
      const f = await json(Feed, await fetch(`${sims}/individuals-database/_simulator/state`));
      return f.feed.every((r) => r.acknowledgedAt !== null) ? f.feed : undefined;
    },
    HANG_CEILING_MS,
    300,
  );
  expect(feed.map((r) => r.notice.iin)).toEqual([DECEASED]);
}, 240_000);
