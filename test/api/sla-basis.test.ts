/**
 * How SLA time is counted depends on the service's term (api/sla.ts):
 *  - working-day terms (seed 003 ¶9–¶12) count working time only;
 *  - hour terms (seed 000 ¶4: SME registration "within one hour" of the electronic application, on a
 *    portal open around the clock) count plain elapsed time — at night and at weekends too.
 */
import request from 'supertest';
import { overallSla, slaBasisOf, stageSla } from '../../api/sla';
import { SME_REGISTRATION_DESCRIPTOR } from '../../services/sme-registration/api';
import { kzMoment } from '../../domain/calendar';
import { FLAG_EMBLEM_LICENSE_DESCRIPTOR } from '../../services/flag-emblem/license-rules';
import { planSmeRegistration } from '../../services/sme-registration/rules';
import { makeHarness, LICENSE_BODY, type Harness } from './helpers/harness';
import { testHourRegistrationModule, testLicenseModule } from './helpers/test-modules';

const MIN = 60_000;

describe('the basis follows the term kind', () => {
  test('SME registration (1 hour, seed 000 ¶4) is elapsed time; the Flag/Emblem license (working days) is working time', () => {
    expect(SME_REGISTRATION_DESCRIPTOR.term).toMatchObject({ kind: 'hours', hours: 1, regulation: 'seed 000 ¶4' });
    expect(slaBasisOf(SME_REGISTRATION_DESCRIPTOR.term)).toBe('elapsed-time');
    expect(FLAG_EMBLEM_LICENSE_DESCRIPTOR.term.kind).toBe('working-days');
    expect(slaBasisOf(FLAG_EMBLEM_LICENSE_DESCRIPTOR.term)).toBe('working-time');
    expect(slaBasisOf(undefined)).toBe('working-time');
  });
});

describe('overall SLA of an hour term in elapsed time', () => {
  // Sunday 2025-04-06 23:30 Astana: outside any working time, due Monday 00:30.
  const night = planSmeRegistration(kzMoment('2025-04-06', '23:30'));

  test('submitted on Sunday night: 20 minutes used, 40 left — where working time would say 0 and 0', () => {
    const now = kzMoment('2025-04-06', '23:50');
    const s = overallSla(night, now, 'elapsed-time');
    expect(s).toMatchObject({
      basis: 'elapsed-time',
      dueAt: '2025-04-07T00:30:00+05:00',
      termMs: 60 * MIN,
      elapsedMs: 20 * MIN,
      remainingWorkingMs: 40 * MIN,
      overdue: false,
    });
    // Days of 24 h: the one-hour term is 0.04 of a day.
    expect(s.termWorkingDays).toBe(0.04);
    // What the dashboard showed before the fix: no working time at all on a Sunday night.
    expect(overallSla(night, now, 'working-time')).toMatchObject({ basis: 'working-time', remainingWorkingMs: 0, termMs: 0 });
  });

  test('past the hour it is overdue by the elapsed minutes', () => {
    const s = overallSla(night, kzMoment('2025-04-07', '00:45'), 'elapsed-time');
    expect(s).toMatchObject({ remainingWorkingMs: -15 * MIN, elapsedMs: 75 * MIN, overdue: true });
  });

  test('working-day terms are unchanged and still the default', () => {
    const s = overallSla(
      { registeredAt: kzMoment('2025-04-07', '09:00'), dueAt: kzMoment('2025-04-09', '18:30') },
      kzMoment('2025-04-08', '14:30'),
    );
    expect(s).toMatchObject({
      basis: 'working-time',
      termWorkingDays: 3,
      elapsedWorkingDays: 1.5,
      remainingWorkingDays: 1.5,
      remainingWorkingMs: 12 * 60 * MIN,
    });
  });

  test('a stage of an hour-term case is measured in elapsed time as well', () => {
    const s = stageSla(
      { stage: 'signing', startedAt: kzMoment('2025-04-06', '23:30'), plannedBy: kzMoment('2025-04-07', '00:30') },
      kzMoment('2025-04-07', '00:42'),
      'elapsed-time',
    );
    expect(s).toMatchObject({ verdict: 'late', actualWorkingDays: 0.05, remainingWorkingDays: -0.01 });
    expect(
      stageSla({ stage: 'signing', startedAt: kzMoment('2025-04-06', '23:30') }, kzMoment('2025-04-07', '00:42')).actualWorkingDays,
    ).toBe(0);
  });
});

