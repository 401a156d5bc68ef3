/**
 * The OpenAPI document is generated from the zod schemas the routes parse with, so each request
 * example in it must be accepted by the API exactly as written.
 */
import request from 'supertest';
import { exampleOf } from '../../api/openapi';
import { SERVICE_MODULES } from '../../services';
import { enterExampleLicense, makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

interface Operation {
  requestBody?: { content: Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }> };
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; example?: unknown }>;
  responses: Record<string, unknown>;
  security?: unknown[];
}
interface Schema {
  $ref?: string;
  example?: unknown;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

let h: Harness;
let doc: Doc;
beforeEach(async () => {
  h = makeHarness();
  doc = (await request(h.app).get('/openapi.json')).body as Doc;
});

const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]! : s);

test('is OpenAPI 3.1 with every uniform resource, bearer auth and problem responses', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual(
    [
      '/healthz',
      '/readyz',
      '/v1/applications',
      '/v1/applications/{id}',
      '/v1/applications/{id}/actions/confirm-payment-callback',
      '/v1/applications/{id}/actions/object-to-preliminary-decision',
      '/v1/applications/{id}/actions/record-completeness-check',
      '/v1/applications/{id}/complaints',
      '/v1/applications/{id}/documents',
      '/v1/applications/{id}/documents/{ancn}',
      '/v1/applications/{id}/documents/{ancn}/print',
      '/v1/complaints',
      '/v1/complaints/{id}',
      '/v1/complaints/{id}/actions/complaint-decision',
      '/v1/complaints/{id}/actions/complaint-extend',
      '/v1/complaints/{id}/actions/complaint-extension-notice',
      '/v1/complaints/{id}/actions/complaint-favourable-act',
      '/v1/complaints/{id}/actions/complaint-forward',
      '/v1/dashboard/complaints',
      '/v1/callbacks/payment-gateway',
      '/v1/admin/payment-callbacks/unaccepted',
      '/v1/counter/branches',
      '/v1/counter/branches/{branch}/bookings',
      '/v1/counter/branches/{branch}/call-next',
      '/v1/counter/branches/{branch}/queue',
      '/v1/counter/branches/{branch}/tickets',
      '/v1/counter/hand-overs/{applicationId}/hand-over',
      '/v1/counter/hand-overs/{applicationId}/receipt-presented',
      '/v1/counter/scans',
      '/v1/counter/services',
      '/v1/counter/visits/{visit}',
      '/v1/counter/visits/{visit}/application',
      '/v1/counter/visits/{visit}/receipt',
      '/v1/counter/visits/{visit}/sign',
      '/v1/calendar/term',
      '/v1/services',
      '/v1/services/flag-emblem-license/applications',
      '/v1/services/sme-registration/applications',
      // dashboards, inbox and metrics (api/dashboard-openapi.ts)
      '/metrics',
      '/v1/applications/{id}/timeline',
      '/v1/dashboard/counts',
      '/v1/dashboard/forms',
      '/v1/dashboard/overview',
      '/v1/inbox',
      '/v1/me',
      // reference data (reference-data/routes.ts)
      '/v1/reference-data',
      '/v1/reference-data/calendar/versions',
      '/v1/reference-data/calendar/versions/{version}',
      '/v1/reference-data/mrp',
      '/v1/admin/reference-data/calendar/decrees',
      '/v1/admin/reference-data/mrp',
    ].sort(),
  );
  expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const submit = doc.paths['/v1/services/flag-emblem-license/applications']!.post!;
  expect(submit.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
  expect(Object.keys(submit.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '413', '422', '503']);
  expect(doc.components.schemas.Problem).toBeDefined();
});

