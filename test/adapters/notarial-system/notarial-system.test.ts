/**
 * One contract for every NotarialSystem (seed 001 ¶11(3)): the in-memory fake, and the HTTP client against
 * the bundled simulator's router, answer alike: the record, null when it is not registered, a throw on an
 * outage (never null: an outage must not become "the data cannot be obtained").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { InMemoryNotarialSystem } from '../../../adapters/notarial-system/fake';
import { HttpNotarialSystem } from '../../../adapters/notarial-system/http';
import type { NotarialSystem } from '../../../adapters/notarial-system/port';
import { notarialSystemRouter, SEEDED_POWERS_OF_ATTORNEY } from '../../../simulators/notarial-system';

const POA = SEEDED_POWERS_OF_ATTORNEY[0]!;

let server: http.Server;
let baseUrl = '';
beforeAll(async () => {
  const app = express();
  app.use('/notarial-system', notarialSystemRouter({ faults: {} }));
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

interface Subject {
  system: NotarialSystem;
  outage(): Promise<void>;
}

const subjects: Array<[string, () => Subject]> = [
  [
    'InMemoryNotarialSystem',
    () => {
      const system = new InMemoryNotarialSystem([POA]);
      return { system, outage: async () => system.failNext(1) };
    },
  ],
  [
    'HttpNotarialSystem → simulator',
    () => ({
      system: new HttpNotarialSystem({ baseUrl, timeoutMs: 2000 }),
      outage: async () => {
        await fetch(`${baseUrl}/notarial-system/_simulator/outage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ calls: 1 }),
        });
      },
    }),
  ],
];

describe.each(subjects)('%s', (_name, make) => {
  test('finds a notarised power of attorney by its number', async () => {
    expect(await make().system.findPowerOfAttorney(POA.number)).toEqual(POA);
  });
  test('a number not registered is null, not an error', async () => {
    expect(await make().system.findPowerOfAttorney('NT-0000-404')).toBeNull();
  });
  test('an outage throws (the activity retries), and the next call answers', async () => {
    const s = make();
    await s.outage();
    await expect(s.system.findPowerOfAttorney(POA.number)).rejects.toThrow(/unavailable|503/);
    expect(await s.system.findPowerOfAttorney(POA.number)).toEqual(POA);
  });
});
