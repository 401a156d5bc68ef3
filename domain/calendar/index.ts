/**
 * The Kazakhstan business calendar: working days, working hours and the terms the regulations set.
 * Pure and deterministic (no Node builtins, no Intl, no clock reads) — usable inside Temporal workflows.
 *
 *  - Working days: Mon–Fri except public holidays, with the weekend-moving rule and transfer orders
 *    (./rules.ts, years of data in ./data). Local dates `YYYY-MM-DD` are answered for 2024-01-01 …
 *    2029-12-31 (2027–2029 derived from the rules: see each year's file).
 *  - Moments: UTC+5 (one zone since 2024-03-01). Moments from 2024-03-01T00:00+05:00 to the end of
 *    2029-12-31 are answered; anything outside the data is a DomainError 'INVALID_DATE'.
 *  - Terms follow the APPC counting rule written once in ./rules.ts (`lastDayOfTerm`).
 * Rules, citations, sources per year and the choices made where sources disagree: docs/calendar.md.
 */
import { DomainError } from '../errors';
import { lastDayOfTerm, WORKING_DAY_END_MS, WORKING_DAY_START_MS, WORKING_PERIODS } from './rules';
import {
  assertDayCovered,
  countWorkingDaysBetween,
  FIRST_DAY,
  isWorkingDayNumber,
  LAST_DAY,
  nthWorkingDayAfter,
  nthWorkingDayBefore,
  ORACLE,
} from './table';
import {
  assertValidMoment,
  dayOfMoment,
  formatLocalDate,
  invalidDate,
  momentAt,
  MS_PER_DAY,
  MS_PER_HOUR,
  msOfLocalDay,
  parseLocalDate,
  toKzIso,
  type DayNumber,
  type LocalDate,
} from './time';

export { KZ_UTC_OFFSET, toKzIso, parseKzMoment, kzMoment, type LocalDate } from './time';
export { WORKING_PERIODS, WORKING_MS_PER_DAY, FIXED_HOLIDAYS, type TermUnit } from './rules';
export { specialDaysOf, workingDaysOf, type SpecialDay, type SpecialDayKind } from './table';
export { CALENDAR_YEARS, type YearData, type Transfer } from './data';

/**
 * The version of rules + data that computed a deadline. A case records it (CaseStatus.calendarVersion),
 * so a later data change (a new transfer order, a corrected Kurban Ait date) is visible per case.
 * Bump the @N on any change to ./data or ./rules.ts that changes a working day.
 */
export const CALENDAR_VERSION = 'kz-calendar/2024-2029@2';

/** Kazakhstan has one time zone, UTC+5, from 2024-03-01 00:00; earlier moments are not computed. */
const FIRST_MOMENT_DAY: DayNumber = parseLocalDate('2024-03-01');

function coveredDay(d: Date, field?: string): DayNumber {
  assertValidMoment(d, field);
  const day = dayOfMoment(d);
  if (day < FIRST_MOMENT_DAY) {
    throw invalidDate(
      `${toKzIso(d)} is before 2024-03-01T00:00:00+05:00, when Kazakhstan moved to one time zone (UTC+5); the calendar does not compute earlier moments`,
      field,
    );
  }
  assertDayCovered(day, 'moment on', field);
  return day;
}

function assertCount(n: number, what: string, integer: boolean): void {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new DomainError('VALIDATION_FAILED', `${what} must be a ${integer ? 'whole ' : ''}number ≥ 0, got ${String(n)}`);
  }
}

const endOfWorkingDay = (day: DayNumber): Date => momentAt(day, WORKING_DAY_END_MS);
/** The last moment of a calendar day (24:00 exclusive → 23:59:59.999). */
const endOfDay = (day: DayNumber): Date => new Date(momentAt(day + 1, 0).getTime() - 1);

// --- days --------------------------------------------------------------------------------------------

/** Is this Kazakhstan calendar date (`YYYY-MM-DD`) a working day? */
export function isWorkingDay(localDate: LocalDate): boolean {
  return isWorkingDayNumber(parseLocalDate(localDate, 'localDate'));
}

