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
import { CALENDAR_YEARS, type YearData } from './data';
import { lastDayOfTerm, WORKING_DAY_END_MS, WORKING_DAY_START_MS, WORKING_PERIODS } from './rules';
import { DayTable, type SpecialDay } from './table';
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
export { type SpecialDay, type SpecialDayKind } from './table';
export { CALENDAR_YEARS, type YearData, type Transfer } from './data';

/**
 * The version of rules + data that computed a deadline. A case records it (CaseStatus.calendarVersion),
 * so a later data change (a new transfer order, a corrected Kurban Ait date) is visible per case.
 * Bump the @N on any change to ./data or ./rules.ts that changes a working day. Versions published at
 * run time (a decree through the admin API) carry their own names.
 */
export const CALENDAR_VERSION = 'kz-calendar/2024-2029@2';

/** One version of the calendar's data: what a case is computed with, and what a decree publishes. */
export interface CalendarData {
  version: string;
  years: readonly YearData[];
}

/** The data compiled into this build; a case started without a published version uses it. */
export const EMBEDDED_CALENDAR: CalendarData = { version: CALENDAR_VERSION, years: CALENDAR_YEARS };

/** Kazakhstan has one time zone, UTC+5, from 2024-03-01 00:00; earlier moments are not computed. */
const FIRST_MOMENT_DAY: DayNumber = parseLocalDate('2024-03-01');

function assertCount(n: number, what: string, integer: boolean): void {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new DomainError('VALIDATION_FAILED', `${what} must be a ${integer ? 'whole ' : ''}number ≥ 0, got ${String(n)}`);
  }
}

const endOfWorkingDay = (day: DayNumber): Date => momentAt(day, WORKING_DAY_END_MS);
/** The last moment of a calendar day (24:00 exclusive → 23:59:59.999). */
const endOfDay = (day: DayNumber): Date => new Date(momentAt(day + 1, 0).getTime() - 1);

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

/**
 * The business calendar of one data version. Every term function of the regulations is a method; the
 * module-level functions below are the embedded version's. Workflows use the version their case records
 * (CaseClock.calendar), so a decree published later moves a running case only when the case is told.
 */
export class BusinessCalendar {
  readonly version: string;
  private readonly table: DayTable;

  /** Throws an Error naming the problem when the years are inconsistent (a transfer onto a holiday, a gap). */
  constructor(readonly data: CalendarData) {
    this.version = data.version;
    this.table = new DayTable(data.years);
  }

  private coveredDay(d: Date, field?: string): DayNumber {
    assertValidMoment(d, field);
    const day = dayOfMoment(d);
    if (day < FIRST_MOMENT_DAY) {
      throw invalidDate(
        `${toKzIso(d)} is before 2024-03-01T00:00:00+05:00, when Kazakhstan moved to one time zone (UTC+5); the calendar does not compute earlier moments`,
        field,
      );
    }
    this.table.assertDayCovered(day, 'moment on', field);
    return day;
  }

  // --- days ------------------------------------------------------------------------------------------

  /** Is this Kazakhstan calendar date (`YYYY-MM-DD`) a working day? */
  isWorkingDay(localDate: LocalDate): boolean {
    return this.table.isWorkingDay(parseLocalDate(localDate, 'localDate'));
  }

  /** The first working day strictly after `localDate`. */
  nextWorkingDay(localDate: LocalDate): LocalDate {
    return formatLocalDate(this.table.nthWorkingDayAfter(parseLocalDate(localDate, 'localDate'), 1));
  }

  /** The last working day strictly before `localDate`. */
  previousWorkingDay(localDate: LocalDate): LocalDate {
    return formatLocalDate(this.table.nthWorkingDayBefore(parseLocalDate(localDate, 'localDate'), 1));
  }

  /** Number of working days d with from < d ≤ to (negative when `to` is earlier). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.table.countWorkingDaysBetween(parseLocalDate(from, 'from'), parseLocalDate(to, 'to'));
  }

  /** The Kazakhstan calendar date of a moment, `YYYY-MM-DD`. */
  localDateOf(d: Date): LocalDate {
    return formatLocalDate(this.coveredDay(d));
  }

  /** Every day that differs from a plain Mon–Fri week in `year`, in date order. */
  specialDaysOf(year: number): SpecialDay[] {
    return this.table.specialDaysOf(year);
  }

  /** The working days of `year`, as local dates. */
  workingDaysOf(year: number): LocalDate[] {
    return this.table.workingDaysOf(year);
  }

  // --- working hours ---------------------------------------------------------------------------------

  /** Inside 09:00–13:00 or 14:30–18:30 of a working day (end exclusive: 18:30:00 is after hours). */
  isWithinWorkingHours(d: Date): boolean {
    const day = this.coveredDay(d);
    const ms = msOfLocalDay(d);
    return this.table.isWorkingDay(day) && WORKING_PERIODS.some((p) => ms >= p.start && ms < p.end);
  }

