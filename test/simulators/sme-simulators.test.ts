/**
 * The external-systems simulator over real HTTP on loopback, through the adapters' HTTP clients:
 * idempotency keys honoured, fault injection (error rate, stall) changed per run, payment callbacks
 * delivered (and retried) to the receiver, state inspectable.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createSimulators, type Simulators } from '../../simulators/main';
import { HttpBank } from '../../adapters/bank/http';
import { HttpPaymentGateway } from '../../adapters/payment-gateway/http';
import { HttpLegalEntityRegistry } from '../../adapters/legal-entity-registry/http';
import { ExternalSystemUnavailableError } from '../../adapters/json-http';
import { isValidIdentificationNumber } from '../../domain/identification-number';

let sims: Simulators;
let server: Server;
let base: string;

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }));
  });
}

beforeAll(async () => {
  sims = createSimulators({
    faults: { errorRate: 0, stallMs: 0, latencyMs: 0 },
    publicUrl: 'http://127.0.0.1:1',
    gatewayToken: () => 'gateway-token',
    callbackDelayMs: 0,
    callbackAttempts: 3,
  });
  const l = await listen(sims.app);
  server = l.server;
  base = l.url;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  Object.assign(sims.faults, { errorRate: 0, stallMs: 0, latencyMs: 0 });
});

const opening = (applicationId: string, iins = ['850315400124']) => ({
  applicationId,
  bankCode: 'KCJBKZKX',
  branchCode: 'KCJB-ALA-01',
  legalEntityName: 'Dala Tech',
  founders: iins.map((iin) => ({ iin, fullName: 'Founder', sharePercent: 100 / iins.length })),
  executiveBody: { kind: 'sole' as const, members: [{ iin: '870912300107', fullName: 'Head', position: 'Director' }] },
});

test('the same idempotency key opens one account, answered the same twice', async () => {
  const bank = new HttpBank(`${base}/bank`);
  const a = await bank.openAccount({ ...opening('app-idem'), idempotencyKey: 'wf-1:bank-account:1' });
  const b = await bank.openAccount({ ...opening('app-idem'), idempotencyKey: 'wf-1:bank-account:1' });
  expect(a).toEqual(b);
  expect(a.status).toBe('opened');
  const state = (await (await fetch(`${base}/_state`)).json()) as { bank: { accounts: Array<{ applicationId: string }> } };
  expect(state.bank.accounts.filter((x) => x.applicationId === 'app-idem')).toHaveLength(1);
});

test('a bank refuses for a founder on its risk list; another bank opens', async () => {
  const bank = new HttpBank(`${base}/bank`);
  const refused = await bank.openAccount({
    ...opening('app-risk', ['881102400154']),
    bankCode: 'HSBKKZKX',
    branchCode: 'HSBK-ALA-01',
    idempotencyKey: 'r-1',
  });
  expect(refused).toMatchObject({ status: 'refused', reasonCode: 'RISK_LIST' });
  expect(await bank.openAccount({ ...opening('app-risk', ['881102400154']), idempotencyKey: 'r-2' })).toMatchObject({
    status: 'opened',
    bankCode: 'KCJBKZKX',
  });
});

test('a creating call without an Idempotency-Key is refused with the reason', async () => {
  const res = await fetch(`${base}/bank/v1/account-openings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(opening('x')),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { message: string }).message).toMatch(/Idempotency-Key/);
});

test('fault injection: error rate 1 makes every call an outage; a stall makes the client time out; both change live', async () => {
  const registry = new HttpLegalEntityRegistry(`${base}/legal-entity-registry`, 300);
  const facts = {
    applicationId: 'app-f',
    name: 'Faulty LLP',
    legalForm: 'limited-liability-partnership',
    address: { region: 'A', locality: 'A', street: 'S', building: '1', postalCode: '050000' },
    headIin: '870912300107',
    founders: [{ iin: '850315400124', sharePercent: 100 }],
  };
  const set = (body: object) =>
    fetch(`${base}/_control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await set({ errorRate: 1 })).status).toBe(200);
  await expect(registry.check(facts)).rejects.toBeInstanceOf(ExternalSystemUnavailableError);
  await set({ errorRate: 0, stallMs: 1000 });
  await expect(registry.check(facts)).rejects.toThrow(/not answering/);
  await set({ stallMs: 0 });
  expect(await registry.check(facts)).toEqual({ compliant: true, findings: [] });
  expect((await set({ errorRate: 2 })).status).toBe(400);
  // state endpoints are never faulted
  await set({ errorRate: 1 });
  expect((await fetch(`${base}/payment-gateway/_simulator/state`)).status).toBe(200);
});

test('the registry assigns a BIN with a valid check digit once per key and refuses the taken name after it', async () => {
  const registry = new HttpLegalEntityRegistry(`${base}/legal-entity-registry`);
  const facts = {
    applicationId: 'app-bin',
    name: 'Unique Steppe',
    legalForm: 'limited-liability-partnership',
    address: { region: 'A', locality: 'A', street: 'S', building: '1', postalCode: '050000' },
    headIin: '870912300107',
    founders: [{ iin: '850315400124', sharePercent: 100 }],
  };
  const r1 = await registry.register({ ...facts, idempotencyKey: 'bin-1' });
  const r2 = await registry.register({ ...facts, idempotencyKey: 'bin-1' });
  expect(r1).toEqual(r2);
  expect(r1.status === 'registered' && isValidIdentificationNumber(r1.bin)).toBe(true);
  expect(await registry.register({ ...facts, applicationId: 'app-bin-2', idempotencyKey: 'bin-2' })).toMatchObject({
    status: 'refused',
    findings: [{ code: 'NAME_TAKEN' }],
  });
  expect(sims.registry.registrations.filter((r) => r.name === 'Unique Steppe')).toHaveLength(1);
});

test('payment callbacks: posted with the gateway token after the payer pays, retried while the receiver fails', async () => {
  const received: Array<{ auth: string | undefined; body: unknown }> = [];
  let failFirst = 1;
  const receiver = express();
  receiver.post('/v1/callbacks/payment-gateway', express.json(), (req, res) => {
    if (failFirst-- > 0) {
      res.status(503).end();
      return;
    }
    received.push({ auth: req.get('authorization'), body: req.body });
    res.status(202).json({ accepted: true });
  });
  const r = await listen(receiver);
  try {
    const gateway = new HttpPaymentGateway(`${base}/payment-gateway`);
    const req = {
      applicationId: 'app-pay',
      purpose: 'state-registration-fee',
      amountTenge: 28_113,
      payerRef: '850315400124',
      callbackUrl: `${r.url}/v1/callbacks/payment-gateway`,
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
    };
    const inv = await gateway.createInvoice({ ...req, idempotencyKey: 'inv-1' });
    expect(await gateway.createInvoice({ ...req, idempotencyKey: 'inv-1' })).toEqual(inv);
    expect((await gateway.getInvoice(inv.invoiceId)).status).toBe('pending');

    const paid = await fetch(`${base}/payment-gateway/pay/${inv.invoiceId}`, { method: 'POST' });
    expect(paid.status).toBe(200);
    await sims.callbacksIdle();
    expect(received).toEqual([
      {
        auth: 'Bearer gateway-token',
        body: expect.objectContaining({ invoiceId: inv.invoiceId, applicationId: 'app-pay', status: 'paid', amountTenge: 28_113 }),
      },
    ]);
    expect(sims.callbacks.find((c) => c.invoiceId === inv.invoiceId)).toMatchObject({ attempts: 2, delivered: true });

    // Refund once per key; a second refund of the same invoice is refused.
    const rf = await gateway.refund({ idempotencyKey: 'rf-1', invoiceId: inv.invoiceId, reason: 'registration refused' });
    expect(await gateway.refund({ idempotencyKey: 'rf-1', invoiceId: inv.invoiceId, reason: 'registration refused' })).toEqual(rf);
    await expect(gateway.refund({ idempotencyKey: 'rf-2', invoiceId: inv.invoiceId, reason: 'again' })).rejects.toThrow(/already refunded/);
    expect(sims.gateway.refunds.filter((x) => x.invoiceId === inv.invoiceId)).toHaveLength(1);
    expect((await gateway.getInvoice(inv.invoiceId)).status).toBe('refunded');
  } finally {
    await new Promise((res) => r.server.close(res));
  }
});

test.each([
  [
    'production-cooperative',
    [
      { iin: '850315400124', sharePercent: 50 },
      { iin: '791220300170', sharePercent: 50 },
    ],
  ],
  [
    'limited-partnership',
    [
      { iin: '850315400124', sharePercent: 70, partnerRole: 'full-partner' },
      { iin: '791220300170', sharePercent: 30, partnerRole: 'investor' },
    ],
  ],
])('seed 000 ¶4: the registry simulator registers a %s (every private form but the joint-stock company)', async (legalForm, founders) => {
  const registry = new HttpLegalEntityRegistry(`${base}/legal-entity-registry`);
  const r = await registry.register({
    applicationId: `app-${legalForm}`,
    name: `Steppe ${legalForm}`,
    legalForm,
    address: { region: 'A', locality: 'A', street: 'S', building: '1', postalCode: '050000' },
    headIin: '870912300107',
    founders,
    idempotencyKey: `form-${legalForm}`,
  });
  expect(r).toMatchObject({ status: 'registered', name: `Steppe ${legalForm}` });
});
