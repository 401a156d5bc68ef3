/**
 * The gateway's callback end to end over loopback HTTP: the simulated payment gateway posts the result,
 * with its bearer token and Idempotency-Key `${applicationId}:${invoiceId}:${status}`, to the API's one callback URL
 * (createApp: POST /v1/callbacks/payment-gateway), which signals `payment` to the case — once, however
 * often the gateway delivers it.
 */
import request from 'supertest';
import { HttpPaymentGateway } from '../../adapters/payment-gateway/http';
import { createSimulators } from '../../simulators/main';
import { makeHarness } from '../api/helpers/harness';
import { listen, type Listening } from './loopback';

const h = makeHarness();
let api: Listening;
beforeAll(async () => {
  api = await listen(h.app);
});
afterAll(async () => {
  await api.close();
});

test('the simulated gateway pays; the case receives the payment signal once, even when the callback is delivered again', async () => {
  const created = await request(h.app)
    .post('/v1/services/sme-registration/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', 'apply')
    .send({ founderIin: '900101300123', companyName: 'Dala Tech' });
  const applicationId = created.body.applicationId as string;
  const sims = createSimulators({
    faults: { latencyMs: 0 },
    publicUrl: 'http://127.0.0.1:1',
    gatewayToken: () => h.tokens.gateway,
    callbackDelayMs: 0,
  });
  const sim = await listen(sims.app);
  try {
    const gateway = new HttpPaymentGateway(`${sim.url}/payment-gateway`);
    const inv = await gateway.createInvoice({
      idempotencyKey: 'k',
      applicationId,
      purpose: 'state-registration-fee',
      amountTenge: 25_558,
      payerRef: '900101300123',
      callbackUrl: `${api.url}/v1/callbacks/payment-gateway`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await fetch(`${sim.url}/payment-gateway/_simulator/invoices/${inv.invoiceId}/pay`, { method: 'POST' });
    await sims.callbacksIdle();
    expect(sims.callbacks.find((c) => c.invoiceId === inv.invoiceId)).toMatchObject({ delivered: true, lastAnswer: 202 });
    expect(h.cases.signals).toEqual([
      {
        workflowId: applicationId,
        signalName: 'payment',
        arg: expect.objectContaining({ invoiceId: inv.invoiceId, status: 'paid', amountTenge: 25_558 }),
      },
    ]);
    expect(h.cases.signals[0]?.arg).not.toHaveProperty('applicationId');

    // The gateway delivers the same result again (its retry after a lost answer): replayed, not re-signalled.
    const again = await fetch(`${api.url}/v1/callbacks/payment-gateway`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${h.tokens.gateway}`,
        'idempotency-key': `${inv.invoiceId}:paid`,
      },
      body: JSON.stringify({
        invoiceId: inv.invoiceId,
        applicationId,
        status: 'paid',
        amountTenge: 25_558,
        at: (h.cases.signals[0]?.arg as { at: string }).at,
        gatewayRef: (h.cases.signals[0]?.arg as { gatewayRef: string }).gatewayRef,
      }),
    });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(h.cases.signals).toHaveLength(1);
  } finally {
    await sim.close();
  }
});
