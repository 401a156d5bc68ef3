/**
 * The reference-data API (reference-data/routes.ts): an administrator publishes a decree or a year's MRP,
 * each refusal names the field and the reason and changes nothing, the read endpoints show every version,
 * and the term calculator, the catalogue and new applications use the current calendar and say which.
 */
import request from 'supertest';
import { EMBEDDED_CALENDAR, kzMoment } from '../../domain/calendar';
import { Y2027 } from '../../domain/calendar/data/y2027';
import { SERVICE_MODULES } from '../../services';
import { exampleOf } from '../../api/openapi';
import { flagEmblemLicenseModule } from '../../services/flag-emblem/license-api';
import { makeHarness, type Harness } from './helpers/harness';

const ACT = { title: 'Order of the Minister of Labour on the transfer of days off in 2027', number: '312', date: '2026-11-20' };
const BUDGET = { title: 'Law "On the republican budget for 2027–2029"', date: '2026-12-04' };
const DECREES = '/v1/admin/reference-data/calendar/decrees';
const MRP = '/v1/admin/reference-data/mrp';
const TRANSFER = { kind: 'transfer', workingDay: '2027-01-16', dayOff: '2027-01-08' };

let h: Harness;
let key = 0;
beforeEach(() => {
  h = makeHarness({ modules: SERVICE_MODULES, bodyLimit: '256kb' });
});

const post = (path: string, body: unknown, token = h.tokens.admin, idem: string | null = `k-${++key}`) => {
  const r = request(h.app).post(path).set('Authorization', `Bearer ${token}`);
  return (idem === null ? r : r.set('Idempotency-Key', idem)).send(body as object);
};
const calendarVersions = async (): Promise<string[]> =>
  ((await request(h.app).get('/v1/reference-data/calendar/versions')).body.items as Array<{ version: string }>).map((v) => v.version);
const broadcasts = () => h.cases.starts.filter((s) => s.workflowType === 'referenceDataBroadcastWorkflow');

describe('read endpoints with no setup: version 1 of each kind is the build’s data', () => {
  test('GET /v1/reference-data, the calendar versions and the MRP', async () => {
    const all = await request(h.app).get('/v1/reference-data');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      calendar: { number: 1, version: EMBEDDED_CALENDAR.version, act: null, current: true, years: [2024, 2025, 2026, 2027, 2028, 2029] },
      mrp: {
        number: 1,
        version: 'kz-mrp@1',
        years: [
          { year: 2024, tenge: 3692 },
          { year: 2025, tenge: 3932 },
          { year: 2026, tenge: 4325 },
        ],
      },
      fees: {
        version: 'kz-fees@1',
        services: expect.arrayContaining([{ service: 'flag-emblem-license', mrp: 10, regulation: expect.any(String) }]),
      },
      workingHours: { version: 'kz-working-hours@1' },
    });
    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version]);
    const one = await request(h.app).get(all.body.calendar.links.data as string);
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(JSON.parse(JSON.stringify(EMBEDDED_CALENDAR)));
    const missing = await request(h.app).get('/v1/reference-data/calendar/versions/kz-calendar@7');
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([{ field: 'path.version', message: 'unknown version' }]);
    expect((await request(h.app).get('/v1/reference-data/mrp')).body).toMatchObject({ version: 'kz-mrp@1', current: true });
  });
});

