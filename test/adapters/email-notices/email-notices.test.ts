/**
 * One contract, two implementations: the in-memory fake and the HTTP client against the mail-relay
 * simulator (simulators/email-notices.ts) behave the same for the workflows.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import { IdempotencyConflictError } from '../../../adapters/cabinet/idempotent-log';
import { InMemoryEmailNotices } from '../../../adapters/email-notices/fake';
import { HttpEmailNotices } from '../../../adapters/email-notices/http';
import { EmailRejectedError, EmailUnavailableError, type EmailNotices } from '../../../adapters/email-notices/port';
import { emailNoticesRouter } from '../../../simulators/email-notices';
import { MemorySimulatorStore } from '../../../simulators/store';

let server: Server;
let base: string;
const store = new MemorySimulatorStore();
/** Built inside a test: a router made later on the same store stands for the restarted simulator process. */
let restartedRouter: Router | undefined;

beforeAll(async () => {
  const app = express();
  app.use('/email-notices', emailNoticesRouter({ store }));
  app.use('/restarted', (req, res, next) => (restartedRouter ? restartedRouter(req, res, next) : next()));
  app.use('/down', emailNoticesRouter({ faults: { errorRate: 1 } }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const accepted = (key: string, to = 'me@example.kz') => ({
  idempotencyKey: key,
  to,
  applicationId: 'nca-certificate-issue-42',
  kind: 'acceptance-notice',
  subject: 'Application KZ16NTC00000001 accepted',
  body: 'Your application KZ16NTC00000001 is accepted. The result will be issued no later than 2026-12-04.',
});

const implementations: Array<[string, () => EmailNotices]> = [
  ['InMemoryEmailNotices', () => new InMemoryEmailNotices()],
  ['HttpEmailNotices + simulator', () => new HttpEmailNotices(`${base}/email-notices`)],
];

describe.each(implementations)('%s', (_name, make) => {
  it('sends a notice and shows it in the outbox', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const receipt = await relay.send(accepted(`k-${to}`, to));
    expect(receipt.duplicate).toBe(false);
    expect(await relay.outbox(to)).toEqual([
      expect.objectContaining({
        id: receipt.messageId,
        sentAt: receipt.sentAt,
        to,
        kind: 'acceptance-notice',
        subject: accepted('x').subject,
      }),
    ]);
  });

  it('the same key twice sends once', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const first = await relay.send(accepted(`k-${to}`, to));
    const second = await relay.send(accepted(`k-${to}`, to));
    expect(second).toEqual({ ...first, duplicate: true });
    expect(await relay.outbox(to)).toHaveLength(1);
  });

  it('the same key with a different notice is a conflict and sends nothing', async () => {
    const relay = make();
    const to = `a${Math.random().toString(36).slice(2)}@example.kz`;
    await relay.send(accepted(`k-${to}`, to));
    await expect(relay.send({ ...accepted(`k-${to}`, to), body: 'something else' })).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect((await relay.outbox(to)).map((m) => m.body)).toEqual([accepted('x').body]);
  });

  it('an invalid address is refused with the field named, and nothing is sent', async () => {
    const relay = make();
    const before = (await relay.outbox()).length;
    const error = await relay.send(accepted(`k-${Math.random()}`, 'not an address')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmailRejectedError);
    expect((error as Error).message).toContain('to');
    expect(await relay.outbox()).toHaveLength(before);
  });

  it('the outbox lists every address, oldest first, and filters by one', async () => {
    const relay = make();
    const a = `a${Math.random().toString(36).slice(2)}@example.kz`;
    const b = `b${Math.random().toString(36).slice(2)}@example.kz`;
    await relay.send({ ...accepted(`1-${a}`, a), body: 'first' });
    await relay.send({ ...accepted(`2-${b}`, b), body: 'other applicant' });
    await relay.send({ ...accepted(`3-${a}`, a), body: 'second' });
    expect((await relay.outbox(a)).map((m) => m.body)).toEqual(['first', 'second']);
    expect((await relay.outbox(b)).map((m) => m.body)).toEqual(['other applicant']);
    const all = (await relay.outbox()).map((m) => m.to);
    expect(all.indexOf(a)).toBeLessThan(all.indexOf(b));
  });
});

describe('the mail-relay simulator', () => {
  it('keeps its outbox across a restart (simulators/store.ts), so a retried key still sends once', async () => {
    const to = `r${Math.random().toString(36).slice(2)}@example.kz`;
    const first = await new HttpEmailNotices(`${base}/email-notices`).send(accepted(`k-${to}`, to));
    restartedRouter = emailNoticesRouter({ store });
    const restarted = new HttpEmailNotices(`${base}/restarted`);
    expect(await restarted.outbox(to)).toEqual([expect.objectContaining({ id: first.messageId })]);
  });

  it('an outage (503) or an unreachable relay is retryable', async () => {
    await expect(new HttpEmailNotices(`${base}/down`).send(accepted('k-down'))).rejects.toBeInstanceOf(EmailUnavailableError);
    await expect(new HttpEmailNotices('http://127.0.0.1:9/email-notices', 2000).send(accepted('k-down'))).rejects.toBeInstanceOf(
      EmailUnavailableError,
    );
  });

  it('refuses an Idempotency-Key header that contradicts the body', async () => {
    const res = await fetch(`${base}/email-notices/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'header-key' },
      body: JSON.stringify(accepted('body-key')),
    });
    expect(res.status).toBe(400);
  });
});