  /**
   * `from` plus `ms` of working time. Counting starts at the first working moment at or after `from`,
   * so 0 gives that moment itself; a term ending exactly at 13:00 or 18:30 ends there.
   */
  addWorkingTime(from: Date, ms: number): Date {
    let day = this.coveredDay(from, 'from');
    assertCount(ms, 'working time', false);
    let remaining = Math.round(ms);
    let lo = msOfLocalDay(from);
    for (;;) {
      if (this.table.isWorkingDay(day)) {
        for (const p of WORKING_PERIODS) {
          const start = Math.max(lo, p.start);
          if (start >= p.end) continue;
          if (remaining <= p.end - start) return momentAt(day, start + remaining);
          remaining -= p.end - start;
        }
      }
      day += 1; // past the data → isWorkingDay throws INVALID_DATE
      lo = 0;
    }
  }

  /** `from` plus `hours` of working time (lunch, nights, weekends and holidays do not count). */
  addWorkingHours(from: Date, hours: number): Date {
    assertCount(hours, 'hours', false);
    return this.addWorkingTime(from, hours * MS_PER_HOUR);
  }

  /**
   * Working time between two moments in ms (09:00–13:00 and 14:30–18:30 of working days), signed:
   * negative when `to` is before `from` — e.g. SLA remaining = workingTimeBetween(now, dueAt) < 0 when overdue.
   */
  workingTimeBetween(from: Date, to: Date): number {
    const a = this.coveredDay(from, 'from');
    const b = this.coveredDay(to, 'to');
    if (to.getTime() < from.getTime()) return -this.workingTimeBetween(to, from);
    let total = 0;
    for (let day = a; day <= b; day += 1) {
      if (!this.table.isWorkingDay(day)) continue;
      const lo = day === a ? msOfLocalDay(from) : 0;
      const hi = day === b ? msOfLocalDay(to) : MS_PER_DAY;
      for (const p of WORKING_PERIODS) total += Math.max(0, Math.min(hi, p.end) - Math.max(lo, p.start));
    }
    return total;
  }

  // --- the regulations' terms ------------------------------------------------------------------------

  /**
   * The moment an electronic application counts as registered (seed 003 ¶9): the day it arrives when it
   * arrives in working hours; after working hours, on a weekend or a holiday → 09:00 of the next working
   * day. Inside the working day it is the next working moment: during lunch → 14:30 the same day; before
   * 09:00 of a working day → 09:00 the same day (it arrived that day, not "after working hours").
   */
  registrationMoment(submittedAt: Date): Date {
    return this.addWorkingTime(submittedAt, 0);
  }

  /**
   * End of a term of `days` working days started by the event at `from` (APPC: counting starts the day
   * after the event) — 18:30 local of the `days`-th working day after `from`'s local day. 0 → 18:30 of
   * `from`'s day, or of the next working day when that day is not a working day. A term that binds the
   * provider: it ends when the provider's working day does.
   * Seed 003 ¶10 (1 working day), ¶11 (1), ¶12 (7), ¶16 reviews (5, 15, 20).
   */
  addWorkingDays(from: Date, days: number): Date {
    const day = this.coveredDay(from, 'from');
    assertCount(days, 'days', true);
    return endOfWorkingDay(lastDayOfTerm(day, 'working-days', days, this.table));
  }

  /**
   * A term of `days` working days that binds the applicant (seed 003 ¶12-1 objection, seed 004 ¶38 answer):
   * the same last day as addWorkingDays, but it ends at 23:59:59.999 local of that day, not at 18:30 —
   * the applicant acts through the portal, which is open around the clock (ours, issue 11 deviation 4;
   * the same reading as the calendar-day terms below).
   */
  addWorkingDaysForApplicant(from: Date, days: number): Date {
    const day = this.coveredDay(from, 'from');
    assertCount(days, 'days', true);
    return endOfDay(lastDayOfTerm(day, 'working-days', days, this.table));
  }

  /**
   * "No later than `days` working days before `moment`" (seed 003 ¶12-1: the preliminary decision no later
   * than 3 working days before the term ends): 18:30 local of the `days`-th working day before `moment`'s
   * local day. 0 → 18:30 of `moment`'s day, or of the previous working day when it is not one.
   */
  workingDaysBefore(moment: Date, days: number): Date {
    const day = this.coveredDay(moment, 'moment');
    assertCount(days, 'days', true);
    const target =
      days === 0
        ? this.table.isWorkingDay(day)
          ? day
          : this.table.nthWorkingDayBefore(day, 1)
        : this.table.nthWorkingDayBefore(day, days);
    const end = endOfWorkingDay(target);
    this.coveredDay(end); // a day before 2024-03-01 has no single-zone moment
    return end;
  }

