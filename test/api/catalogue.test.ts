import request from 'supertest';
import { makeHarness, type Harness } from './helpers/harness';

let h: Harness;
beforeEach(() => {
  h = makeHarness();
});

describe('GET /v1/services', () => {
  test("lists each registered module's descriptor with the provider's names in three languages", async () => {
    const res = await request(h.app).get('/v1/services');
    expect(res.status).toBe(200);
    expect((res.body.items as Array<{ code: string }>).map((s) => s.code)).toEqual(['flag-emblem-license', 'sme-registration']);
    expect(res.body.items[0]).toMatchObject({
      code: 'flag-emblem-license',
      name: { en: 'License to manufacture the State Flag and Emblem' },
      provider: {
        code: 'ctrm',
        name: {
          en: 'Committee for Technical Regulation and Metrology, Ministry of Trade and Integration',
          kk: expect.stringContaining('Техникалық реттеу'),
        },
      },
      term: { kind: 'working-days', days: 7, regulation: 'seed 003 ¶12' },
      fee: { kind: 'mrp', mrp: 10 },
      channels: ['portal'],
      links: { apply: '/v1/services/flag-emblem-license/applications', term: '/v1/calendar/term?service=flag-emblem-license' },
    });
    expect((res.body.items[0].actions as Array<{ name: string }>).map((a) => a.name)).toEqual([
      'record-completeness-check',
      'object-to-preliminary-decision',
    ]);
  });
});

describe('GET /v1/calendar/term', () => {
  test('plans from the submission moment: after hours before Nauryz → registered on 26 March, due 7 working days later', async () => {
    const res = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'flag-emblem-license', submittedAt: '2025-03-20T19:10:00+05:00' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: 'flag-emblem-license',
      submittedAt: '2025-03-20T19:10:00+05:00',
      registeredAt: '2025-03-26T09:00:00+05:00',
      milestones: [
        { name: 'completenessCheck', dueAt: '2025-03-27T18:30:00+05:00', regulation: 'seed 003 ¶10' },
        { name: 'result', dueAt: '2025-04-04T18:30:00+05:00', regulation: 'seed 003 ¶12' },
      ],
      dueAt: '2025-04-04T18:30:00+05:00',
      calendarVersion: expect.stringMatching(/^kz-calendar\//),
    });
  });

  test('accepts UTC and an unencoded "+" (decoded as a space); defaults to now', async () => {
    const utc = await request(h.app).get('/v1/calendar/term?service=flag-emblem-license&submittedAt=2025-03-20T14:10:00Z');
    expect(utc.body.registeredAt).toBe('2025-03-26T09:00:00+05:00');
    const plus = await request(h.app).get('/v1/calendar/term?service=flag-emblem-license&submittedAt=2025-03-20T19:10:00+05:00');
    expect(plus.status).toBe(200);
    expect(plus.body.submittedAt).toBe('2025-03-20T19:10:00+05:00');
    const now = await request(h.app).get('/v1/calendar/term?service=flag-emblem-license');
    expect(now.body.submittedAt).toBe('2025-03-20T19:10:00+05:00'); // the harness clock
  });

  test.each([
    ['not a date', 'next tuesday'],
    ['an impossible date', '2025-02-30T10:00:00+05:00'],
    ['no offset (ambiguous)', '2025-03-20T10:00:00'],
    ['a date only', '2025-03-20'],
  ])('%s → 400 naming query.submittedAt (the schema: ISO 8601 with offset)', async (_what, submittedAt) => {
    const res = await request(h.app).get('/v1/calendar/term').query({ service: 'flag-emblem-license', submittedAt });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'query.submittedAt' }] });
  });

  test('a moment outside the calendar data → 422 INVALID_DATE (well-formed, nothing to count with)', async () => {
    const res = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'flag-emblem-license', submittedAt: '2031-01-10T10:00:00+05:00' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INVALID_DATE');
  });

  test('an unknown or missing service → 400 naming query.service', async () => {
    const unknown = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'fishing-license', submittedAt: '2025-03-20T10:00:00+05:00' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'query.service', message: 'unknown service code' }],
    });
    const missing = await request(h.app).get('/v1/calendar/term');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('query.service');
  });
});
