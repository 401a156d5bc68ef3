/**
 * POST /v1/callbacks/payment-gateway: the e-gov payment gateway's one callback URL. The body names the
 * case; the result reaches it as the `payment` signal, once per event (application + invoice + status).
 */
import request from 'supertest';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

let h: Harness;
let applicationId: string;
beforeEach(async () => {
  h = makeHarness();
  const res = await request(h.app)
    .post('/v1/services/flag-emblem-license/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', 'apply')
    .send(LICENSE_BODY);
  applicationId = res.body.applicationId as string;
});

const result = () => ({
  invoiceId: 'INV-000117',
  applicationId,
  status: 'paid',
  amountTenge: 39_320,
  at: '2025-03-26T10:15:00+05:00',
  gatewayRef: 'EPAY-7731902',
});
const post = (body: object, token: string | null, key?: string) => {
  let r = request(h.app).post('/v1/callbacks/payment-gateway');
  if (token) r = r.set('Authorization', `Bearer ${token}`);
  if (key) r = r.set('Idempotency-Key', key);
  return r.send(body);
};

test('the result is delivered as the payment signal without the applicationId, once per event', async () => {
  // The gateway simulator retries with one key per event (simulators/payment-gateway.ts).
  const first = await post(result(), h.tokens.gateway, 'INV-000117:paid');
  const second = await post(result(), h.tokens.gateway, 'INV-000117:paid');
  expect(first.status).toBe(202);
  expect(first.body).toEqual({ applicationId, invoiceId: 'INV-000117', delivered: true });
  expect(second.status).toBe(202);
  expect(second.headers['idempotent-replayed']).toBe('true');
  expect(second.body).toEqual(first.body);
  const { applicationId: _named, ...signalled } = result();
  expect(h.cases.signals).toEqual([{ workflowId: applicationId, signalName: 'payment', arg: signalled }]);
});

test('one event is one (application, invoice, status): another result is its own event, the same event with another body 409', async () => {
  // Issue 16: the stored answer is keyed by the event, not by the gateway's header, so a restarted
  // gateway's reused key (or invoice number) never meets another event's record.
  await post(result(), h.tokens.gateway, 'k-1');
  const failed = await post({ ...result(), status: 'failed' }, h.tokens.gateway, 'k-1');
  expect(failed.status).toBe(202);
  expect(h.cases.signals).toHaveLength(2);
  const changed = await post({ ...result(), gatewayRef: 'EPAY-OTHER' }, h.tokens.gateway, 'k-2');
  expect(changed.status).toBe(409);
  expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(h.cases.signals).toHaveLength(2);
});

test('only the gateway may post it: 401 without a token, 403 for the portal and staff', async () => {
  expect((await post(result(), null)).status).toBe(401);
  expect((await post(result(), h.tokens.portal)).status).toBe(403);
  expect((await post(result(), h.tokens.ctrm)).status).toBe(403);
  expect(h.cases.signals).toHaveLength(0);
});

test('a bad body is 400 naming each field, and nothing is signalled', async () => {
  const res = await post({ ...result(), amountTenge: -5, status: 'maybe', at: 'yesterday' }, h.tokens.gateway, 'bad-1');
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['amountTenge', 'at', 'status']);
  expect(h.cases.signals).toHaveLength(0);
  // Refusals are not stored: the corrected result with the same key goes through.
  expect((await post(result(), h.tokens.gateway, 'bad-1')).status).toBe(202);
});

test('an unknown application is 404 UNKNOWN_APPLICATION naming applicationId', async () => {
  const res = await post({ ...result(), applicationId: 'flag-emblem-license-KZ99APP00009999' }, h.tokens.gateway);
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ code: 'UNKNOWN_APPLICATION', errors: [{ field: 'applicationId' }] });
  expect(h.cases.signals).toHaveLength(0);
});

test('a closed case answers 409 ACTION_NOT_ALLOWED_NOW: by its record, or when its workflow is gone', async () => {
  await h.store.updateApplication(applicationId, { status: 'issued' });
  const closed = await post(result(), h.tokens.gateway);
  expect(closed.status).toBe(409);
  expect(closed.body).toMatchObject({ code: 'ACTION_NOT_ALLOWED_NOW' });

  const h2 = makeHarness();
  const created = await request(h2.app)
    .post('/v1/services/flag-emblem-license/applications')
    .set('Authorization', `Bearer ${h2.tokens.portal}`)
    .set('Idempotency-Key', 'a')
    .send(LICENSE_BODY);
  h2.cases.starts.length = 0; // the workflow closed and was archived before the read model caught up
  const gone = await request(h2.app)
    .post('/v1/callbacks/payment-gateway')
    .set('Authorization', `Bearer ${h2.tokens.gateway}`)
    .send({ ...result(), applicationId: created.body.applicationId });
  expect(gone.status).toBe(409);
  expect(h.cases.signals).toHaveLength(0);
  expect(h2.cases.signals).toHaveLength(0);
});

test('the old per-application payment route is gone (one way in for the gateway)', async () => {
  const res = await request(h.app)
    .post(`/v1/applications/${applicationId}/payment-events`)
    .set('Authorization', `Bearer ${h.tokens.gateway}`)
    .send(result());
  expect(res.status).toBe(404);
  expect(h.cases.signals).toHaveLength(0);
});
