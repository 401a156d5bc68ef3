/**
 * The Kazakhstan business calendar against the official production calendars (egov.kz as reported,
 * the Ministry of Labour transfer orders) and the regulations' terms (seed 003 ¶9, ¶10, ¶12, ¶12-1, ¶16;
 * seed 000 ¶4). Expected dates are written out by hand from those calendars, never computed.
 */
import { isDomainError } from '../../domain/errors';
import {
  addCalendarDays,
  addCalendarMonths,
  addHours,
  addWorkingDays,
  addWorkingHours,
  CALENDAR_VERSION,
  CALENDAR_YEARS,
  calendarCoverage,
  isWithinWorkingHours,
  isWorkingDay,
  KZ_UTC_OFFSET,
  kzMoment,
  localDateOf,
  nextWorkingDay,
  parseKzMoment,
  previousWorkingDay,
  registrationMoment,
  specialDaysOf,
  toKzIso,
  workingDaysBefore,
  workingDaysBetween,
  workingDaysOf,
  workingTimeBetween,
} from '../../domain/calendar';

const at = (date: string, time: string): Date => kzMoment(date, time);
const iso = (d: Date): string => toKzIso(d);
const HOUR = 3_600_000;

/** Weekdays (Mon–Fri) that are days off in `year`, as MM-DD. */
function weekdayDaysOff(year: number): string[] {
  const working = new Set(workingDaysOf(year));
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t <= Date.UTC(year, 11, 31); t += 86_400_000) {
    const d = new Date(t);
    const wd = d.getUTCDay();
    const date = d.toISOString().slice(0, 10);
    if (wd !== 0 && wd !== 6 && !working.has(date)) out.push(date.slice(5));
  }
  return out;
}

function expectInvalidDate(fn: () => unknown, messagePart?: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isDomainError(caught)).toBe(true);
  if (isDomainError(caught)) {
    expect(caught.code).toBe('INVALID_DATE');
    if (messagePart) expect(caught.message).toMatch(messagePart);
  }
}

function expectValidationFailed(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(isDomainError(caught) && caught.code).toBe('VALIDATION_FAILED');
}

