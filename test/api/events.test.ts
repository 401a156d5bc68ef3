/**
 * POST /v1/applications/{id}/events/{event}: outside systems' events a regulation declares
 * (ServiceModule.events), delivered to the case as signals. The Flag/Emblem license declares the
 * approving body's answer (seed 003 Annex 2 item 9(4); seed 004 ¶35–42).
 */
import request from 'supertest';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { makeHarness, type Harness } from './helpers/harness';
import { testRegistrationModule } from './helpers/test-modules';

let h: Harness;
let statusUrl: string;
let applicationId: string;
beforeEach(async () => {
  h = makeHarness({ modules: [flagEmblemLicenseModule, testRegistrationModule] });
  const res = await request(h.app)
    .post('/v1/services/flag-emblem-license/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', 'apply')
    .send(exampleOf(flagEmblemLicenseModule.input) as object);
  expect(res.status).toBe(201);
  ({ statusUrl, applicationId } = res.body as { statusUrl: string; applicationId: string });
});

// Exactly what simulators/approving-bodies.ts sends.
const answer = {
  requestId: 'mvd-req-000001',
  conforms: false,
  summary: 'The site has no alarm system connected to the police.',
  answeredAt: '2025-03-27T11:20:00.000Z',
};
const post = (body: object, token: string | null, key?: string, event = 'approving-body-answer', url = statusUrl) => {
  let r = request(h.app).post(`${url}/events/${event}`);
  if (token) r = r.set('Authorization', `Bearer ${token}`);
  if (key) r = r.set('Idempotency-Key', key);
  return r.send(body);
};

test("an approving body's answer reaches the case as the approving-body-answer signal, once per Idempotency-Key", async () => {
  const first = await post(answer, h.tokens.gateway, 'mvd-req-000001:answer');
  const again = await post(answer, h.tokens.gateway, 'mvd-req-000001:answer');
  expect(first.status).toBe(202);
  expect(first.body).toEqual({ applicationId, event: 'approving-body-answer', delivered: true });
  expect(again.status).toBe(202);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(h.cases.signals).toEqual([{ workflowId: applicationId, signalName: 'approving-body-answer', arg: answer }]);
});

test('the application view links the events the case accepts', async () => {
  h.cases.statusDown = true; // the fake's status query reads the test modules' input; the read model answers
  const res = await request(h.app).get(statusUrl).set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(res.body.links.events).toEqual([`${statusUrl}/events/approving-body-answer`]);
});

test('only the roles the event names may post it (the gateway): 401, 403 for portal and staff; nothing signalled', async () => {
  expect((await post(answer, null)).status).toBe(401);
  const portal = await post(answer, h.tokens.portal);
  expect(portal.status).toBe(403);
  expect(portal.body.detail).toContain('allowed: gateway');
  expect((await post(answer, h.tokens.ctrm)).status).toBe(403);
  expect(h.cases.signals).toHaveLength(0);
});

test('a bad body is 400 naming each field, and nothing is signalled', async () => {
  const res = await post({ requestId: '', conforms: 'yes', answeredAt: '27.03.2025' }, h.tokens.gateway, 'bad');
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([
    'answeredAt',
    'conforms',
    'requestId',
    'summary',
  ]);
  expect(h.cases.signals).toHaveLength(0);
});

test('an event the service does not declare is 404 UNKNOWN_ACTION naming path.event; an unknown case 404 UNKNOWN_APPLICATION', async () => {
  const unknown = await post(answer, h.tokens.gateway, undefined, 'payment');
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ code: 'UNKNOWN_ACTION', errors: [{ field: 'path.event' }] });
  expect(unknown.body.detail).toContain('known: approving-body-answer');

  // A service that declares no events at all.
  const sme = await request(h.app)
    .post('/v1/services/sme-registration/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', 'sme')
    .send({ founderIin: '900101300123', companyName: 'Dala Tech' });
  const none = await post(answer, h.tokens.gateway, undefined, 'approving-body-answer', sme.body.statusUrl as string);
  expect(none.status).toBe(404);
  expect(none.body.detail).toContain('known: none');

  const noCase = await post(
    answer,
    h.tokens.gateway,
    undefined,
    'approving-body-answer',
    '/v1/applications/flag-emblem-license-KZ99APP00009999',
  );
  expect(noCase.status).toBe(404);
  expect(noCase.body).toMatchObject({ code: 'UNKNOWN_APPLICATION', errors: [{ field: 'path.id' }] });
  expect(h.cases.signals).toHaveLength(0);
});

test('a closed case answers 409 ACTION_NOT_ALLOWED_NOW and is not signalled; an earlier delivery still replays', async () => {
  await post(answer, h.tokens.gateway, 'delivered-before');
  await h.store.updateApplication(applicationId, { status: 'issued' });
  const late = await post({ ...answer, requestId: 'mchs-req-000002' }, h.tokens.gateway, 'after-closing');
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('ACTION_NOT_ALLOWED_NOW');
  const replay = await post(answer, h.tokens.gateway, 'delivered-before');
  expect(replay.status).toBe(202);
  expect(h.cases.signals).toHaveLength(1);
});

test('a case whose workflow is gone answers 409, not 404', async () => {
  h.cases.starts.length = 0;
  const res = await post(answer, h.tokens.gateway);
  expect(res.status).toBe(409);
  expect(h.cases.signals).toHaveLength(0);
});
