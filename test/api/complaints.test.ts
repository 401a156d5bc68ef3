/**
 * The complaint resources (api/routes/complaints.ts) on the harness (pinned clock: Thursday 2025-03-20
 * 19:10, after hours before Nauryz): the applicant files against their own case through the portal; staff
 * register a paper one; bad input, an unknown case and another applicant's case are 4xx with nothing
 * allocated, written or started; staff act through Updates; the case's page, the cabinet, the inbox, the
 * overview and the term calculator show complaints; the OpenAPI example is accepted as sent.
 */
import request from 'supertest';
import { exampleOf } from '../../api/openapi';
import { formatAncn } from '../../domain/ancn';
import { ZComplaintFiling } from '../../api/complaints-schemas';
import { SERVICE_MODULES } from '../../services';
import { makeHarness, type Harness } from './helpers/harness';

const APPLICANT = '180340001231';
const CASE_ID = 'flag-emblem-license-KZ08APP00000500';

let h: Harness;
beforeEach(async () => {
  h = makeHarness({ modules: SERVICE_MODULES });
  await h.store.createApplication({
    id: CASE_ID,
    serviceCode: 'flag-emblem-license',
    workflowId: CASE_ID,
    ancn: 'KZ08APP00000500',
    applicantRef: APPLICANT,
    licensorBody: 'ctrm',
    submittedAt: new Date('2025-03-03T10:00:00+05:00'),
    registeredAt: new Date('2025-03-03T10:00:00+05:00'),
    dueAt: new Date('2025-03-12T18:30:00+05:00'),
    calendarVersion: 'kz-calendar/2024-2029@2',
    status: 'refused',
    stage: 'closed',
  });
});

const FILING = {
  applicationId: CASE_ID,
  complainant: { iinOrBin: APPLICANT },
  addressee: 'provider',
  learnedOn: '2025-03-12',
  subject: 'decision',
  demands: 'Cancel the refusal and issue the license.',
};

const file = (body: unknown, token = h.tokens.portal, key = 'c-1') =>
  request(h.app)
    .post('/v1/complaints')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', key)
    .send(body as object);

async function complaintRows(): Promise<number> {
  return (await h.store.queryApplications({ serviceCode: 'complaint', limit: 50 })).items.length;
}

test('the applicant files through the portal: registered the next working day after Nauryz, 5 working days, the workflow started', async () => {
  const res = await file(FILING);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({
    against: { applicationId: CASE_ID, serviceCode: 'flag-emblem-license' },
    regime: '2021',
    addressee: 'provider',
    body: 'ctrm',
    registeredAt: '2025-03-26T09:00:00+05:00', // Thursday 19:10, then 21–25 March off
    dueAt: '2025-04-02T18:30:00+05:00', // 27, 28, 31 March, 1, 2 April
    lateFiling: false,
  });
  const id = res.body.complaintId as string;
  expect(id).toMatch(/^complaint-flag-emblem-license-KZ\d\dAPP\d{8}$/);
  expect(h.cases.starts).toEqual([
    expect.objectContaining({
      workflowType: 'complaintWorkflow',
      workflowId: id,
      input: expect.objectContaining({ regime: '2021', addressee: 'provider', body: 'ctrm', channel: 'portal', reconsideration: true }),
    }),
  ]);
  expect(await h.store.getApplication(id)).toMatchObject({ serviceCode: 'complaint', licensorBody: 'ctrm', applicantRef: APPLICANT });
  expect((await h.store.listAudit(CASE_ID)).map((e) => e.action)).toContain('complaint-filed');

  const onCase = await request(h.app).get(`/v1/applications/${CASE_ID}/complaints`).set('Authorization', `Bearer ${h.tokens.portal}`);
  expect(onCase.body.items).toEqual([expect.objectContaining({ complaintId: id, against: 'flag-emblem-license', body: 'ctrm' })]);
  const cabinet = await request(h.app).get(`/v1/complaints?applicant=${APPLICANT}`).set('Authorization', `Bearer ${h.tokens.portal}`);
  expect(cabinet.body.items).toHaveLength(1);
  h.cases.statusDown = true; // the fake answers only its test modules' status: read from the record
  const one = await request(h.app).get(`/v1/complaints/${id}`).set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ complaintId: id, body: 'ctrm', sla: { basis: 'working-time' } });
  const other = await request(h.app).get(`/v1/complaints/${id}`).set('Authorization', `Bearer ${h.tokens.stateCorp}`);
  expect(other.status).toBe(403);
});

test("a complaint against another applicant's case is 403; nothing is allocated, written or started", async () => {
  const res = await file({ ...FILING, complainant: { iinOrBin: '850512400125' } });
  expect(res.status).toBe(403);
  expect(JSON.stringify(res.body)).toMatch(/complainant\.iinOrBin/);
  expect(h.cases.starts).toEqual([]);
  expect(await complaintRows()).toBe(0);
  expect(await h.store.nextAncnSequence('APP')).toBe(1);
});

