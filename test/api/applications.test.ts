import request from 'supertest';
import { DomainError } from '../../domain/errors';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});

async function submit(body: object = LICENSE_BODY, key = `k-${Math.random()}`, service = 'flag-emblem-license') {
  return request(h.app)
    .post(`/v1/services/${service}/applications`)
    .set('Authorization', `Bearer ${h.tokens.portal}`)
    .set('Idempotency-Key', key)
    .send(body);
}

describe('POST /v1/services/{serviceCode}/applications', () => {
  test('answers 201 with the application id, its ANCN and the dates in Kazakhstan time, and starts one workflow', async () => {
    const res = await submit();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      applicationId: 'flag-emblem-license-KZ95APP00000001',
      ancn: 'KZ95APP00000001',
      serviceCode: 'flag-emblem-license',
      submittedAt: '2025-03-20T19:10:00+05:00',
      // seed 003 ¶9: after hours on Thursday before Nauryz (21–25 March 2025 off) → next working day
      registeredAt: '2025-03-26T09:00:00+05:00',
      dueAt: '2025-04-04T18:30:00+05:00',
      statusUrl: '/v1/applications/flag-emblem-license-KZ95APP00000001',
    });
    expect(res.headers.location).toBe(res.body.statusUrl);
    expect(h.cases.starts).toHaveLength(1);
    const start = h.cases.starts[0]!;
    expect(start.workflowType).toBe('testLicenseWorkflow');
    expect(start.workflowId).toBe(res.body.applicationId);
    expect(start.input).toMatchObject({
      applicationId: res.body.applicationId,
      ancn: 'KZ95APP00000001',
      submittedBy: 'portal-egov',
      application: LICENSE_BODY,
    });
    // No personal data in search attributes (they are stored unencrypted).
    expect(JSON.stringify(start.searchAttributes)).not.toContain(LICENSE_BODY.applicantBin);
    const rec = await h.store.getApplication(res.body.applicationId);
    expect(rec).toMatchObject({
      applicantRef: '180540012345',
      licensorBody: 'ctrm',
      workflowId: res.body.applicationId,
      stage: 'submitted',
    });
  });

  test('consecutive applications get consecutive ANCNs', async () => {
    const a = await submit();
    const b = await submit();
    expect([a.body.ancn, b.body.ancn]).toEqual(['KZ95APP00000001', 'KZ68APP00000002']);
    expect(h.cases.workflowIds()).toHaveLength(2);
  });

  test('a failed workflow start answers 503 and the same key later completes the same application', async () => {
    h.cases.down = true;
    const first = await submit(LICENSE_BODY, 'retry-me');
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.cases.starts).toHaveLength(0);

    h.cases.down = false;
    const second = await submit(LICENSE_BODY, 'retry-me');
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(h.cases.workflowIds()).toEqual([second.body.applicationId]);
    expect(h.store.rows().applications).toBe(1);
  });

  test('a replay long after the submission answers from the store without touching Temporal', async () => {
    h.cases.down = true;
    await submit(LICENSE_BODY, 'old-key'); // claimed, but the start failed
    h.cases.down = false;
    h.clock.now = new Date(h.clock.now.getTime() + 25 * 3_600_000);
    const late = await submit(LICENSE_BODY, 'old-key');
    expect(late.status).toBe(201);
    expect(h.cases.starts).toHaveLength(0);
  });
});

