/**
 * Issue 16 item 1: the payment callback's stored answer is scoped to (application, invoice, status), so
 * a restarted gateway that hands out INV-000001 again (or a second gateway) never hits another case's
 * record; and a callback the API cannot accept is counted, logged and listed for operators.
 */
import request from 'supertest';
import { makeHarness, type Harness } from './helpers/harness';

const apply = async (h: Harness, key: string): Promise<string> => {
  const res = await request(h.app)
    .post('/v1/services/sme-registration/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', key)
    .send({ founderIin: '900101300123', companyName: `Dala ${key}` });
  return res.body.applicationId as string;
};
const callback = (h: Harness, applicationId: string, key = 'INV-000001:paid', gatewayRef = 'GW-INV-000001-paid') =>
  request(h.app)
    .post('/v1/callbacks/payment-gateway')
    .set('Authorization', `Bearer ${h.tokens.gateway}`)
    .set('Idempotency-Key', key)
    .send({ invoiceId: 'INV-000001', applicationId, status: 'paid', amountTenge: 25_558, at: '2025-03-26T10:15:00+05:00', gatewayRef });

test('two cases paid with the same invoice number (a restarted gateway) both get their payment signal', async () => {
  const h = makeHarness();
  const first = await apply(h, 'a');
  const second = await apply(h, 'b');
  expect((await callback(h, first)).status).toBe(202);
  // The old behaviour: the same Idempotency-Key with another body was 409 and the gateway gave up.
  expect((await callback(h, second)).status).toBe(202);
  expect(h.cases.signals.map((s) => s.workflowId)).toEqual([first, second]);

  // A retry of an event (any header) is answered from the store, not signalled again.
  const retry = await callback(h, second, 'another-key');
  expect(retry.status).toBe(202);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(h.cases.signals).toHaveLength(2);
});

test('a callback the API refuses is counted in /metrics and listed for operators; one it cannot take now answers 5xx', async () => {
  const h = makeHarness();
  const known = await apply(h, 'c');
  expect((await callback(h, 'sme-registration-KZ95APP99999999')).status).toBe(404);
  expect((await callback(h, known)).status).toBe(202);
  // The same event with another body: a conflict an operator must look at.
  expect((await callback(h, known, 'k2', 'GW-OTHER')).status).toBe(409);
  const other = await apply(h, 'd');
  h.cases.down = true;
  const down = await callback(h, other);
  expect(down.status).toBe(503);
  h.cases.down = false;
  expect((await callback(h, other)).status).toBe(202); // the gateway's retry gets through

  const list = await request(h.app).get('/v1/admin/payment-callbacks/unaccepted').set('Authorization', `Bearer ${h.tokens.admin}`);
  expect(list.status).toBe(200);
  expect((list.body as { items: Array<{ reason: string; retryable: boolean }> }).items.map((i) => [i.reason, i.retryable])).toEqual([
    ['UPSTREAM_UNAVAILABLE', true],
    ['IDEMPOTENCY_KEY_REUSED', false],
    ['UNKNOWN_APPLICATION', false],
  ]);
  expect(
    (await request(h.app).get('/v1/admin/payment-callbacks/unaccepted').set('Authorization', `Bearer ${h.tokens.portal}`)).status,
  ).toBe(403);
  const metrics = (await request(h.app).get('/metrics')).text;
  expect(metrics).toMatch(/kz_payment_callbacks_unaccepted_total\{reason="UNKNOWN_APPLICATION",retryable="false"\} 1/);
  expect(metrics).toMatch(/kz_payment_callbacks_unaccepted_total\{reason="IDEMPOTENCY_KEY_REUSED",retryable="false"\} 1/);
});