describe('working days match the production calendar of each year', () => {
  it('2024: holidays, Nauryz Saturday moved to Monday 25 March, Capital Day Saturday moved to 8 July, 4→8 May transfer', () => {
    expect(weekdayDaysOff(2024)).toEqual([
      '01-01',
      '01-02',
      '03-08',
      '03-21',
      '03-22',
      '03-25',
      '05-01',
      '05-07',
      '05-08',
      '05-09',
      '07-08',
      '08-30',
      '10-25',
      '12-16',
    ]);
    // Order of 17 April 2024: Saturday 4 May is a working day.
    expect(isWorkingDay('2024-05-04')).toBe(true);
    expect(isWorkingDay('2024-05-11')).toBe(false);
  });

  it('2025: 3 January off and SUNDAY 5 January working (Ministry of Labour order), 246 working days as published', () => {
    expect(weekdayDaysOff(2025)).toEqual([
      '01-01',
      '01-02',
      '01-03',
      '01-07',
      '03-10',
      '03-21',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-09',
      '06-06',
      '07-07',
      '09-01',
      '10-27',
      '12-16',
    ]);
    expect(isWorkingDay('2025-01-05')).toBe(true);
    expect(workingDaysOf(2025)).toHaveLength(246);
  });

  it('2026: Nauryz on Sat–Mon gives days off to Wednesday 25 March; Victory Day Saturday → Monday 11 May; no transfers', () => {
    expect(weekdayDaysOff(2026)).toEqual([
      '01-01',
      '01-02',
      '01-07',
      '03-09',
      '03-23',
      '03-24',
      '03-25',
      '05-01',
      '05-07',
      '05-11',
      '05-27',
      '07-06',
      '10-26',
      '12-16',
    ]);
    expect(specialDaysOf(2026).filter((s) => s.kind === 'transferred-working-day')).toEqual([]);
    expect(isWorkingDay('2026-03-26')).toBe(true);
  });

  it('2026: 31 August is a working day — Constitution Day moved to 15 March by the 2026 Constitution (deliberate choice)', () => {
    expect(isWorkingDay('2026-08-31')).toBe(true);
    expect(isWorkingDay('2026-03-16')).toBe(true); // 15 March is a holiday only from 2027
  });

  it('2027 (rule-derived, no official calendar yet): Constitution Day 15 March off, 30 August working, 2 January Saturday → Monday 4 January', () => {
    expect(weekdayDaysOff(2027)).toEqual([
      '01-01',
      '01-04',
      '01-07',
      '03-08',
      '03-15',
      '03-22',
      '03-23',
      '03-24',
      '05-03',
      '05-07',
      '05-10',
      '07-06',
      '10-25',
      '12-16',
    ]);
    expect(isWorkingDay('2027-08-30')).toBe(true);
  });

  it('a holiday on a Sunday moves the day off to Monday: Capital Day Sun 6 July 2025 → Mon 7 July', () => {
    expect(isWorkingDay('2025-07-06')).toBe(false);
    expect(isWorkingDay('2025-07-07')).toBe(false);
    expect(isWorkingDay('2025-07-08')).toBe(true);
    expect(specialDaysOf(2025).find((s) => s.date === '2025-07-07')).toMatchObject({ kind: 'moved-day-off', working: false });
  });

  it('a holiday on a Saturday moves to Monday: Constitution Day Sat 30 August 2025 → Mon 1 September', () => {
    expect(isWorkingDay('2025-09-01')).toBe(false);
    expect(isWorkingDay('2025-09-02')).toBe(true);
  });

  it('Kurban Ait never moves: Sunday 16 June 2024 leaves Monday 17 June a working day; Friday 6 June 2025 is a day off', () => {
    expect(isWorkingDay('2024-06-17')).toBe(true);
    expect(isWorkingDay('2025-06-06')).toBe(false);
    expect(isWorkingDay('2026-05-27')).toBe(false);
  });

  it('7 January never moves: Sunday 7 January 2024 leaves Monday 8 January a working day', () => {
    expect(isWorkingDay('2024-01-08')).toBe(true);
    expect(isWorkingDay('2025-01-07')).toBe(false); // Tuesday
  });

  it('Republic Day 25 October is a day off (restored 2022); 17 December and 1 December are not (removed 2022)', () => {
    expect(isWorkingDay('2024-10-25')).toBe(false);
    expect(isWorkingDay('2024-12-17')).toBe(true);
    expect(isWorkingDay('2025-12-01')).toBe(true);
  });

  it('next/previous working day across the year boundary', () => {
    expect(nextWorkingDay('2025-12-31')).toBe('2026-01-05');
    expect(previousWorkingDay('2026-01-05')).toBe('2025-12-31');
    expect(nextWorkingDay('2024-12-31')).toBe('2025-01-05'); // the working Sunday
    expect(nextWorkingDay('2026-12-31')).toBe('2027-01-05'); // 1 Jan Fri, 2 Jan Sat → Mon 4 Jan off
  });

  it('workingDaysBetween counts days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2025-12-31', '2026-01-09')).toBe(4); // 5, 6, 8, 9 January
    expect(workingDaysBetween('2026-01-09', '2025-12-31')).toBe(-4);
    expect(workingDaysBetween('2025-04-14', '2025-04-14')).toBe(0);
  });
});

