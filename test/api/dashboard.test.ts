/**
 * The SLA dashboard endpoints over the read model: filters, sort by deadline, cursors, counts, the
 * overview per service with the on-time share, and the per-case timeline in working days.
 */
import request from 'supertest';
import { kzMoment } from '../../domain/calendar';
import { makeDashboardHarness, NOW, seedCase, type DashboardHarness } from './dashboard-fixtures';

let h: DashboardHarness;
beforeEach(() => {
  h = makeDashboardHarness();
});

const get = (path: string, token: string) => request(h.app).get(path).set('Authorization', `Bearer ${token}`);
type Item = {
  applicationId: string;
  slaState: string;
  serviceCode: string;
  nextDueAt: string;
  sla: { remainingWorkingDays: number | null; overdue: boolean };
  applicantRef?: string;
};
const ids = (body: { items: Item[] }): string[] => body.items.map((i) => i.applicationId);

describe('GET /v1/applications (dashboard list)', () => {
  test('filters by several SLA states, waiting-on and open/closed, and shows working days left', async () => {
    const atRisk = await seedCase(h.store, { slaState: 'at-risk', dueAt: kzMoment('2026-04-09', '18:30') });
    const breached = await seedCase(h.store, { slaState: 'breached', dueAt: kzMoment('2026-04-07', '18:30') });
    await seedCase(h.store, { slaState: 'on-track' });
    await seedCase(h.store, { slaState: 'at-risk', waitingOn: 'applicant' });
    await seedCase(h.store, { slaState: 'missed', status: 'issued', stage: 'closed', waitingOn: 'nobody' });

    const res = await get('/v1/applications?sla=at-risk,breached&waitingOn=staff&state=open&sort=dueAt', h.tokens.admin);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([breached, atRisk]);
    const [b, a] = res.body.items as Item[];
    // Now: Wednesday 11:00. Breached Tuesday 18:30 → 2 working hours of Wednesday gone = -0.25 day.
    expect(b!.sla).toMatchObject({ remainingWorkingDays: -0.25, overdue: true });
    // Due Thursday 18:30: the rest of Wednesday (6 h) + Thursday (8 h) = 1.75 working days.
    expect(a!.sla).toMatchObject({ remainingWorkingDays: 1.75, overdue: false });

    const closed = await get('/v1/applications?state=closed', h.tokens.admin);
    expect((closed.body.items as Item[]).map((i) => i.slaState)).toEqual(['missed']);
  });

  test('sort=dueAt puts the earliest deadline first, a pending action counting before the case term', async () => {
    const late = await seedCase(h.store, { dueAt: kzMoment('2026-04-10', '18:30') });
    const early = await seedCase(h.store, { dueAt: kzMoment('2026-04-09', '18:30') });
    const actionSoon = await seedCase(h.store, {
      dueAt: kzMoment('2026-04-14', '18:30'),
      pendingActions: [{ action: 'completeness-check', by: 'staff', dueAt: kzMoment('2026-04-08', '18:30').toISOString() }],
    });
    const res = await get('/v1/applications?sort=dueAt', h.tokens.admin);
    expect(ids(res.body)).toEqual([actionSoon, early, late]);
    expect((res.body.items as Item[])[0]!.nextDueAt).toBe('2026-04-08T18:30:00+05:00');
  });

  test('cursor pages through every case once, in order, for both sorts', async () => {
    const all: string[] = [];
    for (let d = 0; d < 7; d++)
      all.push(
        await seedCase(h.store, {
          dueAt: kzMoment(`2026-04-${String(9 + d).padStart(2, '0')}`, '18:30'),
          registeredAt: kzMoment('2026-04-06', `0${d + 1}:00`),
        }),
      );
    for (const sort of ['dueAt', '-registeredAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await get(
          `/v1/applications?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          h.tokens.admin,
        );
        expect(res.status).toBe(200);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect(seen).toEqual(sort === 'dueAt' ? all : [...all].reverse());
    }
  });

  test('a cursor of one sort is refused by the other, naming the cursor', async () => {
    for (let i = 0; i < 3; i++) await seedCase(h.store);
    const p1 = await get('/v1/applications?sort=dueAt&limit=1', h.tokens.admin);
    const res = await get(`/v1/applications?limit=1&cursor=${encodeURIComponent(p1.body.nextCursor)}`, h.tokens.admin);
    expect(res.status).toBe(422); // each field well-formed; together they contradict
    expect(res.body.code).toBe('INCONSISTENT_REQUEST');
    expect(res.body.errors).toEqual([{ field: 'query.cursor', message: expect.stringContaining('sort due-asc') }]);
  });

  test('period: registration from/to in Kazakhstan days; an empty period is refused', async () => {
    const monday = await seedCase(h.store, { registeredAt: kzMoment('2026-04-06', '09:00') });
    await seedCase(h.store, { registeredAt: kzMoment('2026-04-07', '09:00') });
    const res = await get('/v1/applications?from=2026-04-06&to=2026-04-07', h.tokens.admin);
    expect(ids(res.body)).toEqual([monday]);
    const bad = await get('/v1/applications?from=2026-04-07&to=2026-04-06', h.tokens.admin);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'INCONSISTENT_REQUEST', errors: [{ field: 'query.to' }] });
    expect(bad.body.detail).toContain('"to" must be after "from"');
  });

  test('staff see their own body only; asking for another body is 403; a bad SLA state is 400 in words', async () => {
    const ctrmCase = await seedCase(h.store);
    await seedCase(h.store, { service: 'sme-registration' });
    expect(ids((await get('/v1/applications', h.tokens.ctrm)).body)).toEqual([ctrmCase]);
    expect((await get('/v1/applications?licensor=state-corporation', h.tokens.ctrm)).status).toBe(403);
    const bad = await get('/v1/applications?sla=late', h.tokens.viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({
      field: 'query.sla',
      message: 'one or more of on-track, at-risk, breached, met, missed, comma-separated',
    });
  });

  test('viewers (oversight) never see the applicant reference', async () => {
    await seedCase(h.store);
    const v = await get('/v1/applications', h.tokens.viewer);
    expect(v.body.items[0]).not.toHaveProperty('applicantRef');
    const a = await get('/v1/applications', h.tokens.admin);
    expect(a.body.items[0].applicantRef).toBe('180340001231');
  });
});

describe('GET /v1/dashboard/counts and /overview', () => {
  async function seedMix(): Promise<{ breached: string[]; atRisk: string[] }> {
    const breached = [
      await seedCase(h.store, { slaState: 'breached', dueAt: kzMoment('2026-04-07', '18:30') }),
      await seedCase(h.store, { slaState: 'breached', dueAt: kzMoment('2026-04-06', '18:30'), stage: 'site-inspection' }),
    ];
    const atRisk = [await seedCase(h.store, { slaState: 'at-risk', dueAt: kzMoment('2026-04-09', '18:30') })];
    await seedCase(h.store, { slaState: 'on-track' });
    await seedCase(h.store, { slaState: 'on-track', service: 'sme-registration', stage: 'payment', waitingOn: 'applicant' });
    // Closed in March (outside the April period) and in April.
    await seedCase(h.store, { status: 'issued', stage: 'closed', slaState: 'met', at: kzMoment('2026-03-20', '12:00') });
    await seedCase(h.store, { status: 'issued', stage: 'closed', slaState: 'met', at: kzMoment('2026-04-03', '12:00') });
    await seedCase(h.store, { status: 'issued', stage: 'closed', slaState: 'met', at: kzMoment('2026-04-06', '12:00') });
    await seedCase(h.store, { status: 'refused', stage: 'closed', slaState: 'missed', at: kzMoment('2026-04-07', '12:00') });
    return { breached, atRisk };
  }

  test('counts per service × stage × SLA state', async () => {
    await seedMix();
    const res = await get('/v1/dashboard/counts?state=open', h.tokens.admin);
    expect(res.body.items).toEqual([
      { serviceCode: 'flag-emblem-license', stage: 'completeness-check', slaState: 'at-risk', count: 1 },
      { serviceCode: 'flag-emblem-license', stage: 'completeness-check', slaState: 'breached', count: 1 },
      { serviceCode: 'flag-emblem-license', stage: 'completeness-check', slaState: 'on-track', count: 1 },
      { serviceCode: 'flag-emblem-license', stage: 'site-inspection', slaState: 'breached', count: 1 },
      { serviceCode: 'sme-registration', stage: 'payment', slaState: 'on-track', count: 1 },
    ]);
    expect(res.body.total).toBe(5);
  });

  test('overview: per service by stage and SLA state, on-time share of cases closed in the period, most urgent breached first', async () => {
    const { breached, atRisk } = await seedMix();
    const res = await get('/v1/dashboard/overview?from=2026-04-01&to=2026-05-01', h.tokens.admin);
    expect(res.status).toBe(200);
    const fel = (res.body.services as Array<Record<string, unknown>>).find((s) => s.serviceCode === 'flag-emblem-license');
    expect(fel).toMatchObject({
      open: 4,
      bySla: { 'on-track': 1, 'at-risk': 1, breached: 2 },
      byStage: [
        { stage: 'completeness-check', total: 3, bySla: { 'on-track': 1, 'at-risk': 1, breached: 1 } },
        { stage: 'site-inspection', total: 1, bySla: { breached: 1 } },
      ],
      // April: 2 met + 1 missed (the March one is outside the period).
      onTime: { met: 2, missed: 1, share: 0.6667 },
    });
    expect(ids({ items: res.body.breached })).toEqual([breached[1], breached[0]]);
    expect(ids({ items: res.body.atRisk })).toEqual(atRisk);
    const all = await get('/v1/dashboard/overview', h.tokens.admin);
    expect(
      (all.body.services as Array<{ serviceCode: string; onTime: { met: number } }>).find((s) => s.serviceCode === 'flag-emblem-license')!
        .onTime.met,
    ).toBe(3);
  });

  test("staff get their own body's services only", async () => {
    await seedMix();
    const res = await get('/v1/dashboard/overview', h.tokens.stateCorp);
    expect((res.body.services as Array<{ serviceCode: string }>).map((s) => s.serviceCode)).toEqual(['sme-registration']);
    expect(res.body.breached).toEqual([]);
  });

  test('the portal may not read dashboards; without a token it is 401', async () => {
    expect((await get('/v1/dashboard/overview', h.tokens.portal)).status).toBe(403);
    expect((await request(h.app).get('/v1/dashboard/counts')).status).toBe(401);
  });
});

describe('GET /v1/applications/{id}/timeline', () => {
  test('a closed case (no live workflow): stages planned vs actual in working days, a term move, who acted, audit', async () => {
    const id = await seedCase(h.store, {
      stage: 'accepted',
      registeredAt: kzMoment('2026-03-30', '09:00'),
      dueAt: kzMoment('2026-04-07', '18:30'),
    });
    const ev = (action: string, at: Date, actor: string, details: Record<string, unknown>, n: number) =>
      h.store.appendAudit({ applicationId: id, action, at, actor, details, idempotencyKey: `${id}:t${n}` });
    await ev(
      'stage-entered',
      kzMoment('2026-03-30', '09:00'),
      'system',
      { stage: 'completeness-check', plannedBy: kzMoment('2026-03-31', '18:30').toISOString() },
      1,
    );
    await ev(
      'stage-entered',
      kzMoment('2026-03-30', '15:30'),
      'ctrm-employee-7',
      { stage: 'site-inspection', plannedBy: kzMoment('2026-03-31', '18:30').toISOString() },
      2,
    );
    await ev(
      'due-date-moved',
      kzMoment('2026-04-01', '10:00'),
      'ctrm-employee-7',
      { dueAt: kzMoment('2026-04-09', '18:30').toISOString(), reason: 'suspended while the approving body answers (seed 004 ¶41)' },
      3,
    );
    await ev('stage-entered', kzMoment('2026-04-02', '09:00'), 'ctrm-employee-7', { stage: 'final-decision' }, 4);
    await h.store.updateApplication(
      id,
      {
        stage: 'closed',
        status: 'issued',
        slaState: 'met',
        dueAt: kzMoment('2026-04-09', '18:30'),
        waitingOn: 'nobody',
        pendingActions: [],
      },
      {
        actor: 'ctrm-employee-7',
        action: 'case-closed',
        at: kzMoment('2026-04-03', '12:00'),
        details: { outcome: 'issued' },
        idempotencyKey: `${id}:t5`,
      },
    );

    const res = await get(`/v1/applications/${id}/timeline`, h.tokens.ctrm);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'audit', status: 'issued', slaState: 'met' });
    // Monday 30 March 09:00 → Thursday 9 April 18:30: nine working days (no holidays between).
    expect(res.body.overall).toMatchObject({
      termWorkingDays: 9,
      remainingWorkingDays: null,
      overdue: false,
      dueAt: '2026-04-09T18:30:00+05:00',
    });
    const stages = res.body.stages as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.stage)).toEqual(['accepted', 'completeness-check', 'site-inspection', 'final-decision']);
    // Completeness check: 09:00 → 15:30 = 4 h + 1 h = 5 working hours (0.63 day) against 2 planned: on time.
    expect(stages[1]).toMatchObject({ plannedWorkingDays: 2, actualWorkingDays: 0.63, verdict: 'on-time' });
    // Site inspection: Monday 15:30 → Thursday 09:00, planned by Tuesday 18:30: late, and who moved it on.
    expect(stages[2]).toMatchObject({ verdict: 'late', actor: 'ctrm-employee-7', endedAt: '2026-04-02T09:00:00+05:00' });
    expect(stages[3]).toMatchObject({ verdict: null, endedAt: '2026-04-03T12:00:00+05:00' });
    expect(res.body.suspensions).toEqual([
      {
        at: '2026-04-01T10:00:00+05:00',
        actor: 'ctrm-employee-7',
        action: 'due-date-moved',
        reason: 'suspended while the approving body answers (seed 004 ¶41)',
        dueAt: '2026-04-09T18:30:00+05:00',
      },
    ]);
    expect(res.body.actors).toEqual(expect.arrayContaining(['system', 'ctrm-employee-7']));
    expect((res.body.audit as Array<{ action: string }>).map((e) => e.action)).toContain('case-closed');
  });

  test("another body's staff may not read it; an unknown case is 404", async () => {
    const id = await seedCase(h.store);
    expect((await get(`/v1/applications/${id}/timeline`, h.tokens.stateCorp)).status).toBe(403);
    expect((await get('/v1/applications/nope/timeline', h.tokens.admin)).status).toBe(404);
  });
});

describe('GET /v1/dashboard/forms and /v1/me', () => {
  test("each action's body as JSON Schema with its example, for the web forms", async () => {
    const res = await get('/v1/dashboard/forms', h.tokens.ctrm);
    const check = res.body['flag-emblem-license']['completeness-check'];
    expect(check.schema.properties.complete.type).toBe('boolean');
    expect(check.example).toEqual({ complete: true, findings: [] });
    expect(check.roles).toEqual(['staff']);
  });

  test('/v1/me names the caller and their body', async () => {
    const res = await get('/v1/me', h.tokens.ctrm);
    expect(res.body).toMatchObject({
      subject: 'ctrm-employee-7',
      role: 'staff',
      licensorBody: 'ctrm',
      licensorName: { en: expect.stringContaining('Technical Regulation') },
    });
  });
});

test('the dashboard clock is the API clock: later, the same case has less time left', async () => {
  await seedCase(h.store, { dueAt: kzMoment('2026-04-09', '18:30') });
  const before = (await get('/v1/applications', h.tokens.admin)).body.items[0].sla.remainingWorkingDays;
  h.clock.now = new Date(NOW.getTime() + 3_600_000 * 24); // Thursday 11:00
  const after = (await get('/v1/applications', h.tokens.admin)).body.items[0].sla.remainingWorkingDays;
  expect([before, after]).toEqual([1.75, 0.75]);
});
