/**
 * Issue 16 item 1: the simulated outside systems keep their state across a restart (simulators/store.ts),
 * so a restarted gateway never issues INV-000001 again, the bank never reissues an IBAN, the registry
 * never a BIN; a payment callback still owed is delivered after the restart; and the callback contract
 * (retry on 5xx, final on another 4xx, key scoped by application + invoice + status) holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { createSimulators, type Simulators } from '../../simulators/main';
import { callbackIdempotencyKey } from '../../simulators/payment-gateway';
import { SqliteSimulatorStore, type SimulatorStore } from '../../simulators/store';
import { listen, type Listening } from './loopback';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-sim-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (store: SimulatorStore, extra: Partial<Parameters<typeof createSimulators>[0]> = {}): Simulators =>
  createSimulators({ faults: {}, publicUrl: 'http://127.0.0.1:1', callbackDelayMs: 0, store, ...extra });

const post = (url: string, key: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

const person = { iin: '850612300414', fullName: 'Сейітов Нұрлан Ержанұлы' };
const opening = (applicationId: string) => ({
  applicationId,
  bankCode: 'HSBKKZKX',
  branchCode: 'HSBK-ALA-01',
  legalEntityName: `TOO ${applicationId}`,
  founders: [{ ...person, sharePercent: 100 }],
  executiveBody: { kind: 'sole', members: [{ ...person, position: 'director' }] },
});
const facts = (applicationId: string) => ({
  applicationId,
  name: `Dala ${applicationId}`,
  legalForm: 'LLP',
  address: { region: 'Astana', locality: 'Astana', street: 'Mangilik El', building: '55', postalCode: '010000' },
  headIin: person.iin,
  founders: [{ iin: person.iin, sharePercent: 100 }],
});
const invoice = (applicationId: string, callbackUrl?: string) => ({
  applicationId,
  purpose: 'state-registration-fee',
  amountTenge: 25_558,
  payerRef: 'payer',
  ...(callbackUrl ? { callbackUrl } : {}),
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
});

test('invoice numbers, IBANs, BINs and idempotent answers survive a restart on the SQLite store', async () => {
  const file = path.join(dir, 'a.sqlite');
  const first = await listen(open(new SqliteSimulatorStore(file)).app);
  const inv1 = (await (await post(`${first.url}/payment-gateway/v1/invoices`, 'inv-a', invoice('app-a'))).json()) as { invoiceId: string };
  const acc1 = (await (await post(`${first.url}/bank/v1/account-openings`, 'acc-a', opening('app-a'))).json()) as { iban: string };
  const reg1 = (await (await post(`${first.url}/legal-entity-registry/v1/registrations`, 'reg-a', facts('app-a'))).json()) as {
    bin: string;
  };
  await first.close();

  // "Restart": a new process state on the same file.
  const second = await listen(open(new SqliteSimulatorStore(file)).app);
  try {
    const inv2 = (await (await post(`${second.url}/payment-gateway/v1/invoices`, 'inv-b', invoice('app-b'))).json()) as {
      invoiceId: string;
    };
    const acc2 = (await (await post(`${second.url}/bank/v1/account-openings`, 'acc-b', opening('app-b'))).json()) as { iban: string };
    const reg2 = (await (await post(`${second.url}/legal-entity-registry/v1/registrations`, 'reg-b', facts('app-b'))).json()) as {
      bin: string;
    };
    expect(inv1.invoiceId).toBe('INV-000001');
    expect(inv2.invoiceId).toBe('INV-000002');
    expect(acc2.iban).not.toBe(acc1.iban);
    expect(reg2.bin).not.toBe(reg1.bin);
    // A retry after the restart is answered as before it, not handled as new.
    const again = (await (await post(`${second.url}/bank/v1/account-openings`, 'acc-a', opening('app-a'))).json()) as { iban: string };
    expect(again.iban).toBe(acc1.iban);
    const taken = await post(`${second.url}/legal-entity-registry/v1/registrations`, 'reg-c', facts('app-a'));
    expect(await taken.json()).toMatchObject({ status: 'refused' }); // the name registered before the restart is still taken
    const state = (await (await fetch(`${second.url}/_state`)).json()) as { bank: { accounts: unknown[] } };
    expect(state.bank.accounts).toHaveLength(2);
  } finally {
    await second.close();
  }
});

test('a callback still owed when the gateway stops is delivered after its restart, with the scoped key', async () => {
  const store = new SqliteSimulatorStore(path.join(dir, 'b.sqlite'));
  const seen: Array<{ key: string | undefined; status: number }> = [];
  let answer = 503;
  const receiver = express();
  receiver.use(express.json());
  receiver.post('/cb', (req, res) => {
    seen.push({ key: req.get('idempotency-key'), status: answer });
    res.status(answer).json({});
  });
  const api: Listening = await listen(receiver);
  const sims = open(store, { callbackAttempts: 3, callbackMaxBackoffMs: 50 });
  const sim = await listen(sims.app);
  try {
    const inv = (await (await post(`${sim.url}/payment-gateway/v1/invoices`, 'k', invoice('app-c', `${api.url}/cb`))).json()) as {
      invoiceId: string;
    };
    await post(`${sim.url}/payment-gateway/_simulator/invoices/${inv.invoiceId}/pay`, 'x', {});
    // The receiver answers 503 (down): the gateway retries, then the process stops before it delivers.
    await new Promise((r) => setTimeout(r, 20));
    sims.stop();
    await sims.callbacksIdle();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(sims.callbacks[0]).toMatchObject({ delivered: false });

    answer = 202;
    const restarted = open(store, { callbackAttempts: 3, callbackMaxBackoffMs: 50 });
    await restarted.callbacksIdle();
    expect(restarted.callbacks[0]).toMatchObject({ invoiceId: inv.invoiceId, delivered: true, lastAnswer: 202 });
    expect(new Set(seen.map((s) => s.key))).toEqual(new Set([`app-c:${inv.invoiceId}:paid`]));
    expect(
      callbackIdempotencyKey({ applicationId: 'app-c', invoiceId: inv.invoiceId, status: 'paid', amountTenge: 1, at: '', gatewayRef: '' }),
    ).toBe(`app-c:${inv.invoiceId}:paid`);
  } finally {
    await sim.close();
    await api.close();
  }
});

test('the gateway retries a callback answered 5xx or 429 and stops at a final 4xx', async () => {
  const answers = [503, 429, 409];
  let calls = 0;
  const receiver = express();
  receiver.post('/cb', (_req, res) => {
    const status = answers[Math.min(calls, answers.length - 1)] ?? 409;
    calls += 1;
    res.status(status).json({});
  });
  const api = await listen(receiver);
  const sims = open(new SqliteSimulatorStore(path.join(dir, 'c.sqlite')), { callbackAttempts: 10, callbackMaxBackoffMs: 20 });
  const sim = await listen(sims.app);
  try {
    const inv = (await (await post(`${sim.url}/payment-gateway/v1/invoices`, 'k', invoice('app-d', `${api.url}/cb`))).json()) as {
      invoiceId: string;
    };
    await post(`${sim.url}/payment-gateway/_simulator/invoices/${inv.invoiceId}/pay`, 'x', {});
    await sims.callbacksIdle();
    expect(calls).toBe(3);
    expect(sims.callbacks[0]).toMatchObject({ delivered: false, refused: true, attempts: 3, lastAnswer: 409 });
  } finally {
    await sim.close();
    await api.close();
  }
});