describe('the API reports each case on its own basis', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness({ modules: [testLicenseModule, testHourRegistrationModule] });
  });
  const applySme = async (key: string) =>
    (
      await request(h.app)
        .post('/v1/services/sme-registration/applications')
        .set('Authorization', `Bearer ${h.tokens.portal}`)
        .set('Idempotency-Key', key)
        .send({ founderIin: '900101300123', companyName: 'Dala Tech' })
    ).body as { statusUrl: string; applicationId: string; dueAt: string };

  test('an SME case submitted at 06:50 shows 36 minutes left at 07:14, not 0', async () => {
    h.clock.now = kzMoment('2025-04-07', '06:50');
    const created = await applySme('early');
    expect(created.dueAt).toBe('2025-04-07T07:50:00+05:00');
    h.clock.now = kzMoment('2025-04-07', '07:14');
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(res.status).toBe(200);
    expect(res.body.sla).toEqual({
      dueAt: '2025-04-07T07:50:00+05:00',
      basis: 'elapsed-time',
      remainingWorkingMs: 36 * MIN,
      remainingWorkingHours: 0.6,
      overdue: false,
    });
  });

  test('an SME case submitted on Sunday night counts down through the night and goes overdue after the hour', async () => {
    h.clock.now = kzMoment('2025-04-06', '23:30');
    const created = await applySme('night');
    h.clock.now = kzMoment('2025-04-06', '23:50');
    const during = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(during.body.sla).toMatchObject({ basis: 'elapsed-time', remainingWorkingMs: 40 * MIN, overdue: false });
    h.clock.now = kzMoment('2025-04-07', '00:45');
    const after = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(after.body.sla).toMatchObject({ remainingWorkingMs: -15 * MIN, overdue: true });
  });

  test('a license case in the same system stays in working time', async () => {
    const created = (
      await request(h.app)
        .post('/v1/services/flag-emblem-license/applications')
        .set('Authorization', `Bearer ${h.tokens.portal}`)
        .set('Idempotency-Key', 'lic')
        .send(LICENSE_BODY)
    ).body as { statusUrl: string };
    h.clock.now = kzMoment('2025-03-31', '10:00'); // Monday; due Friday 18:30: 7 h + 4 × 8 h
    const res = await request(h.app).get(created.statusUrl).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(res.body.sla).toMatchObject({ basis: 'working-time', remainingWorkingHours: 39 });
  });

  test('the dashboard list and the timeline use the same basis per service', async () => {
    h.clock.now = kzMoment('2025-04-06', '23:30');
    const sme = await applySme('night');
    await request(h.app)
      .post('/v1/services/flag-emblem-license/applications')
      .set('Authorization', `Bearer ${h.tokens.portal}`)
      .set('Idempotency-Key', 'lic')
      .send(LICENSE_BODY);
    h.clock.now = kzMoment('2025-04-06', '23:50');
    const list = await request(h.app).get('/v1/applications').set('Authorization', `Bearer ${h.tokens.admin}`);
    const byService = Object.fromEntries(
      (list.body.items as Array<{ serviceCode: string; sla: Record<string, unknown> }>).map((i) => [i.serviceCode, i.sla]),
    );
    expect(byService['sme-registration']).toMatchObject({ basis: 'elapsed-time', remainingWorkingMs: 40 * MIN, overdue: false });
    expect(byService['flag-emblem-license']).toMatchObject({ basis: 'working-time' });
    const timeline = await request(h.app).get(`${sme.statusUrl}/timeline`).set('Authorization', `Bearer ${h.tokens.admin}`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.overall).toMatchObject({
      basis: 'elapsed-time',
      termMs: 60 * MIN,
      elapsedMs: 20 * MIN,
      remainingWorkingMs: 40 * MIN,
    });
  });
});