  /**
   * A term in hours: plain elapsed time, nights and holidays included (seed 000 ¶4: SME registration
   * "within one hour" of the electronic application — the portal and the registration run 24/7).
   */
  addHours(from: Date, hours: number): Date {
    this.coveredDay(from, 'from');
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
      throw new DomainError('VALIDATION_FAILED', `hours must be a number ≥ 0, got ${String(hours)}`);
    }
    const end = new Date(from.getTime() + Math.round(hours * MS_PER_HOUR));
    this.coveredDay(end);
    return end;
  }

  /**
   * A term of `days` calendar days started by the event at `from` (APPC rules: day 1 is the next day; a
   * last day that is not a working day rolls to the next working day). Ends 23:59:59.999 local of the
   * last day: such terms bind the applicant, who may file through the portal around the clock.
   */
  addCalendarDays(from: Date, days: number): Date {
    const day = this.coveredDay(from, 'from');
    assertCount(days, 'days', true);
    return endOfDay(lastDayOfTerm(day, 'calendar-days', days, this.table));
  }

  /**
   * A term of `months` months started by the event at `from`: the same day-of-month of the last month
   * (or that month's last day), rolled to the next working day when it is not one; ends 23:59:59.999
   * local. Seed 003 ¶16: a complaint "no later than 3 months" from the day the applicant learned of the act.
   */
  addCalendarMonths(from: Date, months: number): Date {
    const day = this.coveredDay(from, 'from');
    assertCount(months, 'months', true);
    return endOfDay(lastDayOfTerm(day, 'months', months, this.table));
  }

  // --- coverage --------------------------------------------------------------------------------------

  coverage(): CalendarCoverage {
    return {
      version: this.version,
      firstDate: formatLocalDate(this.table.firstDay),
      lastDate: formatLocalDate(this.table.lastDay),
      firstMoment: toKzIso(momentAt(FIRST_MOMENT_DAY, 0)),
      endMoment: toKzIso(momentAt(this.table.lastDay + 1, 0)),
    };
  }

  /** Start of the working day (09:00 local) of a local date — handy for plans and tests. */
  startOfWorkingDay(localDate: LocalDate): Date {
    const day = parseLocalDate(localDate, 'localDate');
    this.table.assertDayCovered(day, 'date', 'localDate');
    return momentAt(day, WORKING_DAY_START_MS);
  }
}

// Published versions are immutable, so one table per version name is enough (a pure cache).
const byVersion = new Map<string, BusinessCalendar>();

/** The calendar of a data version (built once per version name). */
export function businessCalendar(data: CalendarData): BusinessCalendar {
  const known = byVersion.get(data.version);
  if (known && known.data === data) return known;
  const cal = known && sameYears(known.data.years, data.years) ? known : new BusinessCalendar(data);
  byVersion.set(data.version, cal);
  return cal;
}

function sameYears(a: readonly YearData[], b: readonly YearData[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The calendar compiled into this build (EMBEDDED_CALENDAR). */
export const embeddedCalendar: BusinessCalendar = businessCalendar(EMBEDDED_CALENDAR);

// --- the embedded calendar's functions (the API's default, and the cases that record no other version) ----

export const isWorkingDay = (localDate: LocalDate): boolean => embeddedCalendar.isWorkingDay(localDate);
export const nextWorkingDay = (localDate: LocalDate): LocalDate => embeddedCalendar.nextWorkingDay(localDate);
export const previousWorkingDay = (localDate: LocalDate): LocalDate => embeddedCalendar.previousWorkingDay(localDate);
export const workingDaysBetween = (from: LocalDate, to: LocalDate): number => embeddedCalendar.workingDaysBetween(from, to);
export const localDateOf = (d: Date): LocalDate => embeddedCalendar.localDateOf(d);
export const specialDaysOf = (year: number): SpecialDay[] => embeddedCalendar.specialDaysOf(year);
export const workingDaysOf = (year: number): LocalDate[] => embeddedCalendar.workingDaysOf(year);
export const isWithinWorkingHours = (d: Date): boolean => embeddedCalendar.isWithinWorkingHours(d);
export const addWorkingTime = (from: Date, ms: number): Date => embeddedCalendar.addWorkingTime(from, ms);
export const addWorkingHours = (from: Date, hours: number): Date => embeddedCalendar.addWorkingHours(from, hours);
export const workingTimeBetween = (from: Date, to: Date): number => embeddedCalendar.workingTimeBetween(from, to);
export const registrationMoment = (submittedAt: Date): Date => embeddedCalendar.registrationMoment(submittedAt);
export const addWorkingDays = (from: Date, days: number): Date => embeddedCalendar.addWorkingDays(from, days);
export const addWorkingDaysForApplicant = (from: Date, days: number): Date => embeddedCalendar.addWorkingDaysForApplicant(from, days);
export const workingDaysBefore = (moment: Date, days: number): Date => embeddedCalendar.workingDaysBefore(moment, days);
export const addHours = (from: Date, hours: number): Date => embeddedCalendar.addHours(from, hours);
export const addCalendarDays = (from: Date, days: number): Date => embeddedCalendar.addCalendarDays(from, days);
export const addCalendarMonths = (from: Date, months: number): Date => embeddedCalendar.addCalendarMonths(from, months);
export const calendarCoverage = (): CalendarCoverage => embeddedCalendar.coverage();
export const startOfWorkingDay = (localDate: LocalDate): Date => embeddedCalendar.startOfWorkingDay(localDate);
