/**
 * The gateway's callback end to end over loopback HTTP: the simulated gateway posts the payment result
 * with its bearer token to the API's POST /v1/callbacks/payment-gateway (paymentCallbackRouter behind
 * the API's authentication and error handler), which signals `payment` to the case.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { authenticateRequests, createAuthenticator, mintToken } from '../../api/auth';
import { errorHandler } from '../../api/errors';
import { DomainError } from '../../domain/errors';
import { paymentCallbackRouter, PAYMENT_CALLBACK_PATH } from '../../api/routes/payment-callback';
import { createSimulators } from '../../simulators/main';
import { HttpPaymentGateway } from '../../adapters/payment-gateway/http';

const secret = 'x'.repeat(40);
const gatewayToken = mintToken(secret, { subject: 'egov-payment-gateway', role: 'gateway' });
const portalToken = mintToken(secret, { subject: 'portal', role: 'portal' });
const signals: Array<{ workflowId: string; name: string; arg: unknown }> = [];

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }));
  });
}

let api: { server: Server; url: string };
beforeAll(async () => {
  const app = express();
  app.use(authenticateRequests(createAuthenticator({ secret, refuseDevTokens: false })));
  app.use(
    paymentCallbackRouter({
      cases: {
        signal: async (workflowId, name, arg) => {
          if (!workflowId.startsWith('app-')) throw new DomainError('UNKNOWN_APPLICATION', `no application ${workflowId}`);
          signals.push({ workflowId, name, arg });
        },
      },
    }),
  );
  app.use(errorHandler(pino({ level: 'silent' })));
  api = await listen(app);
});
afterAll(async () => {
  await new Promise((r) => api.server.close(r));
});

const post = (body: unknown, token?: string) =>
  fetch(`${api.url}${PAYMENT_CALLBACK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
const event = { invoiceId: 'INV-1', applicationId: 'app-1', status: 'paid', amountTenge: 28_113, at: '2026-03-02T10:10:00+05:00', gatewayRef: 'GW-1' };

test('the simulated gateway pays and the case receives the payment signal', async () => {
  const sims = createSimulators({ faults: { latencyMs: 0 }, publicUrl: 'http://127.0.0.1:1', gatewayToken: () => gatewayToken, callbackDelayMs: 0 });
  const sim = await listen(sims.app);
  try {
    const gateway = new HttpPaymentGateway(`${sim.url}/payment-gateway`);
    const inv = await gateway.createInvoice({ idempotencyKey: 'k', applicationId: 'app-42', purpose: 'state-registration-fee', amountTenge: 28_113, payerRef: '850315400124', callbackUrl: `${api.url}${PAYMENT_CALLBACK_PATH}`, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await fetch(`${sim.url}/payment-gateway/_simulator/invoices/${inv.invoiceId}/pay`, { method: 'POST' });
    await sims.callbacksIdle();
    expect(signals.filter((s) => s.workflowId === 'app-42')).toEqual([
      { workflowId: 'app-42', name: 'payment', arg: expect.objectContaining({ invoiceId: inv.invoiceId, status: 'paid', amountTenge: 28_113 }) },
    ]);
    expect(signals.find((s) => s.workflowId === 'app-42')?.arg).not.toHaveProperty('applicationId');
  } finally {
    await new Promise((r) => sim.server.close(r));
  }
});

test('only the gateway may call it; a bad body or unknown case is refused and signals nothing', async () => {
  const before = signals.length;
  expect((await post(event)).status).toBe(401);
  expect((await post(event, portalToken)).status).toBe(403);
  const bad = await post({ ...event, amountTenge: -5 }, gatewayToken);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain('amountTenge');
  expect((await post({ ...event, applicationId: 'nobody' }, gatewayToken)).status).toBe(404);
  expect(signals.length).toBe(before);
  expect((await post(event, gatewayToken)).status).toBe(202);
  expect(signals.length).toBe(before + 1);
});
