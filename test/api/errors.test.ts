import request from 'supertest';
import { ERROR_STATUS } from '../../api/errors';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../domain/errors';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness({ bodyLimit: '2kb' });
});

const submitUrl = '/v1/services/flag-emblem-license/applications';
const nothingWritten = () => {
  expect(h.cases.starts).toHaveLength(0);
  expect(h.store.rows()).toEqual({ applications: 0, audit: 0, documents: 0, sequences: 0, idempotency: 0 });
};

function expectProblem(res: request.Response, status: number, code: ErrorCode): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:kz-services:problem:${code.toLowerCase().replace(/_/g, '-')}`, status, code });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  expect(Array.isArray(res.body.errors)).toBe(true);
}

describe('one code → status table', () => {
  const expected: Record<ErrorCode, number> = {
    VALIDATION_FAILED: 400,
    MALFORMED_JSON: 400,
    PAYLOAD_TOO_LARGE: 413,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    UNKNOWN_SERVICE: 404,
    UNKNOWN_APPLICATION: 404,
    UNKNOWN_ACTION: 404,
    ACTION_NOT_ALLOWED_NOW: 409,
    IDEMPOTENCY_KEY_REUSED: 409,
    INVALID_ANCN: 400,
    INVALID_DATE: 422,
    INCONSISTENT_REQUEST: 422,
    RULE_VIOLATED: 422,
    PRE_ACCEPTANCE_CHECK_FAILED: 422,
    CONFLICT: 409,
    UPSTREAM_UNAVAILABLE: 503,
    REFERENCE_DATA_MISSING: 503,
    REFERENCE_DATA_INVALID: 422,
    INTERNAL: 500,
  };

  // The action route turns a missing workflow into ACTION_NOT_ALLOWED_NOW (the case is closed), so
  // UNKNOWN_APPLICATION is exercised on its own below.
  const viaAction = ERROR_CODES.filter((c) => c !== 'UNKNOWN_APPLICATION');

  test('UNKNOWN_APPLICATION → 404', async () => {
    const res = await request(h.app).get('/v1/applications/nope').set('Authorization', `Bearer ${h.tokens.admin}`);
    expectProblem(res, expected.UNKNOWN_APPLICATION, 'UNKNOWN_APPLICATION');
    expect(ERROR_STATUS.UNKNOWN_APPLICATION.status).toBe(404);
  });

  test.each(viaAction.map((c) => [c]))('%s thrown behind a route becomes its status as problem details', async (code) => {
    const submitted = await request(h.app)
      .post(submitUrl)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'k')
      .send(LICENSE_BODY);
    h.cases.refuseNextUpdate = new DomainError(code, `refused with ${code}`, [{ field: 'complete', message: 'why' }]);
    const res = await request(h.app)
      .post(`${submitted.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expectProblem(res, expected[code], code);
    expect(ERROR_STATUS[code].status).toBe(expected[code]);
    if (code === 'INTERNAL') {
      expect(res.body.detail).not.toContain('refused'); // a bug's message stays in the log
    } else {
      expect(res.body).toMatchObject({ detail: `refused with ${code}`, errors: [{ field: 'complete', message: 'why' }] });
    }
    if (code === 'UNAUTHENTICATED') expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  test('an unexpected exception is 500 INTERNAL without its message', async () => {
    const submitted = await request(h.app)
      .post(submitUrl)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'k')
      .send(LICENSE_BODY);
    h.cases.refuseNextUpdate = new TypeError("Cannot read properties of undefined (reading 'secretThing')");
    const res = await request(h.app)
      .post(`${submitted.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expectProblem(res, 500, 'INTERNAL');
    expect(res.body.detail).not.toContain('secretThing');
    expect(res.body.detail).toContain(res.headers['x-request-id']);
  });

  test("an outside system down under a route (a port's …UnavailableError) is 503 UPSTREAM_UNAVAILABLE: the caller retries", async () => {
    const submitted = await request(h.app)
      .post(submitUrl)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'k')
      .send(LICENSE_BODY);
    h.cases.refuseNextUpdate = Object.assign(new Error('personal cabinet answered 503: simulated outage'), {
      name: 'CabinetUnavailableError',
    });
    const res = await request(h.app)
      .post(`${submitted.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');
  });

  test('a database that stays busy under a read no store wrapped is 503 UPSTREAM_UNAVAILABLE, not a 500', async () => {
    const submitted = await request(h.app)
      .post(submitUrl)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'k-busy')
      .send(LICENSE_BODY);
    // What Prisma's SQLite adapter throws when the busy timeout runs out (SQLITE_BUSY, extended code 5).
    h.cases.refuseNextUpdate = Object.assign(
      new Error('Invalid `prisma.referenceDataVersion.findFirst()` invocation: database is locked'),
      {
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'sqlite', extendedCode: 5, message: 'database is locked' } } },
      },
    );
    const res = await request(h.app)
      .post(`${submitted.body.statusUrl}/actions/record-completeness-check`)
      .set('Authorization', `Bearer ${h.tokens.ctrm}`)
      .send({ complete: true });
    expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');
    expect(res.body.detail).toContain('database unavailable');
  });
});

