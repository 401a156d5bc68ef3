/**
 * One contract, two implementations: the in-memory fake and the HTTP client against the portal
 * simulator (simulators/cabinet.ts) behave the same for the workflows.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { InMemoryPersonalCabinet } from '../../../adapters/cabinet/fake';
import { HttpPersonalCabinet } from '../../../adapters/cabinet/http';
import { IdempotencyConflictError } from '../../../adapters/cabinet/idempotent-log';
import { CabinetRejectedError, CabinetUnavailableError, type PersonalCabinet } from '../../../adapters/cabinet/port';
import { cabinetRouter } from '../../../simulators/cabinet';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/cabinet', cabinetRouter());
  app.use('/down', cabinetRouter({ faults: { errorRate: 1 } }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const accepted = (key: string, applicantRef = 'applicant-1') => ({
  idempotencyKey: key,
  applicantRef,
  applicationId: 'flag-emblem-license-42',
  kind: 'request-accepted',
  // seed 003 ¶8: "request accepted" with the date the result will be issued
  message: 'Request accepted. The result will be issued no later than 2025-06-11.',
});

const implementations: Array<[string, () => PersonalCabinet]> = [
  ['InMemoryPersonalCabinet', () => new InMemoryPersonalCabinet()],
  ['HttpPersonalCabinet + simulator', () => new HttpPersonalCabinet(`${base}/cabinet`)],
];

describe.each(implementations)('%s', (_name, make) => {
  it("delivers a message to the applicant's cabinet history", async () => {
    const cabinet = make();
    const ref = `applicant-${Math.random()}`;
    const receipt = await cabinet.deliver({ ...accepted(`k-${ref}`, ref), ancn: 'KZ16NTC00000001' });
    expect(receipt.duplicate).toBe(false);
    const history = await cabinet.list(ref);
    expect(history).toEqual([
      expect.objectContaining({
        id: receipt.messageId,
        kind: 'request-accepted',
        ancn: 'KZ16NTC00000001',
        message: expect.stringContaining('Request accepted'),
      }),
    ]);
  });

  it('a retried delivery (same key, same message) shows nothing new', async () => {
    const cabinet = make();
    const ref = `applicant-${Math.random()}`;
    const first = await cabinet.deliver(accepted(`k-${ref}`, ref));
    const second = await cabinet.deliver(accepted(`k-${ref}`, ref));
    expect(second).toEqual({ ...first, duplicate: true });
    expect(await cabinet.list(ref)).toHaveLength(1);
  });

  it('the same key with a different message is a conflict and changes nothing', async () => {
    const cabinet = make();
    const ref = `applicant-${Math.random()}`;
    await cabinet.deliver(accepted(`k-${ref}`, ref));
    await expect(cabinet.deliver({ ...accepted(`k-${ref}`, ref), message: 'something else' })).rejects.toBeInstanceOf(
      IdempotencyConflictError,
    );
    expect((await cabinet.list(ref)).map((m) => m.message)).toEqual([accepted('x').message]);
  });

  it('an invalid message is refused with the field named, and nothing is delivered', async () => {
    const cabinet = make();
    const ref = `applicant-${Math.random()}`;
    const error = await cabinet.deliver({ ...accepted(`k-${ref}`, ref), message: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CabinetRejectedError);
    expect((error as Error).message).toContain('message');
    expect(await cabinet.list(ref)).toEqual([]);
  });

  it("keeps each applicant's history separate, oldest first", async () => {
    const cabinet = make();
    const a = `applicant-${Math.random()}`;
    const b = `applicant-${Math.random()}`;
    await cabinet.deliver({ ...accepted(`1-${a}`, a), message: 'first' });
    await cabinet.deliver({ ...accepted(`2-${b}`, b), message: 'other applicant' });
    await cabinet.deliver({ ...accepted(`3-${a}`, a), message: 'second' });
    expect((await cabinet.list(a)).map((m) => m.message)).toEqual(['first', 'second']);
    expect((await cabinet.list(b)).map((m) => m.message)).toEqual(['other applicant']);
  });
});

describe('HttpPersonalCabinet failures', () => {
  it('a portal outage (503) or an unreachable portal is retryable', async () => {
    await expect(new HttpPersonalCabinet(`${base}/down`).deliver(accepted('k-down'))).rejects.toBeInstanceOf(CabinetUnavailableError);
    await expect(new HttpPersonalCabinet('http://127.0.0.1:9/cabinet', 2000).deliver(accepted('k-down'))).rejects.toBeInstanceOf(
      CabinetUnavailableError,
    );
  });

  it('the simulator refuses an Idempotency-Key header that contradicts the body', async () => {
    const res = await fetch(`${base}/cabinet/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'header-key' },
      body: JSON.stringify(accepted('body-key')),
    });
    expect(res.status).toBe(400);
  });
});