describe('POST /v1/admin/reference-data/calendar/decrees', () => {
  test('publishes the next version, starts its broadcast, and the term calculator, the catalogue and new cases use it', async () => {
    const before = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'flag-emblem-license', submittedAt: '2027-01-05T10:00:00+05:00' });
    expect(before.body).toMatchObject({ dueAt: '2027-01-15T18:30:00+05:00', calendarVersion: EMBEDDED_CALENDAR.version });

    const res = await post(DECREES, { act: ACT, publishedBy: 'Aigerim N.', changes: [TRANSFER] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      kind: 'calendar',
      number: 2,
      version: 'kz-calendar@2',
      act: ACT,
      summary: 'Friday 2027-01-08 declared a day off, Saturday 2027-01-16 a working day',
      publishedAt: '2025-03-20T19:10:00+05:00',
      publishedBy: 'Aigerim N.',
      current: true,
      broadcast: { workflowId: 'reference-data-broadcast-kz-calendar@2' },
    });
    expect(broadcasts()).toEqual([
      expect.objectContaining({
        workflowId: 'reference-data-broadcast-kz-calendar@2',
        input: {
          payload: expect.objectContaining({
            kind: 'calendar',
            version: 'kz-calendar@2',
            act: ACT,
            summary: res.body.summary,
            publishedBy: 'Aigerim N.',
            calendar: expect.objectContaining({ version: 'kz-calendar@2' }),
          }),
        },
      }),
    ]);

    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version, 'kz-calendar@2']);
    const v2 = await request(h.app).get('/v1/reference-data/calendar/versions/kz-calendar@2');
    const y2027 = (v2.body.data.years as Array<{ year: number; transfers: unknown[] }>).find((y) => y.year === 2027);
    expect(y2027?.transfers).toEqual([
      {
        workingDay: '2027-01-16',
        dayOff: '2027-01-08',
        act: 'Order of the Minister of Labour on the transfer of days off in 2027 No. 312 of 2026-11-20',
      },
    ]);

    // The 7 working days now end on the working Saturday.
    const after = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'flag-emblem-license', submittedAt: '2027-01-05T10:00:00+05:00' });
    expect(after.body).toMatchObject({ dueAt: '2027-01-16T18:30:00+05:00', calendarVersion: 'kz-calendar@2' });
    expect((await request(h.app).get('/v1/services')).body.referenceData).toEqual({
      calendar: 'kz-calendar@2',
      mrp: 'kz-mrp@1',
      fees: 'kz-fees@1',
      workingHours: 'kz-working-hours@1',
    });

    const submitted = await post(
      '/v1/services/flag-emblem-license/applications',
      exampleOf(flagEmblemLicenseModule.input),
      h.tokens.portal,
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.calendarVersion).toBe('kz-calendar@2');
    const start = h.cases.starts.find((s) => s.workflowId === submitted.body.applicationId);
    expect(start?.input).toMatchObject({ calendar: { version: 'kz-calendar@2' } });
    expect((await h.store.getApplication(submitted.body.applicationId as string))?.calendarVersion).toBe('kz-calendar@2');
  });

  test('the SLA figures count with the current calendar: a decree’s day off is no longer working time left', async () => {
    h.clock.now = kzMoment('2027-01-05', '10:00');
    const submitted = await post(
      '/v1/services/flag-emblem-license/applications',
      exampleOf(flagEmblemLicenseModule.input),
      h.tokens.portal,
    );
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId as string;
    h.cases.statusDown = true; // no workflow runs here: both answer from the read model
    const remaining = async (): Promise<{ view: number; timeline: number }> => {
      const view = await request(h.app).get(`/v1/applications/${id}`).set('Authorization', `Bearer ${h.tokens.ctrm}`);
      const timeline = await request(h.app).get(`/v1/applications/${id}/timeline`).set('Authorization', `Bearer ${h.tokens.ctrm}`);
      return { view: view.body.sla.remainingWorkingMs as number, timeline: timeline.body.overall.remainingWorkingMs as number };
    };
    // Due Friday 15 January 18:30 (6, 8, 11–15; 7 January is a holiday): 7 h today + 7 working days of 8 h.
    expect(submitted.body.dueAt).toBe('2027-01-15T18:30:00+05:00');
    expect(await remaining()).toEqual({ view: 63 * 3_600_000, timeline: 63 * 3_600_000 });
    // Friday 8 January off, Saturday 16 January worked: one working day less before the due date.
    expect((await post(DECREES, { act: ACT, changes: [TRANSFER] })).status).toBe(201);
    expect(await remaining()).toEqual({ view: 55 * 3_600_000, timeline: 55 * 3_600_000 });
  });

  const refused: Array<[string, unknown[], string, RegExp]> = [
    [
      'a date twice',
      [TRANSFER, { kind: 'transfer', workingDay: '2027-01-23', dayOff: '2027-01-08' }],
      'changes.1.dayOff',
      /2027-01-08 appears twice.*changes\.0\.dayOff/,
    ],
    [
      'a transfer onto a holiday',
      [{ kind: 'transfer', workingDay: '2027-03-06', dayOff: '2027-03-08' }],
      'changes.0.dayOff',
      /Monday 2027-03-08 is already a day off \(.+\)/,
    ],
    [
      'a transfer onto a moved day off',
      [{ kind: 'transfer', workingDay: '2027-01-09', dayOff: '2027-01-04' }],
      'changes.0.dayOff',
      /already a day off \(day off for/,
    ],
    [
      'a weekday made a "working day"',
      [{ kind: 'transfer', workingDay: '2027-01-13', dayOff: '2027-01-08' }],
      'changes.0.workingDay',
      /Wednesday 2027-01-13 is not a weekend day/,
    ],
    [
      'a holiday on a weekend made a working day',
      [{ kind: 'transfer', workingDay: '2027-05-16', dayOff: '2027-05-14' }],
      'changes.0.workingDay',
      /Sunday 2027-05-16 is not an ordinary weekend day/,
    ],
    [
      'a weekend "day off"',
      [{ kind: 'transfer', workingDay: '2027-01-16', dayOff: '2027-01-17' }],
      'changes.0.dayOff',
      /Sunday 2027-01-17 is a weekend day/,
    ],
    [
      'a year outside the data',
      [{ kind: 'transfer', workingDay: '2031-01-18', dayOff: '2031-01-17' }],
      'changes.0.workingDay',
      /outside the calendar's data \(2024–2029\)/,
    ],
    [
      'a whole year not next to the data',
      [{ kind: 'year', data: { ...Y2027, year: 2031, kurbanAit: '2031-03-28' } }],
      'changes.0.data.year',
      /2031 is outside the calendar's data/,
    ],
    [
      'an inconsistent year',
      [{ kind: 'year', data: { ...Y2027, transfers: [{ workingDay: '2027-01-13', dayOff: '2027-01-08', act: 'x' }] } }],
      'changes.0',
      /transfer working day 2027-01-13 must be an ordinary weekend day/,
    ],
    [
      'Kurban Ait outside its year',
      [{ kind: 'kurban-ait', year: 2027, date: '2028-05-05' }],
      'changes.0.date',
      /2028-05-05 is not in 2027/,
    ],
    [
      'Kurban Ait onto a transferred day',
      [TRANSFER, { kind: 'kurban-ait', year: 2027, date: '2027-01-16' }],
      'changes.1.date',
      /2027-01-16 appears twice/,
    ],
  ];

  test.each(refused)('%s → 422 naming the field and the reason; nothing published or broadcast', async (_name, changes, field, reason) => {
    const res = await post(DECREES, { act: ACT, changes });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'REFERENCE_DATA_INVALID', errors: [{ field, message: expect.stringMatching(reason) }] });
    expect(res.body.detail).toMatch(/nothing was published/);
    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version]);
    expect(broadcasts()).toEqual([]);
  });

  test('Kurban Ait moved to a weekday and a whole year added: one version, the summary says both', async () => {
    const y2030 = { year: 2030, kurbanAit: '2030-04-13', transfers: [], sources: ['rule-derived'], notes: [] };
    const res = await post(DECREES, {
      act: ACT,
      changes: [
        { kind: 'kurban-ait', year: 2027, date: '2027-05-17' },
        { kind: 'year', data: y2030 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.summary).toBe('Kurban Ait 2027 on Monday 2027-05-17 (was Sunday 2027-05-16); 2030 added');
    const term = await request(h.app)
      .get('/v1/calendar/term')
      .query({ service: 'flag-emblem-license', submittedAt: '2030-06-03T10:00:00+05:00' });
    expect(term.status).toBe(200);
  });

  test('a body that does not match the schema is 400 naming the field', async () => {
    const res = await post(DECREES, { act: { ...ACT, date: '20.11.2026' }, changes: [] });
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['act.date', 'changes']);
  });

  test('only an administrator publishes: 401 anonymous, 403 for every other role; nothing published', async () => {
    expect(
      (
        await request(h.app)
          .post(DECREES)
          .set('Idempotency-Key', 'x')
          .send({ act: ACT, changes: [TRANSFER] })
      ).status,
    ).toBe(401);
    for (const token of [h.tokens.portal, h.tokens.viewer, h.tokens.ctrm, h.tokens.gateway]) {
      const res = await post(DECREES, { act: ACT, changes: [TRANSFER] }, token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect((await post(MRP, { year: 2027, tenge: 4500, act: BUDGET }, h.tokens.viewer)).status).toBe(403);
    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version]);
  });

  test('Idempotency-Key: required; the same key and body answer the same, once; another body is 409', async () => {
    const missing = await post(DECREES, { act: ACT, changes: [TRANSFER] }, h.tokens.admin, null);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'header.Idempotency-Key', message: 'required' }]);
    const first = await post(DECREES, { act: ACT, changes: [TRANSFER] }, h.tokens.admin, 'decree-1');
    const again = await post(DECREES, { act: ACT, changes: [TRANSFER] }, h.tokens.admin, 'decree-1');
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version, 'kz-calendar@2']);
    expect(broadcasts()).toHaveLength(1);
    const other = await post(
      DECREES,
      { act: ACT, changes: [{ kind: 'transfer', workingDay: '2027-01-23', dayOff: '2027-01-22' }] },
      h.tokens.admin,
      'decree-1',
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The same decree again under a new key: its days are no longer ordinary, so it is refused.
    const twice = await post(DECREES, { act: ACT, changes: [TRANSFER] });
    expect(twice.status).toBe(422);
  });

  test('Temporal down after the version was stored: 503, and a retry with the same key broadcasts the same version', async () => {
    h.cases.down = true;
    const failed = await post(DECREES, { act: ACT, changes: [TRANSFER] }, h.tokens.admin, 'decree-2');
    expect(failed.status).toBe(503);
    h.cases.down = false;
    const retried = await post(DECREES, { act: ACT, changes: [TRANSFER] }, h.tokens.admin, 'decree-2');
    expect(retried.status).toBe(201);
    expect(retried.body.version).toBe('kz-calendar@2');
    expect(await calendarVersions()).toEqual([EMBEDDED_CALENDAR.version, 'kz-calendar@2']);
    expect(broadcasts()).toHaveLength(1);
  });
});