/** The first working day strictly after `localDate`. */
export function nextWorkingDay(localDate: LocalDate): LocalDate {
  return formatLocalDate(nthWorkingDayAfter(parseLocalDate(localDate, 'localDate'), 1));
}

/** The last working day strictly before `localDate`. */
export function previousWorkingDay(localDate: LocalDate): LocalDate {
  return formatLocalDate(nthWorkingDayBefore(parseLocalDate(localDate, 'localDate'), 1));
}

/** Number of working days d with from < d ≤ to (negative when `to` is earlier). */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  return countWorkingDaysBetween(parseLocalDate(from, 'from'), parseLocalDate(to, 'to'));
}

/** The Kazakhstan calendar date of a moment, `YYYY-MM-DD`. */
export function localDateOf(d: Date): LocalDate {
  return formatLocalDate(coveredDay(d));
}

// --- working hours -----------------------------------------------------------------------------------

/** Inside 09:00–13:00 or 14:30–18:30 of a working day (end exclusive: 18:30:00 is after hours). */
export function isWithinWorkingHours(d: Date): boolean {
  const day = coveredDay(d);
  const ms = msOfLocalDay(d);
  return isWorkingDayNumber(day) && WORKING_PERIODS.some((p) => ms >= p.start && ms < p.end);
}

/**
 * `from` plus `ms` of working time. Counting starts at the first working moment at or after `from`,
 * so 0 gives that moment itself; a term ending exactly at 13:00 or 18:30 ends there.
 */
export function addWorkingTime(from: Date, ms: number): Date {
  let day = coveredDay(from, 'from');
  assertCount(ms, 'working time', false);
  let remaining = Math.round(ms);
  let lo = msOfLocalDay(from);
  for (;;) {
    if (isWorkingDayNumber(day)) {
      for (const p of WORKING_PERIODS) {
        const start = Math.max(lo, p.start);
        if (start >= p.end) continue;
        if (remaining <= p.end - start) return momentAt(day, start + remaining);
        remaining -= p.end - start;
      }
    }
    day += 1; // past the data → isWorkingDayNumber throws INVALID_DATE
    lo = 0;
  }
}

/** `from` plus `hours` of working time (lunch, nights, weekends and holidays do not count). */
export function addWorkingHours(from: Date, hours: number): Date {
  assertCount(hours, 'hours', false);
  return addWorkingTime(from, hours * MS_PER_HOUR);
}

/**
 * Working time between two moments in ms (09:00–13:00 and 14:30–18:30 of working days), signed:
 * negative when `to` is before `from` — e.g. SLA remaining = workingTimeBetween(now, dueAt) < 0 when overdue.
 */
export function workingTimeBetween(from: Date, to: Date): number {
  const a = coveredDay(from, 'from');
  const b = coveredDay(to, 'to');
  if (to.getTime() < from.getTime()) return -workingTimeBetween(to, from);
  let total = 0;
  for (let day = a; day <= b; day += 1) {
    if (!isWorkingDayNumber(day)) continue;
    const lo = day === a ? msOfLocalDay(from) : 0;
    const hi = day === b ? msOfLocalDay(to) : MS_PER_DAY;
    for (const p of WORKING_PERIODS) total += Math.max(0, Math.min(hi, p.end) - Math.max(lo, p.start));
  }
  return total;
}

// --- the regulations' terms --------------------------------------------------------------------------

/**
 * The moment an electronic application counts as registered (seed 003 ¶9): the day it arrives when it
 * arrives in working hours; after working hours, on a weekend or a holiday → 09:00 of the next working
 * day. Inside the working day it is the next working moment: during lunch → 14:30 the same day; before
 * 09:00 of a working day → 09:00 the same day (it arrived that day, not "after working hours").
 */
export function registrationMoment(submittedAt: Date): Date {
  return addWorkingTime(submittedAt, 0);
}

