/**
 * Property checks over every day the calendar answers moments for (2024-03-01 … 2027-12-30), at
 * several times of day. The oracle is a day-by-day walk with isWorkingDay, independent of the binary
 * search the term functions use.
 */
import {
  addWorkingDays,
  isWithinWorkingHours,
  isWorkingDay,
  kzMoment,
  localDateOf,
  registrationMoment,
  toKzIso,
  workingDaysBefore,
  workingDaysBetween,
  workingTimeBetween,
} from '../../domain/calendar';

const DAY = 86_400_000;

function allDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

const DATES = allDates('2024-03-01', '2027-12-30');
const TIMES = ['00:00', '08:59', '12:00', '13:45', '18:30', '23:59'];

describe('addWorkingDays(x, 1) over 2024–2027', () => {
  it('lands at 18:30 on the first working day after x — never on x’s day, never on a day off', () => {
    let checked = 0;
    for (const date of DATES) {
      let expected = nextDate(date);
      while (!isWorkingDay(expected)) expected = nextDate(expected);
      for (const time of TIMES) {
        const end = addWorkingDays(kzMoment(date, time), 1);
        expect(toKzIso(end)).toBe(`${expected}T18:30:00+05:00`);
        checked += 1;
      }
    }
    expect(checked).toBe(DATES.length * TIMES.length);
  });
});

describe('registrationMoment over 2024–2027', () => {
  it('is never earlier than submission, is a working moment, and no working time passes before it', () => {
    for (const date of DATES) {
      for (const time of TIMES) {
        const submitted = kzMoment(date, time);
        const registered = registrationMoment(submitted);
        expect(registered.getTime()).toBeGreaterThanOrEqual(submitted.getTime());
        expect(isWithinWorkingHours(registered)).toBe(true);
        expect(isWorkingDay(localDateOf(registered))).toBe(true);
        expect(workingTimeBetween(submitted, registered)).toBe(0);
      }
    }
  });
});

describe('working-day terms are consistent', () => {
  it('workingDaysBetween(x, addWorkingDays(x, 7)) = 7 and workingDaysBefore undoes it on working days', () => {
    for (const date of DATES.filter((d) => d <= '2027-12-15')) {
      const from = kzMoment(date, '10:00');
      const end = addWorkingDays(from, 7);
      expect(workingDaysBetween(date, localDateOf(end))).toBe(7);
      if (isWorkingDay(date)) expect(toKzIso(workingDaysBefore(end, 7))).toBe(`${date}T18:30:00+05:00`);
    }
  });
});