describe('GET /v1/applications/{id}', () => {
  test('shows the live stage, pending actions, timeline and SLA remaining in working time', async () => {
    const { body: created } = await submit();
    // Monday 2025-03-31 10:00: left until Friday 18:30 = the rest of Monday (7h) + 4 days × 8h
    h.clock.now = new Date('2025-03-31T10:00:00+05:00');
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.ctrm}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applicationId: created.applicationId,
      ancn: created.ancn,
      applicantRef: '180540012345',
      stage: 'completeness-check',
      outcome: 'open',
      live: true,
      pendingActions: [{ action: 'record-completeness-check', by: 'staff' }],
      sla: { dueAt: '2025-04-04T18:30:00+05:00', remainingWorkingHours: 39, overdue: false },
    });
    expect(res.body.timeline[0]).toMatchObject({ stage: 'completeness-check', regulation: 'seed 003 ¶10' });
    expect(res.body.links.actions).toContain(`${created.statusUrl}/actions/record-completeness-check`);
  });

  test('after the due date the SLA is negative working time and overdue', async () => {
    const { body: created } = await submit();
    h.clock.now = new Date('2025-04-07T10:00:00+05:00'); // Monday after the Friday due date: 1 working hour late
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(res.body.sla).toMatchObject({ remainingWorkingMs: -3_600_000, overdue: true });
  });

  test('the viewer role does not see the applicant reference (IIN/BIN)', async () => {
    const { body: created } = await submit();
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.viewer}`);
    expect(res.status).toBe(200);
    expect(res.body.applicantRef).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('180540012345');
  });

  test('when the workflow cannot answer, the read model answers with live: false', async () => {
    const { body: created } = await submit();
    h.cases.statusDown = true;
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ live: false, stage: 'submitted', liveError: 'no worker answered the status query' });
  });

  test('an unknown id is 404 UNKNOWN_APPLICATION', async () => {
    const res = await request(h.app)
      .get('/v1/applications/flag-emblem-license-KZ99APP00009999')
      .set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_APPLICATION', errors: [{ field: 'path.id' }] });
  });
});

describe('GET /v1/applications/{id} as a long poll (?changedFrom=<ETag>&wait=<s>)', () => {
  const get = (url: string) => request(h.app).get(url).set('Authorization', `Bearer ${h.tokens.ctrm}`);

  test('answers as soon as the case moves on from the view the client holds, with the new ETag', async () => {
    const { body: created } = await submit();
    const first = await get(created.statusUrl);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await get(created.statusUrl)).headers.etag).toBe(etag); // the same case, the same ETag

    const t0 = Date.now();
    const waiting = get(`${created.statusUrl}?changedFrom=${encodeURIComponent(etag)}&wait=20`);
    setTimeout(() => {
      // The case moves on: the workflow's state (an update) and its read-model row (recordProgress).
      void h.cases
        .update(created.applicationId, 'record-completeness-check', {})
        .then(() => h.store.updateApplication(created.applicationId, { stage: 'site-inspection' }));
    }, 200);
    const moved = await waiting;
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).not.toBe(etag);
    expect(moved.body.details).toEqual({ updates: 1 });
    expect(Date.now() - t0).toBeLessThan(5_000); // well before the 20 s
  });

  test('with no change it answers the view as it is after `wait` seconds; wait is 0–30', async () => {
    const { body: created } = await submit();
    const etag = (await get(created.statusUrl)).headers.etag as string;
    const t0 = Date.now();
    const same = await get(`${created.statusUrl}?changedFrom=${encodeURIComponent(etag)}&wait=1`);
    expect(same.status).toBe(200);
    expect(same.headers.etag).toBe(etag);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    // Another ETag than the current one: answered at once.
    const other = await get(`${created.statusUrl}?changedFrom=${encodeURIComponent('"stale"')}&wait=20`);
    expect(other.headers.etag).toBe(etag);
    const bad = await get(`${created.statusUrl}?changedFrom=x&wait=31`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'query.wait' })]));
  });
});

describe('POST /v1/applications/{id}/actions/{action}', () => {
  test('runs the module action as an update with who acted', async () => {
    const { body: created } = await submit();
    const res = await request(h.app)
      .post(`${created.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: false, note: 'Calibration certificate expired' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      applicationId: created.applicationId,
      action: 'record-completeness-check',
      result: { accepted: true, updateNumber: 1 },
    });
    expect(h.cases.updates).toEqual([
      {
        workflowId: created.applicationId,
        updateName: 'record-completeness-check',
        arg: { complete: false, note: 'Calibration certificate expired', actor: 'ctrm-employee-7' },
      },
    ]);
  });

  test('a refusal by the workflow is 409 with its message and nothing stored', async () => {
    const { body: created } = await submit();
    h.cases.refuseNextUpdate = new DomainError('ACTION_NOT_ALLOWED_NOW', 'the completeness check was already recorded');
    const res = await request(h.app)
      .post(`${created.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .set('Idempotency-Key', 'check-1')
      .send({ complete: true });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'ACTION_NOT_ALLOWED_NOW', detail: 'the completeness check was already recorded' });
    expect(h.store.rows().idempotency).toBe(1); // only the submission's key
  });

  test('an action the service does not have is 404 UNKNOWN_ACTION; a wrong body is 400 naming the field', async () => {
    const { body: created } = await submit();
    const unknown = await request(h.app)
      .post(`${created.statusUrl}/actions/approve-everything`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_ACTION', errors: [{ field: 'path.action' }] });
    const bad = await request(h.app)
      .post(`${created.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'complete' }] });
    expect(h.cases.updates).toHaveLength(0);
  });

  test('an action on a case whose workflow is gone is 409, not 404', async () => {
    const { body: created } = await submit();
    h.cases.starts.length = 0; // the workflow closed and was archived
    const res = await request(h.app)
      .post(`${created.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ACTION_NOT_ALLOWED_NOW');
  });
});

describe('documents', () => {
  test('lists the documents and serves the signed XML as application/xml', async () => {
    const { body: created } = await submit();
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><License ancn="KZ56PRM00000001"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/></License>';
    await h.store.saveDocument({
      ancn: 'KZ56PRM00000001',
      applicationId: created.applicationId,
      kind: 'license',
      xml,
      issuedAt: new Date('2025-04-02T11:00:00+05:00'),
    });
    const list = await request(h.app).get(`${created.statusUrl}/documents`).set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(list.body).toEqual({
      items: [
        {
          ancn: 'KZ56PRM00000001',
          kind: 'license',
          issuedAt: '2025-04-02T11:00:00+05:00',
          href: `${created.statusUrl}/documents/KZ56PRM00000001`,
        },
      ],
    });
    // Printed form with spaces is accepted (seed 004 appendix).
    const doc = await request(h.app)
      .get(`${created.statusUrl}/documents/KZ56 PRM 0000 0001`)
      .set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(doc.text).toBe(xml);
  });

  test('a malformed ANCN is 400 INVALID_ANCN; wrong check digits and a document of another application are 404', async () => {
    const { body: a } = await submit();
    const { body: b } = await submit();
    await h.store.saveDocument({
      ancn: 'KZ56PRM00000001',
      applicationId: b.applicationId,
      kind: 'license',
      xml: '<x/>',
      issuedAt: new Date(),
    });
    // Of the ANCN's shape but with check digits that do not match: it names no document (404), as the register answers.
    const mistyped = await request(h.app).get(`${a.statusUrl}/documents/KZ57PRM00000001`).set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(mistyped.status).toBe(404);
    expect(mistyped.body.detail).toContain('check digits');
    const malformed = await request(h.app).get(`${a.statusUrl}/documents/KZ57PRM0001`).set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('INVALID_ANCN');
    const other = await request(h.app).get(`${a.statusUrl}/documents/KZ56PRM00000001`).set('Authorization', `Bearer ${h.tokens.portal}`);
    expect(other.status).toBe(404);
  });
});

describe('GET /v1/applications (dashboard list)', () => {
  test('filters by service and limits staff to their own licensor body', async () => {
    await submit();
    await submit({ founderIin: '900101300123', companyName: 'Dala Tech' }, 'k-sme', 'sme-registration');
    const all = await request(h.app).get('/v1/applications').set('Authorization', `Bearer ${h.tokens.viewer}`);
    expect((all.body.items as Array<{ serviceCode: string }>).map((i) => i.serviceCode).sort()).toEqual([
      'flag-emblem-license',
      'sme-registration',
    ]);
    const filtered = await request(h.app)
      .get('/v1/applications?service=sme-registration&sla=on-track')
      .set('Authorization', `Bearer ${h.tokens.viewer}`);
    expect(filtered.body.items).toHaveLength(1);
    const staff = await request(h.app).get('/v1/applications').set('Authorization', `Bearer ${h.tokens.ctrm}`);
    expect((staff.body.items as Array<{ licensorBody: string }>).map((i) => i.licensorBody)).toEqual(['ctrm']);
  });

  test('pages with limit and cursor', async () => {
    for (let i = 0; i < 3; i++) await submit();
    const p1 = await request(h.app).get('/v1/applications?limit=2').set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(p1.body.items).toHaveLength(2);
    const p2 = await request(h.app)
      .get(`/v1/applications?limit=2&cursor=${encodeURIComponent(p1.body.nextCursor)}`)
      .set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(p2.body).toMatchObject({ nextCursor: null });
    expect(p2.body.items).toHaveLength(1);
  });

  test('a bad filter is 400 naming the query field', async () => {
    const res = await request(h.app).get('/v1/applications?sla=late&limit=0').set('Authorization', `Bearer ${h.tokens.viewer}`);
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['query.limit', 'query.sla']);
  });
});
