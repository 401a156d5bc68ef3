/**
 * Issue 16 item 1 on the real stack: `make start` → walk-through → stop → start again on the same data
 * directory and ports → walk-through, three restarts in a row. Each run also pays a Flag/Emblem fee on
 * the simulated gateway, whose callback must reach the case (the failure issue 16 found: a restarted
 * gateway's INV-000001 answered 409 from the first run's idempotency record). What must survive: the API's store (its
 * idempotency records), Temporal's history and the simulators' state (invoice numbers, IBANs, BINs,
 * ledgers), so a second run's numbers never collide with the first's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { flagEmblemFeeWalkthrough, smeWalkthrough } from '../../scripts/walkthrough';
import { startStack, type Stack, type StackPorts } from '../helpers/stack';

const RESTARTS = 3;

const State = z.object({
  bank: z.object({ accounts: z.array(z.object({ accountId: z.string(), iban: z.string() })) }),
  paymentGateway: z.object({
    invoices: z.array(z.object({ invoiceId: z.string() })),
    callbacks: z.array(z.object({ invoiceId: z.string(), delivered: z.boolean() })),
  }),
  legalEntityRegistry: z.object({ registrations: z.array(z.object({ bin: z.string() })) }),
  digitalId: z.object({ signatures: z.array(z.object({ signatureId: z.string() })) }),
});

let stack: Stack | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-restarts-'));
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

test(`the walk-through stays green across ${RESTARTS} restarts of make start on one data directory`, async () => {
  let ports: StackPorts | undefined;
  const bins: string[] = [];
  const invoices: string[] = [];
  const timings: string[] = [];
  let before: z.infer<typeof State> | undefined;
  for (let run = 0; run <= RESTARTS; run += 1) {
    const t0 = Date.now();
    stack = await startStack('restarts', { dataDir, ...(ports ? { ports } : {}) });
    ports = stack.ports;
    const up = Date.now() - t0;
    const state = async (): Promise<z.infer<typeof State>> => State.parse(await (await fetch(`${stack?.sims}/_state`)).json());
    if (before) {
      // Everything the simulators recorded before the restart is still there.
      const now = await state();
      expect(now.bank.accounts).toEqual(before.bank.accounts);
      expect(now.paymentGateway.invoices.map((i) => i.invoiceId)).toEqual(before.paymentGateway.invoices.map((i) => i.invoiceId));
      expect(now.legalEntityRegistry.registrations).toEqual(before.legalEntityRegistry.registrations);
    }
    const t1 = Date.now();
    const result = await smeWalkthrough({
      apiUrl: stack.api,
      simulatorsUrl: stack.sims,
      credentialsFile: path.join(dataDir, 'dev-credentials.json'),
      log: () => undefined,
      stepTimeoutMs: 60_000,
    });
    expect(result.outcome).toBe('issued');
    bins.push(result.bin);
    // The Flag/Emblem fee crosses the gateway's callback: a restarted gateway's invoice must reach its case.
    const t2 = Date.now();
    const fee = await flagEmblemFeeWalkthrough({
      apiUrl: stack.api,
      simulatorsUrl: stack.sims,
      credentialsFile: path.join(dataDir, 'dev-credentials.json'),
      log: () => undefined,
      stepTimeoutMs: 60_000,
      key: `restarts-fee-${run}`,
    });
    invoices.push(fee.invoiceId);
    const feeMs = Date.now() - t2;
    before = await state();
    timings.push(`run ${run}: up ${up} ms, SME walk-through ${t2 - t1} ms, Flag/Emblem fee paid in ${feeMs} ms`);
    await stack.stop();
    stack = undefined;
  }
  // No number was handed out twice across the restarts.
  const s = before;
  if (!s) throw new Error('no state');
  expect(new Set(bins).size).toBe(bins.length);
  expect(new Set(invoices).size).toBe(RESTARTS + 1);
  // Every payment callback reached the API (none refused, none given up).
  expect(s.paymentGateway.callbacks.filter((c) => !c.delivered)).toEqual([]);
  expect(new Set(s.bank.accounts.map((a) => a.iban)).size).toBe(s.bank.accounts.length);
  expect(new Set(s.paymentGateway.invoices.map((i) => i.invoiceId)).size).toBe(s.paymentGateway.invoices.length);
  expect(new Set(s.legalEntityRegistry.registrations.map((r) => r.bin)).size).toBe(s.legalEntityRegistry.registrations.length);
  process.stdout.write(`restarts: ${timings.join('; ')}\n`);
}, 900_000);