describe('registrationMoment — seed 003 ¶9', () => {
  it('inside working hours: registered at that moment', () => {
    expect(iso(registrationMoment(at('2025-04-15', '10:15')))).toBe('2025-04-15T10:15:00+05:00');
    expect(iso(registrationMoment(at('2025-04-15', '18:29:59')))).toBe('2025-04-15T18:29:59+05:00');
  });

  it('at or after 18:30: 09:00 of the next working day', () => {
    expect(iso(registrationMoment(at('2025-04-15', '18:30')))).toBe('2025-04-16T09:00:00+05:00');
    expect(iso(registrationMoment(at('2025-04-15', '23:59')))).toBe('2025-04-16T09:00:00+05:00');
  });

  it('after hours on the Friday before Nauryz 2026 → Thursday 26 March 09:00 (21–25 March off)', () => {
    expect(iso(registrationMoment(at('2026-03-20', '18:45')))).toBe('2026-03-26T09:00:00+05:00');
  });

  it('after hours on Thursday 20 March 2025, the eve of Nauryz → Wednesday 26 March 09:00', () => {
    expect(iso(registrationMoment(at('2025-03-20', '19:00')))).toBe('2025-03-26T09:00:00+05:00');
  });

  it('weekend → Monday 09:00; lunch → 14:30 the same day; before 09:00 → 09:00 the same day', () => {
    expect(iso(registrationMoment(at('2025-04-12', '11:00')))).toBe('2025-04-14T09:00:00+05:00');
    expect(iso(registrationMoment(at('2025-04-15', '13:10')))).toBe('2025-04-15T14:30:00+05:00');
    expect(iso(registrationMoment(at('2025-04-15', '07:40')))).toBe('2025-04-15T09:00:00+05:00');
  });

  it('New Year: 31 December 2025 evening → Monday 5 January 2026; 31 December 2024 evening → the working Sunday 5 January 2025', () => {
    expect(iso(registrationMoment(at('2025-12-31', '20:00')))).toBe('2026-01-05T09:00:00+05:00');
    expect(iso(registrationMoment(at('2024-12-31', '19:00')))).toBe('2025-01-05T09:00:00+05:00');
  });

  it('transfers: a transferred day off (Wed 8 May 2024) defers, a working Saturday (4 May 2024) registers', () => {
    expect(iso(registrationMoment(at('2024-05-08', '10:00')))).toBe('2024-05-10T09:00:00+05:00');
    expect(iso(registrationMoment(at('2024-05-04', '10:00')))).toBe('2024-05-04T10:00:00+05:00');
  });

  it('isWithinWorkingHours agrees: lunch and 18:30 are outside, a holiday is outside', () => {
    expect(isWithinWorkingHours(at('2025-04-15', '09:00'))).toBe(true);
    expect(isWithinWorkingHours(at('2025-04-15', '13:00'))).toBe(false);
    expect(isWithinWorkingHours(at('2025-04-15', '14:30'))).toBe(true);
    expect(isWithinWorkingHours(at('2025-04-15', '18:30'))).toBe(false);
    expect(isWithinWorkingHours(at('2025-03-21', '11:00'))).toBe(false);
  });
});

describe('addWorkingDays — APPC: the term starts the day after the event and ends 18:30 of the last working day', () => {
  it('7 working days (seed 003 ¶12) from a registration just before the May holidays 2025', () => {
    // Registered Tue 6 May; 7 and 9 May are holidays: 8, 12, 13, 14, 15, 16, 19 May.
    expect(iso(addWorkingDays(at('2025-05-06', '10:00'), 7))).toBe('2025-05-19T18:30:00+05:00');
  });

  it('the Friday-before-Nauryz application: registered 26 March 2026, result due Monday 6 April 18:30', () => {
    const registeredAt = registrationMoment(at('2026-03-20', '18:45'));
    expect(iso(addWorkingDays(registeredAt, 7))).toBe('2026-04-06T18:30:00+05:00');
  });

  it('counting starts the next day: 1 working day from Monday 09:00 ends Tuesday 18:30 (seed 003 ¶10)', () => {
    expect(iso(addWorkingDays(at('2025-04-14', '09:00'), 1))).toBe('2025-04-15T18:30:00+05:00');
  });

  it('across the year boundary: 31 December 2025 + 1, 2, 3 working days → 5, 6, 8 January 2026', () => {
    const from = at('2025-12-31', '10:00');
    expect(iso(addWorkingDays(from, 1))).toBe('2026-01-05T18:30:00+05:00');
    expect(iso(addWorkingDays(from, 2))).toBe('2026-01-06T18:30:00+05:00');
    expect(iso(addWorkingDays(from, 3))).toBe('2026-01-08T18:30:00+05:00');
  });

  it('0 working days: the same day if it is a working day, else the next working day', () => {
    expect(iso(addWorkingDays(at('2025-04-15', '10:00'), 0))).toBe('2025-04-15T18:30:00+05:00');
    expect(iso(addWorkingDays(at('2025-04-12', '10:00'), 0))).toBe('2025-04-14T18:30:00+05:00');
  });

  it('refuses a negative or fractional count with VALIDATION_FAILED', () => {
    expectValidationFailed(() => addWorkingDays(at('2025-04-15', '10:00'), -1));
    expectValidationFailed(() => addWorkingDays(at('2025-04-15', '10:00'), 1.5));
    expectValidationFailed(() => addWorkingDays(at('2025-04-15', '10:00'), Number.NaN));
  });
});