describe('POST /v1/admin/reference-data/mrp', () => {
  test('publishes a year’s MRP: the next version, current, broadcast to waiting cases', async () => {
    const res = await post(MRP, { year: 2027, tenge: 4500, act: BUDGET });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'mrp', number: 2, version: 'kz-mrp@2', summary: 'MRP 2027: 4500 ₸', publishedBy: 'admin-1' });
    expect(broadcasts()[0]?.input).toEqual({
      payload: {
        kind: 'mrp',
        version: 'kz-mrp@2',
        act: BUDGET,
        publishedAt: expect.any(String),
        publishedBy: 'admin-1',
        year: 2027,
        tenge: 4500,
      },
    });
    const table = await request(h.app).get('/v1/reference-data/mrp');
    expect(table.body.years).toContainEqual({
      year: 2027,
      tenge: 4500,
      source: 'Law "On the republican budget for 2027–2029" of 2026-12-04',
      act: BUDGET,
    });
  });

  test('a year already published: 409 (same value or another), a correction with its reason replaces it', async () => {
    const same = await post(MRP, { year: 2026, tenge: 4325, act: BUDGET });
    expect(same.status).toBe(409);
    expect(same.body.errors).toEqual([{ field: 'year', message: expect.stringMatching(/already published with this value/) }]);
    const other = await post(MRP, { year: 2026, tenge: 4300, act: BUDGET });
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([
      { field: 'year', message: expect.stringMatching(/already published as 4325 ₸: send "correction"/) },
    ]);
    expect((await request(h.app).get('/v1/reference-data/mrp')).body.version).toBe('kz-mrp@1');
    const corrected = await post(MRP, { year: 2026, tenge: 4300, act: BUDGET, correction: { reason: 'typo in the first publication' } });
    expect(corrected.status).toBe(201);
    expect(corrected.body.summary).toBe('MRP 2026 corrected: 4325 ₸ → 4300 ₸ (typo in the first publication)');
    const noYear = await post(MRP, { year: 2028, tenge: 4700, act: BUDGET, correction: { reason: 'x' } });
    expect(noYear.status).toBe(422);
    expect(noYear.body.errors).toEqual([{ field: 'correction', message: 'no MRP for 2028 is published yet' }]);
  });

  test.each([
    ['zero', 0],
    ['negative', -4500],
    ['not whole', 4500.5],
  ])('a %s tenge value is 400 naming tenge; nothing published', async (_n, tenge) => {
    const res = await post(MRP, { year: 2027, tenge, act: BUDGET });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'tenge', message: expect.any(String) }]);
    expect((await request(h.app).get('/v1/reference-data/mrp')).body.version).toBe('kz-mrp@1');
  });
});