test.each<[string, Record<string, unknown>, number, string]>([
  ['an addressee of the 2016 regime', { addressee: 'ministry-head' }, 422, 'addressee'],
  ['an unknown addressee', { addressee: 'president' }, 400, 'addressee'],
  ['a bad date', { learnedOn: '2025-02-30' }, 400, 'learnedOn'],
  ['a day in the future', { learnedOn: '2025-04-01' }, 422, 'learnedOn'],
  ['no demands', { demands: '' }, 400, 'demands'],
  ['forwarding with the provider as addressee', { viaProvider: true }, 422, 'viaProvider'],
  ['an incoming number through the portal', { incomingNumber: 'ВХ-1' }, 422, 'incomingNumber'],
  ['an unknown case', { applicationId: 'flag-emblem-license-KZ78APP00000501' }, 404, 'applicationId'],
])('%s → its status naming the field; nothing started', async (_what, patch, status, field) => {
  const res = await file({ ...FILING, ...patch });
  expect(res.status).toBe(status);
  expect(JSON.stringify(res.body)).toContain(field);
  expect(h.cases.starts).toEqual([]);
  expect(await complaintRows()).toBe(0);
});

test('staff register a paper complaint with its channel and incoming number; another body may not', async () => {
  let res = await file(FILING, h.tokens.ctrm, 'p-1');
  expect(res.status).toBe(422); // INCONSISTENT_REQUEST: staff register a paper complaint
  expect(JSON.stringify(res.body)).toMatch(/incomingNumber/);
  res = await file({ ...FILING, channel: 'post', incomingNumber: 'ВХ-2025/77' }, h.tokens.stateCorp, 'p-2');
  expect(res.status).toBe(403);
  expect(h.cases.starts).toEqual([]);
  res = await file({ ...FILING, channel: 'post', incomingNumber: 'ВХ-2025/77' }, h.tokens.ctrm, 'p-3');
  expect(res.status).toBe(201);
  expect(h.cases.starts[0]?.input).toMatchObject({ channel: 'post', incomingNumber: 'ВХ-2025/77', registeredBy: 'ctrm-employee-7' });
});

test('staff act through the Update with who acts; a bad body is a 400 and sends nothing', async () => {
  const id = (await file(FILING)).body.complaintId as string;
  const act = (action: string, body: unknown) =>
    request(h.app)
      .post(`/v1/complaints/${id}/actions/${action}`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send(body as object);
  let res = await act('complaint-extend', { ground: 'on-site-check', workingDays: 11, reasons: 'Visit again.' });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toMatch(/workingDays/);
  res = await act('complaint-annul', {});
  expect(res.status).toBe(400);
  expect(h.cases.updates).toEqual([]);
  res = await act('complaint-extend', { ground: 'on-site-check', workingDays: 10, reasons: 'Visit again.' });
  expect(res.status).toBe(200);
  expect(h.cases.updates).toEqual([
    expect.objectContaining({
      workflowId: id,
      updateName: 'complaint-extend',
      arg: expect.objectContaining({
        workingDays: 10,
        actor: expect.objectContaining({ subject: 'ctrm-employee-7', licensorBody: 'ctrm' }),
      }),
    }),
  ]);
  const portal = await request(h.app)
    .post(`/v1/complaints/${id}/actions/complaint-decision`)
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .send({});
  expect(portal.status).toBe(403);
});

test("the provider's inbox shows the complaint with its deadline and action; the overview counts it", async () => {
  const id = (await file(FILING)).body.complaintId as string;
  await h.store.updateApplication(id, {
    stage: 'review',
    waitingOn: 'staff',
    pendingActions: [{ action: 'complaint-decision', by: 'staff', dueAt: '2025-04-01T18:30:00+05:00' }],
  });
  const inbox = await request(h.app).get('/v1/inbox').set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(inbox.status).toBe(200);
  const item = (inbox.body.items as Array<{ applicationId: string; actions: unknown[] }>).find((i) => i.applicationId === id);
  expect(item?.actions).toEqual([
    expect.objectContaining({
      action: 'complaint-decision',
      dueAt: '2025-04-01T18:30:00+05:00',
      href: `/v1/complaints/${id}/actions/complaint-decision`,
    }),
  ]);
  const overview = await request(h.app).get('/v1/dashboard/complaints').set('Authorization', `Bearer ${h.tokens.viewer}`);
  expect(overview.body.items).toEqual([
    { service: 'flag-emblem-license', body: 'ctrm', open: 1, atRisk: 0, breached: 0, closedOnTime: 0, closedLate: 0 },
  ]);
});

test("filed with the provider for the reviewing body (APPC art. 91(4)): it starts in the provider's inbox, which forwards it", async () => {
  const res = await file({ ...FILING, addressee: 'reviewing-body', viaProvider: true });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ addressee: 'reviewing-body', body: 'mti' });
  const id = res.body.complaintId as string;
  expect(await h.store.getApplication(id)).toMatchObject({ licensorBody: 'ctrm', dueAt: new Date(res.body.forwardBy as string) });
  expect(h.cases.starts).toEqual([
    expect.objectContaining({
      input: expect.objectContaining({ body: 'mti', providerBody: 'ctrm', viaProvider: true }),
      searchAttributes: expect.arrayContaining([{ key: expect.objectContaining({ name: 'KzLicensorBody' }), value: 'ctrm' }]),
    }),
  ]);
  await h.store.updateApplication(id, {
    stage: 'forwarding',
    waitingOn: 'staff',
    pendingActions: [{ action: 'complaint-forward', by: 'staff', dueAt: res.body.forwardBy as string }],
  });
  const inbox = await request(h.app).get('/v1/inbox').set('Authorization', `Bearer ${h.tokens.ctrm}`);
  const item = (inbox.body.items as Array<{ applicationId: string; actions: Array<{ action: string }> }>).find(
    (i) => i.applicationId === id,
  );
  expect(item?.actions.map((a) => a.action)).toEqual(['complaint-forward']);
});