describe('workingDaysBefore — "no later than N working days before" (seed 003 ¶12-1)', () => {
  it('the preliminary decision for a term ending Monday 6 April 2026 is due Wednesday 1 April 18:30', () => {
    expect(iso(workingDaysBefore(at('2026-04-06', '18:30'), 3))).toBe('2026-04-01T18:30:00+05:00');
  });

  it('across a weekend: 3 working days before Tuesday 15 April 2025 is Thursday 10 April', () => {
    expect(iso(workingDaysBefore(at('2025-04-15', '18:30'), 3))).toBe('2025-04-10T18:30:00+05:00');
  });

  it('across a weekend and Kurban Ait (Fri 6 June 2025): 3 before Tue 10 June is Wed 4 June', () => {
    expect(iso(workingDaysBefore(at('2025-06-10', '12:00'), 3))).toBe('2025-06-04T18:30:00+05:00');
  });

  it('across the year boundary: 2 working days before 6 January 2026 is 31 December 2025', () => {
    expect(iso(workingDaysBefore(at('2026-01-06', '18:30'), 2))).toBe('2025-12-31T18:30:00+05:00');
  });
});

describe('working time for SLAs: 09:00–13:00 and 14:30–18:30 of working days', () => {
  it('a working day holds 8 hours; the lunch break does not count', () => {
    expect(workingTimeBetween(at('2025-04-15', '09:00'), at('2025-04-15', '18:30'))).toBe(8 * HOUR);
    expect(workingTimeBetween(at('2025-04-15', '12:00'), at('2025-04-15', '15:00'))).toBe(1.5 * HOUR);
    expect(workingTimeBetween(at('2025-04-15', '13:00'), at('2025-04-15', '14:30'))).toBe(0);
  });

  it('nights, weekends and holidays do not count', () => {
    expect(workingTimeBetween(at('2025-04-11', '17:00'), at('2025-04-14', '10:00'))).toBe(2.5 * HOUR);
    expect(workingTimeBetween(at('2026-03-20', '17:30'), at('2026-03-26', '10:00'))).toBe(2 * HOUR);
    expect(workingTimeBetween(at('2025-04-15', '19:00'), at('2025-04-16', '08:00'))).toBe(0);
  });

  it('is signed: an overdue SLA has negative working time remaining', () => {
    expect(workingTimeBetween(at('2025-04-14', '10:00'), at('2025-04-11', '17:00'))).toBe(-2.5 * HOUR);
  });

  it('addWorkingHours skips lunch, nights and Nauryz', () => {
    expect(iso(addWorkingHours(at('2025-04-15', '12:00'), 1))).toBe('2025-04-15T13:00:00+05:00');
    expect(iso(addWorkingHours(at('2025-04-15', '12:00'), 1.5))).toBe('2025-04-15T15:00:00+05:00');
    expect(iso(addWorkingHours(at('2025-04-15', '09:00'), 8))).toBe('2025-04-15T18:30:00+05:00');
    expect(iso(addWorkingHours(at('2025-03-20', '17:30'), 2))).toBe('2025-03-26T10:00:00+05:00');
  });

  it('addWorkingHours and workingTimeBetween are inverse', () => {
    for (const [date, time, hours] of [
      ['2025-04-15', '10:20', 3],
      ['2026-03-20', '16:00', 11.25],
      ['2025-12-30', '14:45', 20],
    ] as const) {
      const from = at(date, time);
      expect(workingTimeBetween(from, addWorkingHours(from, hours))).toBe(hours * HOUR);
    }
  });
});

describe('hour and calendar terms', () => {
  it('the 1-hour SME term (seed 000 ¶4) is plain elapsed time, even across a holiday midnight', () => {
    expect(iso(addHours(at('2025-03-21', '23:30'), 1))).toBe('2025-03-22T00:30:00+05:00');
  });

  it('the 3-month complaint term (seed 003 ¶16) ends on the same date three months later', () => {
    expect(iso(addCalendarMonths(at('2025-01-15', '14:00'), 3))).toBe('2025-04-15T23:59:59.999+05:00');
  });

  it('3 months from 30 November 2025 → 28 February 2026 (month end) is a Saturday → Monday 2 March', () => {
    expect(iso(addCalendarMonths(at('2025-11-30', '10:00'), 3))).toBe('2026-03-02T23:59:59.999+05:00');
  });

  it('a last day on Nauryz rolls past the moved days off: 22 December 2025 + 3 months → 26 March 2026', () => {
    expect(iso(addCalendarMonths(at('2025-12-22', '10:00'), 3))).toBe('2026-03-26T23:59:59.999+05:00');
  });

  it('calendar days start the next day: 10 days from 11 March 2025 is Friday 21 March (Nauryz) → Wednesday 26 March', () => {
    expect(iso(addCalendarDays(at('2025-03-11', '10:00'), 10))).toBe('2025-03-26T23:59:59.999+05:00');
    expect(iso(addCalendarDays(at('2025-04-01', '10:00'), 3))).toBe('2025-04-04T23:59:59.999+05:00');
  });
});