describe('OpenAPI', () => {
  interface Op {
    responses: Record<string, { content?: Record<string, unknown> }>;
    parameters?: Array<{ name: string; required?: boolean }>;
    requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  }
  test('every status these routes answer is documented with its content type; the examples are accepted as-is', async () => {
    const doc = (await request(h.app).get('/openapi.json')).body as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, { example?: unknown }> };
    };
    const decrees = doc.paths[DECREES]!.post!;
    const mrp = doc.paths[MRP]!.post!;
    for (const op of [decrees, mrp]) {
      expect(Object.keys(op.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '422', '503']);
      expect(Object.keys(op.responses['201']!.content!)).toEqual(['application/json']);
      expect(Object.keys(op.responses['422']!.content!)).toEqual(['application/problem+json']);
      expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }));
    }
    expect(Object.keys(doc.paths['/v1/reference-data/calendar/versions/{version}']!.get!.responses).sort()).toEqual([
      '200',
      '400',
      '404',
      '422',
    ]);
    for (const p of ['/v1/reference-data', '/v1/reference-data/calendar/versions', '/v1/reference-data/mrp'])
      expect(Object.keys(doc.paths[p]!.get!.responses)).toEqual(['200']);
    const example = (op: Op) =>
      doc.components.schemas[op.requestBody!.content['application/json']!.schema.$ref!.split('/').pop()!]!.example;
    expect((await post(DECREES, example(decrees))).status).toBe(201);
    expect((await post(MRP, example(mrp))).status).toBe(201);
  });
});