/**
 * End of a term of `days` working days started by the event at `from` (APPC: counting starts the day
 * after the event) — 18:30 local of the `days`-th working day after `from`'s local day. 0 → 18:30 of
 * `from`'s day, or of the next working day when that day is not a working day.
 * Seed 003 ¶10 (1 working day), ¶11 (1), ¶12 (7), ¶12-1 objection (2), ¶16 reviews (5, 15, 20).
 */
export function addWorkingDays(from: Date, days: number): Date {
  const day = coveredDay(from, 'from');
  assertCount(days, 'days', true);
  return endOfWorkingDay(lastDayOfTerm(day, 'working-days', days, ORACLE));
}

/**
 * "No later than `days` working days before `moment`" (seed 003 ¶12-1: the preliminary decision no later
 * than 3 working days before the term ends): 18:30 local of the `days`-th working day before `moment`'s
 * local day. 0 → 18:30 of `moment`'s day, or of the previous working day when it is not one.
 */
export function workingDaysBefore(moment: Date, days: number): Date {
  const day = coveredDay(moment, 'moment');
  assertCount(days, 'days', true);
  const target = days === 0 ? (isWorkingDayNumber(day) ? day : nthWorkingDayBefore(day, 1)) : nthWorkingDayBefore(day, days);
  const end = endOfWorkingDay(target);
  coveredDay(end); // a day before 2024-03-01 has no single-zone moment
  return end;
}

/**
 * A term in hours: plain elapsed time, nights and holidays included (seed 000 ¶4: SME registration
 * "within one hour" of the electronic application — the portal and the registration run 24/7).
 */
export function addHours(from: Date, hours: number): Date {
  coveredDay(from, 'from');
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new DomainError('VALIDATION_FAILED', `hours must be a number ≥ 0, got ${String(hours)}`);
  }
  const end = new Date(from.getTime() + Math.round(hours * MS_PER_HOUR));
  coveredDay(end);
  return end;
}

/**
 * A term of `days` calendar days started by the event at `from` (APPC rules: day 1 is the next day; a
 * last day that is not a working day rolls to the next working day). Ends 23:59:59.999 local of the
 * last day: such terms bind the applicant, who may file through the portal around the clock.
 */
export function addCalendarDays(from: Date, days: number): Date {
  const day = coveredDay(from, 'from');
  assertCount(days, 'days', true);
  return endOfDay(lastDayOfTerm(day, 'calendar-days', days, ORACLE));
}

/**
 * A term of `months` months started by the event at `from`: the same day-of-month of the last month
 * (or that month's last day), rolled to the next working day when it is not one; ends 23:59:59.999
 * local. Seed 003 ¶16: a complaint "no later than 3 months" from the day the applicant learned of the act.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const day = coveredDay(from, 'from');
  assertCount(months, 'months', true);
  return endOfDay(lastDayOfTerm(day, 'months', months, ORACLE));
}

// --- coverage ----------------------------------------------------------------------------------------

export interface CalendarCoverage {
  version: string;
  /** First and last local dates answered by the day functions. */
  firstDate: LocalDate;
  lastDate: LocalDate;
  /** First moment answered by the moment functions (one time zone from then on). */
  firstMoment: string;
  /** The end of the data, exclusive: moments must be before it. */
  endMoment: string;
}

export function calendarCoverage(): CalendarCoverage {
  return {
    version: CALENDAR_VERSION,
    firstDate: formatLocalDate(FIRST_DAY),
    lastDate: formatLocalDate(LAST_DAY),
    firstMoment: toKzIso(momentAt(FIRST_MOMENT_DAY, 0)),
    endMoment: toKzIso(momentAt(LAST_DAY + 1, 0)),
  };
}

/** Start of the working day (09:00 local) of a local date — handy for plans and tests. */
export function startOfWorkingDay(localDate: LocalDate): Date {
  const day = parseLocalDate(localDate, 'localDate');
  assertDayCovered(day, 'date', 'localDate');
  return momentAt(day, WORKING_DAY_START_MS);
}
