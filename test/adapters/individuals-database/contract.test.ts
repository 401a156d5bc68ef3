/**
 * One contract for the individuals database's death-notice feed (seed 004 ¶50): the in-memory fake
 * and the HTTP client over the simulator. Delivery is at-least-once: a notice reaches every
 * subscriber, one whose handler failed comes again with the same noticeId, a handled one never comes
 * again, and a notice announced while nobody listens waits for the next subscriber.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryIndividualsDatabase } from '../../../adapters/individuals-database/fake';
import { HttpIndividualsDatabase } from '../../../adapters/individuals-database/http';
import type { DeathNotice, IndividualsDatabase } from '../../../adapters/individuals-database/port';
import { createSimulators, type Simulators } from '../../../simulators/main';

interface Feed {
  db: IndividualsDatabase;
  /** The database registers a death (and, where it pushes, delivers it). */
  announce(iin: string, dateOfDeath: string): Promise<DeathNotice>;
  /** Whatever is pending reaches the subscribers now (the fake redelivers, the client polls once). */
  deliverPending(): Promise<void>;
}

let server: Server;
let sims: Simulators;
let url = '';
beforeAll(async () => {
  sims = createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1' });
  await new Promise<void>((r) => {
    server = sims.app.listen(0, '127.0.0.1', () => r());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/individuals-database`;
});
afterAll(() => new Promise((r) => server.close(r)));

function fakeFeed(): Feed {
  const db = new InMemoryIndividualsDatabase();
  return { db, announce: (iin, date) => db.announceDeath(iin, date), deliverPending: () => db.redeliver() };
}

function httpFeed(): Feed {
  // Polls only when the test says so: the interval is longer than any test.
  const db = new HttpIndividualsDatabase(url, { pollIntervalMs: 3_600_000 });
  return {
    db,
    async announce(iin, dateOfDeath) {
      const res = await fetch(`${url}/_simulator/death-notices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ iin, dateOfDeath }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as DeathNotice;
    },
    async deliverPending() {
      await db.pollOnce().catch(() => undefined); // a failed handler is the case under test, not an error here
    },
  };
}

describe.each([
  ['in-memory fake', fakeFeed],
  ['HTTP client over the simulator', httpFeed],
])('Individuals database death-notice feed: %s', (_name, make) => {
  test('a notice reaches the subscriber once, as announced', async () => {
    const feed = make();
    const got: DeathNotice[] = [];
    const stop = feed.db.onDeathNotice(async (n) => {
      got.push(n);
    });
    const notice = await feed.announce('850514300122', '2026-03-01');
    await feed.deliverPending();
    await feed.deliverPending();
    stop();
    expect(notice).toMatchObject({ iin: '850514300122', dateOfDeath: '2026-03-01' });
    expect(got).toEqual([notice]);
  });

  test('a handler that fails gets the same notice again until it succeeds, then never again', async () => {
    const feed = make();
    const seen: string[] = [];
    let fail = true;
    const stop = feed.db.onDeathNotice(async (n) => {
      seen.push(n.noticeId);
      if (fail) {
        fail = false;
        throw new Error('Temporal unreachable');
      }
    });
    const notice = await feed.announce('920101050983', '2026-03-02');
    await feed.deliverPending();
    await feed.deliverPending();
    await feed.deliverPending();
    stop();
    expect(seen).toEqual([notice.noticeId, notice.noticeId]);
  });

  test('a notice announced while nobody listens waits for the next subscriber; after unsubscribing nothing arrives', async () => {
    const feed = make();
    const first: string[] = [];
    const stop = feed.db.onDeathNotice(async (n) => {
      first.push(n.noticeId);
    });
    stop();
    const notice = await feed.announce('791220300170', '2026-03-03');
    await feed.deliverPending();
    expect(first).toEqual([]);
    const later: string[] = [];
    const stopLater = feed.db.onDeathNotice(async (n) => {
      later.push(n.noticeId);
    });
    await feed.deliverPending();
    stopLater();
    expect(later).toEqual([notice.noticeId]);
  });
});

test('the simulator keeps every notice with its deliveries and acknowledgement', () => {
  expect(sims.deathNotices.length).toBeGreaterThanOrEqual(3);
  expect(sims.deathNotices.every((r) => r.acknowledgedAt !== null)).toBe(true);
  const failedOnce = sims.deathNotices.find((r) => r.notice.iin === '920101050983');
  expect(failedOnce?.deliveries).toBe(2);
});