describe('ISO 8601 with +05:00', () => {
  it('formats and parses moments with the Kazakhstan offset', () => {
    expect(KZ_UTC_OFFSET).toBe('+05:00');
    expect(toKzIso(new Date('2026-03-20T13:45:00Z'))).toBe('2026-03-20T18:45:00+05:00');
    expect(toKzIso(new Date('2026-03-20T13:45:00.120Z'))).toBe('2026-03-20T18:45:00.120+05:00');
    expect(parseKzMoment('2026-03-20T18:45:00+05:00').toISOString()).toBe('2026-03-20T13:45:00.000Z');
    expect(parseKzMoment('2026-03-20T13:45Z').toISOString()).toBe('2026-03-20T13:45:00.000Z');
    expect(parseKzMoment('2026-03-20T19:45:00.5+06:00').toISOString()).toBe('2026-03-20T13:45:00.500Z');
  });

  it('the local date of a moment is taken at UTC+5: 19:30 UTC is already the next day', () => {
    expect(localDateOf(new Date('2025-03-20T19:30:00Z'))).toBe('2025-03-21');
    expect(localDateOf(new Date('2025-03-20T18:59:59Z'))).toBe('2025-03-20');
  });

  it('refuses moments without an offset or with impossible fields', () => {
    expectInvalidDate(() => parseKzMoment('2026-03-20T18:45:00'));
    expectInvalidDate(() => parseKzMoment('2025-02-30T10:00:00+05:00'));
    expectInvalidDate(() => parseKzMoment('2025-03-20T24:00:00+05:00'));
    expectInvalidDate(() => parseKzMoment('yesterday'));
  });
});

describe('outside the data or unparsable → DomainError INVALID_DATE', () => {
  it('dates before 2024 or after 2029', () => {
    expectInvalidDate(() => isWorkingDay('2023-12-31'), /2024-01-01 … 2029-12-31/);
    expectInvalidDate(() => isWorkingDay('2030-01-03'));
    expectInvalidDate(() => nextWorkingDay('2029-12-31'));
  });

  it('malformed or impossible dates', () => {
    expectInvalidDate(() => isWorkingDay('2025-02-30'));
    expectInvalidDate(() => isWorkingDay('2025-2-3'));
    expectInvalidDate(() => isWorkingDay(''));
    expectInvalidDate(() => registrationMoment(new Date(Number.NaN)));
  });

  it('moments before the single time zone (2024-03-01) are refused', () => {
    expectInvalidDate(() => registrationMoment(at('2024-02-29', '12:00')), /one time zone/);
    expect(iso(registrationMoment(at('2024-03-01', '00:00')))).toBe('2024-03-01T09:00:00+05:00');
    expectInvalidDate(() => workingDaysBefore(at('2024-03-04', '10:00'), 5));
  });

  it('a term running past the data is refused rather than guessed', () => {
    expectInvalidDate(() => addWorkingDays(at('2029-12-28', '10:00'), 5));
    expectInvalidDate(() => registrationMoment(at('2029-12-31', '19:00')));
    expectInvalidDate(() => addHours(at('2029-12-31', '23:30'), 1));
    expectInvalidDate(() => addCalendarMonths(at('2029-11-15', '10:00'), 3));
  });

  it('calendarCoverage names the version and the range', () => {
    expect(calendarCoverage()).toEqual({
      version: CALENDAR_VERSION,
      firstDate: '2024-01-01',
      lastDate: '2029-12-31',
      firstMoment: '2024-03-01T00:00:00+05:00',
      endMoment: '2030-01-01T00:00:00+05:00',
    });
  });
});

describe('calendar data is versioned and sourced', () => {
  it('CALENDAR_VERSION names the years the data covers', () => {
    const years = CALENDAR_YEARS.map((y) => y.year);
    expect(CALENDAR_VERSION).toMatch(new RegExp(`^kz-calendar/${Math.min(...years)}-${Math.max(...years)}@\\d+$`));
  });

  it('every year cites its sources and every transfer cites its act', () => {
    for (const y of CALENDAR_YEARS) {
      expect(y.sources.length).toBeGreaterThan(0);
      for (const t of y.transfers) expect(t.act).toMatch(/Labour Code art\. 85\(3\)/);
    }
  });
});