test('every submission example is accepted as-is (201)', async () => {
  const submissions = Object.entries(doc.paths).filter(([p]) => /^\/v1\/services\/[^/{]+\/applications$/.test(p));
  expect(submissions).toHaveLength(2);
  for (const [path, ops] of submissions) {
    const media = ops.post!.requestBody!.content['application/json']!;
    const example = resolve(media.schema).example;
    expect(example).toBeDefined();
    const key = ops.post!.parameters!.find((p) => p.name === 'Idempotency-Key')!;
    // A fresh system per path: the header example is one key, and reusing a key for another request is a 409.
    const fresh = makeHarness();
    const res = await request(fresh.app)
      .post(path)
      .set('Authorization', `Bearer ${fresh.tokens.portal}`)
      .set('Idempotency-Key', String(key.schema?.example ?? key.example))
      .send(example as object);
    expect([path, res.status]).toEqual([path, 201]);
  }
});

test('every action example is accepted as-is by a case of its service (200), by the roles it names', async () => {
  const byService = new Map<string, string>();
  for (const [service, body] of [
    ['flag-emblem-license', LICENSE_BODY],
    ['sme-registration', { founderIin: '900101300123', companyName: 'Dala Tech' }],
  ] as const) {
    const res = await request(h.app)
      .post(`/v1/services/${service}/applications`)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', service)
      .send(body);
    byService.set(service, res.body.statusUrl as string);
  }
  const tokenFor: Record<string, Record<string, string>> = {
    'flag-emblem-license': { staff: h.tokens.ctrm, portal: h.tokens.portal, gateway: h.tokens.gateway, admin: h.tokens.admin },
    'sme-registration': { staff: h.tokens.stateCorp, portal: h.tokens.portal, gateway: h.tokens.gateway, admin: h.tokens.admin },
  };
  const catalogue = (await request(h.app).get('/v1/services')).body.items as Array<{
    code: string;
    actions: Array<{ name: string; roles: string[] }>;
  }>;
  let sent = 0;
  for (const [path, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/v1/applications/') && p.includes('/actions/'))) {
    const action = path.split('/').pop()!;
    const examples = ops.post!.requestBody!.content['application/json']!.examples!;
    for (const [service, { value }] of Object.entries(examples)) {
      const role = catalogue.find((s) => s.code === service)!.actions.find((a) => a.name === action)!.roles[0]!;
      const res = await request(h.app)
        .post(`${byService.get(service)}/actions/${action}`)
        .set('Authorization', `Bearer ${tokenFor[service]![role]}`)
        .send(value as object);
      expect([service, action, res.status]).toEqual([service, action, 200]);
      sent += 1;
    }
  }
  expect(sent).toBe(4); // two services × record-completeness-check, plus one action each of their own
});

test('the payment callback and list-query examples are accepted as-is', async () => {
  // The callback example names the first SME application of a fresh system: sme-registration-KZ95APP00000001.
  const created = await request(h.app)
    .post('/v1/services/sme-registration/applications')
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', 'p')
    .send({ founderIin: '900101300123', companyName: 'Dala Tech' });
  const callback = doc.paths['/v1/callbacks/payment-gateway']!.post!;
  expect(callback.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
  const example = resolve(callback.requestBody!.content['application/json']!.schema).example as { applicationId: string };
  expect(example.applicationId).toBe(created.body.applicationId);
  const res = await request(h.app).post('/v1/callbacks/payment-gateway').set('Authorization', `Bearer ${h.tokens.gateway}`).send(example);
  expect(res.status).toBe(202);
  expect(h.cases.signals).toEqual([
    { workflowId: created.body.applicationId, signalName: 'payment', arg: expect.objectContaining({ invoiceId: 'INV-2025-000117' }) },
  ]);

  const query = Object.fromEntries(
    doc.paths['/v1/applications']!.get!.parameters!.filter((p) => p.schema?.example !== undefined).map((p) => [
      p.name,
      String(p.schema!.example),
    ]),
  );
  expect(Object.keys(query).sort()).toEqual(['from', 'limit', 'service', 'sla', 'stage', 'to']);
  const list = await request(h.app).get('/v1/applications').query(query).set('Authorization', `Bearer ${h.tokens.viewer}`);
  expect(list.status).toBe(200);

  const termQuery = Object.fromEntries(
    doc.paths['/v1/calendar/term']!.get!.parameters!.filter((p) => p.schema?.example !== undefined).map((p) => [
      p.name,
      String(p.schema!.example),
    ]),
  );
  const term = await request(h.app).get('/v1/calendar/term').query(termQuery);
  expect(term.status).toBe(200);
});

test('each declared event has its path with one example per service, accepted as-is (202) by the roles it names', async () => {
  const real = makeHarness({ modules: SERVICE_MODULES });
  await enterExampleLicense(real); // the re-issue example's license, checked before acceptance (seed 004 ¶21(4))
  const realDoc = (await request(real.app).get('/openapi.json')).body as Doc;
  const eventPaths = Object.keys(realDoc.paths).filter((p) => p.includes('/events/'));
  expect(eventPaths).toEqual(['/v1/applications/{id}/events/approving-body-answer']);
  const op = realDoc.paths['/v1/applications/{id}/events/approving-body-answer']!.post!;
  expect(Object.keys(op.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409', '413', '422', '503']);
  const examples = op.requestBody!.content['application/json']!.examples!;
  expect(Object.keys(examples).sort()).toEqual(['flag-emblem-license', 'flag-emblem-license-reissue']);
  for (const [service, { value }] of Object.entries(examples)) {
    const module = SERVICE_MODULES.find((m) => m.descriptor.code === service)!;
    const created = await request(real.app)
      .post(`/v1/services/${service}/applications`)
      .set('Authorization', `Bearer ${real.tokens.portal}`)
      .set('Idempotency-Key', service)
      .send(exampleOf(module.input) as object);
    expect([service, created.status]).toEqual([service, 201]);
    const role = module.events!.find((e) => e.name === 'approving-body-answer')!.roles[0]!;
    expect(role).toBe('gateway');
    const res = await request(real.app)
      .post(`${created.body.statusUrl}/events/approving-body-answer`)
      .set('Authorization', `Bearer ${real.tokens.gateway}`)
      .send(value as object);
    expect([service, res.status]).toEqual([service, 202]);
  }
  expect(real.cases.signals.map((s) => s.signalName)).toEqual(['approving-body-answer', 'approving-body-answer']);
});

test('a documented path asked with a method it does not list is 405 with Allow, an unknown path 404', async () => {
  for (const [path, methods] of [
    ['/healthz', 'GET, HEAD'],
    ['/v1/services', 'GET, HEAD'],
    ['/v1/services/flag-emblem-license/applications', 'POST'],
    ['/v1/applications/flag-emblem-license-KZ95APP00000001', 'GET, HEAD'],
  ] as const) {
    const res = await request(h.app).trace(path).set('Authorization', `Bearer ${h.tokens.viewer}`);
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe(methods);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'METHOD_NOT_ALLOWED', errors: [{ field: 'method' }] });
    expect(Object.keys(doc.paths[path.replace('flag-emblem-license-KZ95APP00000001', '{id}')] ?? {})).toEqual(
      methods
        .split(', ')
        .filter((m) => m !== 'HEAD')
        .map((m) => m.toLowerCase()),
    );
  }
  expect((await request(h.app).put('/v1/services').send({})).status).toBe(405);
  expect((await request(h.app).trace('/v1/no-such-thing')).status).toBe(404);
});