test('the cabinet and the overview read every complaint, not a first page: 1,100 others filed after this one', async () => {
  const mine = (await file(FILING)).body.complaintId as string;
  for (let i = 0; i < 1100; i++) {
    await h.store.createApplication({
      id: `complaint-flag-emblem-license-other-${i}`,
      serviceCode: 'complaint',
      workflowId: `complaint-flag-emblem-license-other-${i}`,
      ancn: formatAncn('APP', 90_000_000 + i),
      applicantRef: '900101300999',
      licensorBody: 'ctrm',
      submittedAt: new Date('2026-01-05T10:00:00+05:00'),
      registeredAt: new Date(Date.UTC(2026, 0, 6, 4, 0, 0) + i * 60_000),
      dueAt: new Date('2026-01-13T18:30:00+05:00'),
      calendarVersion: 'kz-calendar/2024-2029@2',
    });
  }
  const cabinet = await request(h.app).get(`/v1/complaints?applicant=${APPLICANT}`).set('Authorization', `Bearer ${h.tokens.portal}`);
  expect((cabinet.body.items as Array<{ complaintId: string }>).map((c) => c.complaintId)).toEqual([mine]);
  const overview = await request(h.app).get('/v1/dashboard/complaints').set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(overview.body.items).toEqual([expect.objectContaining({ service: 'flag-emblem-license', body: 'ctrm', open: 1101 })]);
});

test('the web forms include the complaint actions with their bounds (seed 003 ¶16: an extension of at most 10 working days)', async () => {
  const forms = await request(h.app).get('/v1/dashboard/forms').set('Authorization', `Bearer ${h.tokens.ctrm}`);
  expect(forms.status).toBe(200);
  const complaint = forms.body.complaint as Record<string, { schema: { properties: Record<string, { maximum?: number }> } }>;
  expect(Object.keys(complaint).sort()).toEqual([
    'complaint-decision',
    'complaint-extend',
    'complaint-extension-notice',
    'complaint-favourable-act',
    'complaint-forward',
  ]);
  expect(complaint['complaint-extend']?.schema.properties['workingDays']?.maximum).toBe(10);
});

test('GET /v1/calendar/term answers for complaints: each addressee across Nauryz 2026', async () => {
  const term = async (body: string, regime = '2021') =>
    (await request(h.app).get(`/v1/calendar/term?service=complaint&body=${body}&regime=${regime}&registeredAt=2026-03-19T10:00:00%2B05:00`))
      .body as {
      dueAt: string;
    };
  expect((await term('provider')).dueAt).toBe('2026-03-31T18:30:00+05:00');
  expect((await term('quality-authority')).dueAt).toBe('2026-04-14T18:30:00+05:00');
  expect((await term('reviewing-body')).dueAt).toBe('2026-04-21T18:30:00+05:00');
  expect((await term('ministry-head', '2016')).dueAt).toBe('2026-03-31T18:30:00+05:00');
  // Both fields well-formed, but the 2021 regime has no head of the Ministry: 422, naming the body.
  const bad = await request(h.app).get('/v1/calendar/term?service=complaint&body=ministry-head');
  expect(bad.status).toBe(422);
  expect(bad.body).toMatchObject({ code: 'INCONSISTENT_REQUEST', errors: [{ field: 'query.body' }] });
});

test('the OpenAPI example of a filing is accepted as sent, and the catalogue shows each service’s complaints', async () => {
  const res = await file(exampleOf(ZComplaintFiling));
  expect(res.status).toBe(201);
  const doc = (await request(h.app).get('/openapi.json')).body as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/complaints', '/v1/complaints/{id}/actions/complaint-decision']));
  const services = (await request(h.app).get('/v1/services')).body as { items: Array<{ code: string; complaints: unknown }> };
  expect(services.items.find((s) => s.code === 'flag-emblem-license')?.complaints).toEqual({
    regime: '2021',
    bodies: { provider: 'ctrm', 'quality-authority': 'quality-authority', 'reviewing-body': 'mti' },
    reconsideration: true,
    regulation: 'seed 003 ¶16–17',
  });
});
