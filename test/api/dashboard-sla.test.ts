/**
 * SLA figures in working time (api/sla.ts): what a supervisor reads as "working days used / left".
 * Working hours 09:00–13:00 and 14:30–18:30 (8 h = one working day); weekends and holidays do not count.
 */
import { kzMoment } from '../../domain/calendar';
import { onTimeShare, overallSla, stageSla, toWorkingDays } from '../../api/sla';

// April 2025 has no public holidays; 2025-04-07 is a Monday.
const mon0900 = kzMoment('2025-04-07', '09:00');
const wed1830 = kzMoment('2025-04-09', '18:30');

describe('overall SLA in working days', () => {
  test('half-way through a 3-working-day term: 1.5 used, 1.5 left (lunch not counted)', () => {
    const s = overallSla({ registeredAt: mon0900, dueAt: wed1830 }, kzMoment('2025-04-08', '14:30'));
    expect(s).toMatchObject({
      termWorkingDays: 3,
      elapsedWorkingDays: 1.5,
      remainingWorkingDays: 1.5,
      overdue: false,
      dueAt: '2025-04-09T18:30:00+05:00',
    });
  });

  test('a weekend does not eat the term: Friday evening to Monday evening is one working day', () => {
    const s = overallSla(
      { registeredAt: kzMoment('2025-04-10', '09:00'), dueAt: kzMoment('2025-04-14', '18:30') },
      kzMoment('2025-04-11', '18:30'),
    );
    expect(s.remainingWorkingDays).toBe(1);
    expect(s.elapsedWorkingDays).toBe(2);
  });

  test('the Nauryz holidays (21–25 March 2025) do not count either', () => {
    // Thursday 20 March 18:30 → Wednesday 26 March 18:30: only the 26th is a working day.
    expect(
      overallSla({ registeredAt: mon0900, dueAt: kzMoment('2025-03-26', '18:30') }, kzMoment('2025-03-20', '18:30')).remainingWorkingDays,
    ).toBe(1);
  });

  test('overdue: remaining is negative and the flag is set', () => {
    const s = overallSla({ registeredAt: mon0900, dueAt: wed1830 }, kzMoment('2025-04-10', '13:00'));
    expect(s.remainingWorkingDays).toBe(-0.5);
    expect(s.overdue).toBe(true);
  });

  test('a closed case: elapsed stops at closing, nothing remains', () => {
    const s = overallSla(
      { registeredAt: mon0900, dueAt: wed1830, closedAt: kzMoment('2025-04-08', '18:30') },
      kzMoment('2025-05-20', '10:00'),
    );
    expect(s).toMatchObject({ elapsedWorkingDays: 2, remainingWorkingDays: null, overdue: false });
  });

  test('a moment outside the calendar years gives null, not a wrong number', () => {
    expect(overallSla({ registeredAt: mon0900, dueAt: new Date('2031-01-10T12:00:00Z') }, mon0900).termWorkingDays).toBeNull();
  });

  test('toWorkingDays: 8 working hours are one day', () => {
    expect(toWorkingDays(8 * 3_600_000)).toBe(1);
    expect(toWorkingDays(null)).toBeNull();
  });
});

describe('per stage: planned against actual', () => {
  test('a completeness check planned for 1 working day and done in half a day is on time', () => {
    const s = stageSla(
      {
        stage: 'completeness-check',
        startedAt: mon0900,
        endedAt: kzMoment('2025-04-07', '13:00'),
        plannedBy: kzMoment('2025-04-08', '18:30'),
      },
      wed1830,
    );
    expect(s).toMatchObject({ plannedWorkingDays: 2, actualWorkingDays: 0.5, verdict: 'on-time', remainingWorkingDays: null });
  });

  test('an open stage past its planned end is late, with negative time left', () => {
    const s = stageSla(
      { stage: 'site-inspection', startedAt: mon0900, plannedBy: kzMoment('2025-04-07', '18:30') },
      kzMoment('2025-04-08', '13:00'),
    );
    expect(s).toMatchObject({ actualWorkingDays: 1.5, remainingWorkingDays: -0.5, verdict: 'late', endedAt: null });
  });

  test('a stage without a regulated deadline has no verdict', () => {
    expect(stageSla({ stage: 'accepted', startedAt: mon0900, endedAt: mon0900 }, wed1830).verdict).toBeNull();
  });
});

describe('share finished on time', () => {
  test('met / (met + missed), other states ignored', () => {
    expect(
      onTimeShare('flag-emblem-license', [
        { slaState: 'met', count: 3 },
        { slaState: 'missed', count: 1 },
        { slaState: 'on-track', count: 9 },
      ]),
    ).toEqual({ serviceCode: 'flag-emblem-license', met: 3, missed: 1, share: 0.75 });
  });

  test('nothing closed in the period: no share rather than 0 %', () => {
    expect(onTimeShare('sme-registration', []).share).toBeNull();
  });
});