describe('bad requests are 4xx and change nothing', () => {
  const post = () => request(h.app).post(submitUrl).set('Authorization', `Bearer ${h.tokens.portal}`).set('Idempotency-Key', 'k-bad');

  test('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"applicantBin": "180540012345",');
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(res.body.errors).toEqual([{ field: 'body', message: 'not valid JSON' }]);
    nothingWritten();
  });

  test('wrong types → 400 VALIDATION_FAILED naming every offending field', async () => {
    const res = await post().send({ applicantBin: 180540012345, activity: 'Manufacture', equipment: [{ name: 'Printer', serial: 7 }] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['applicantBin', 'equipment.0.serial']);
    nothingWritten();
  });

  test('no body or a non-JSON content type → 400', async () => {
    const res = await post().set('Content-Type', 'text/plain').send('applicantBin=180540012345');
    expectProblem(res, 400, 'VALIDATION_FAILED');
    nothingWritten();
  });

  test('a body over the limit (API_BODY_LIMIT) → 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post().send({ ...LICENSE_BODY, activity: 'x'.repeat(3000) });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.detail).toContain('2048');
    nothingWritten();
  });

  test('an unknown service code → 404 UNKNOWN_SERVICE naming the path field', async () => {
    const res = await request(h.app)
      .post('/v1/services/fishing-license/applications')
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'k')
      .send(LICENSE_BODY);
    expectProblem(res, 404, 'UNKNOWN_SERVICE');
    expect(res.body.errors).toEqual([{ field: 'path.serviceCode', message: 'unknown service code' }]);
    nothingWritten();
  });

  test('a missing or malformed Idempotency-Key on submission → 400 naming the header', async () => {
    const missing = await request(h.app).post(submitUrl).set('Authorization', `Bearer ${h.tokens.portal}`).send(LICENSE_BODY);
    expectProblem(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.errors).toEqual([{ field: 'header.Idempotency-Key', message: 'required' }]);
    const spaced = await request(h.app)
      .post(submitUrl)
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'has space')
      .send(LICENSE_BODY);
    expectProblem(spaced, 400, 'VALIDATION_FAILED');
    nothingWritten();
  });

  test('an unknown route → 404 NOT_FOUND, a known path with another method → 405, in the same shape', async () => {
    const res = await request(h.app).get('/v1/nowhere').set('Authorization', `Bearer ${h.tokens.admin}`);
    expectProblem(res, 404, 'NOT_FOUND');
    // A path that exists but not for this method is 405 with Allow (RFC 9110 §15.5.6), nothing written.
    const post405 = await request(h.app).post('/v1/applications').set('Authorization', `Bearer ${h.tokens.admin}`).send({});
    expectProblem(post405, 405, 'METHOD_NOT_ALLOWED');
    expect(post405.headers['allow']).toBe('GET, HEAD');
    nothingWritten();
  });

  test('Temporal down at submission → 503 and no workflow', async () => {
    h.cases.down = true;
    const res = await post().send(LICENSE_BODY);
    expectProblem(res, 503, 'UPSTREAM_UNAVAILABLE');
    expect(h.cases.starts).toHaveLength(0);
  });
});
