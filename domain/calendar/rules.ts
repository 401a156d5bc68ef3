/**
 * The rules of the Kazakhstan business calendar, as code. The years (Kurban Ait, transfer orders, the
 * sources) are data in ./data. Citations and the choices made where sources disagree: docs/calendar.md.
 */
import { addMonthsClamped, isWeekend, MS_PER_HOUR, MS_PER_MINUTE, type DayNumber } from './time';

// ---------------------------------------------------------------------------------------------------
// Working time — seed 003 Annex 2 item "Жұмыс кестесі" 2); seed 002 ¶8; regulations.md "Working time":
// Monday–Friday 09:00–18:30, lunch 13:00–14:30, except weekends and holidays.
// ---------------------------------------------------------------------------------------------------
export const WORKING_DAY_START_MS = 9 * MS_PER_HOUR; // 09:00
export const LUNCH_START_MS = 13 * MS_PER_HOUR; // 13:00
export const LUNCH_END_MS = 14 * MS_PER_HOUR + 30 * MS_PER_MINUTE; // 14:30
export const WORKING_DAY_END_MS = 18 * MS_PER_HOUR + 30 * MS_PER_MINUTE; // 18:30

/** The working periods of a working day, [start, end) in ms after local midnight. 8 h in all. */
export const WORKING_PERIODS: ReadonlyArray<{ readonly start: number; readonly end: number }> = [
  { start: WORKING_DAY_START_MS, end: LUNCH_START_MS },
  { start: LUNCH_END_MS, end: WORKING_DAY_END_MS },
];
export const WORKING_MS_PER_DAY = WORKING_PERIODS.reduce((sum, p) => sum + (p.end - p.start), 0);

// ---------------------------------------------------------------------------------------------------
// Public holidays that are days off — Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001
// No. 267-II, art. 5, as amended. `fromYear`/`untilYear` record the amendments that matter for the
// years we carry data for (2024–2027).
// ---------------------------------------------------------------------------------------------------
export interface StatutoryHoliday {
  month: number;
  day: number;
  name: string;
  /** Religious holidays are days off but never move when they fall on a weekend. */
  religious: boolean;
  fromYear?: number;
  untilYear?: number;
}

export const FIXED_HOLIDAYS: readonly StatutoryHoliday[] = [
  { month: 1, day: 1, name: 'New Year', religious: false },
  { month: 1, day: 2, name: 'New Year', religious: false },
  { month: 1, day: 7, name: 'Orthodox Christmas', religious: true },
  { month: 3, day: 8, name: "International Women's Day", religious: false },
  // New Constitution adopted at the referendum of 15 March 2026 (in force 1 July 2026): its final
  // provisions make the day of adoption Constitution Day; the Ministry of Labour said it is a day off
  // from 2027 and that 30 August is no longer one from 2026. See data/y2026.ts — a deliberate choice.
  { month: 3, day: 15, name: 'Constitution Day', religious: false, fromYear: 2027 },
  { month: 3, day: 21, name: 'Nauryz meiramy', religious: false },
  { month: 3, day: 22, name: 'Nauryz meiramy', religious: false },
  { month: 3, day: 23, name: 'Nauryz meiramy', religious: false },
  { month: 5, day: 1, name: 'Unity Day of the People of Kazakhstan', religious: false },
  { month: 5, day: 7, name: 'Defender of the Fatherland Day', religious: false },
  { month: 5, day: 9, name: 'Victory Day', religious: false },
  { month: 7, day: 6, name: 'Capital Day', religious: false },
  { month: 8, day: 30, name: 'Constitution Day (1995 Constitution)', religious: false, untilYear: 2025 },
  // Republic Day restored as a national holiday and day off in 2022 (the same 2022 amendments removed
  // First President Day, 1 December, and the second day of Independence Day, 17 December).
  { month: 10, day: 25, name: 'Republic Day', religious: false, fromYear: 2022 },
  { month: 12, day: 16, name: 'Independence Day', religious: false },
];

export interface Holiday {
  day: DayNumber;
  name: string;
  religious: boolean;
}

/** The holidays of `year` that are days off: the fixed list plus the first day of Kurban Ait (data). */
export function statutoryHolidays(year: number, kurbanAitFirstDay: DayNumber): Holiday[] {
  const fixed = FIXED_HOLIDAYS.filter((h) => (h.fromYear ?? -Infinity) <= year && year <= (h.untilYear ?? Infinity)).map((h) => ({
    day: Date.UTC(year, h.month - 1, h.day) / 86_400_000,
    name: h.name,
    religious: h.religious,
  }));
  // The first day of Kurban Ait is a religious holiday and a day off (Law on holidays art. 5).
  const all = [...fixed, { day: kurbanAitFirstDay, name: 'Kurban Ait (first day)', religious: true }];
  return all.sort((a, b) => a.day - b.day);
}

export interface MovedDayOff {
  /** The weekday that becomes a day off. */
  day: DayNumber;
  /** The holiday that fell on a Saturday or Sunday. */
  from: Holiday;
}

/**
 * The moving rule: when a holiday falls on a Saturday or Sunday the day off moves to the next working
 * day after the holiday — except the religious holidays (7 January, first day of Kurban Ait), which
 * never move. (Law on holidays art. 5; Labour Code of 23 Nov 2015 art. 85 — see docs/calendar.md.)
 * Holidays are taken in date order, so a weekend inside a run of holidays pushes each day off to the
 * next free weekday: Nauryz 2026 (Sat 21, Sun 22, Mon 23 March) → days off Tue 24 and Wed 25 March.
 */
export function movedDaysOff(holidays: readonly Holiday[]): MovedDayOff[] {
  const off = new Set(holidays.map((h) => h.day));
  const moved: MovedDayOff[] = [];
  for (const h of [...holidays].sort((a, b) => a.day - b.day)) {
    if (h.religious || !isWeekend(h.day)) continue;
    let d = h.day + 1;
    while (isWeekend(d) || off.has(d)) d += 1;
    off.add(d);
    moved.push({ day: d, from: h });
  }
  return moved;
}

// ---------------------------------------------------------------------------------------------------
// Counting terms — the Administrative Procedural-Procedural Code of the Republic of Kazakhstan
// (APPC, Code of 29 June 2020 No. 350-VI, in force 1 July 2021), its general-part article on
// calculating terms. ARTICLE NUMBER NOT VERIFIED here (no primary text was reachable offline); the two
// rules below are the ones the issue states and the ones every Kazakh procedural code applies:
//   (1) a term counted in days (working or calendar) or months begins on the day AFTER the event
//       that starts it;
//   (2) a term whose last day is not a working day ends on the next working day.
// A term in months ends on the same day-of-month of the last month (or that month's last day).
// This is the ONE place the rule is written; every term function in ./index.ts goes through it.
// ---------------------------------------------------------------------------------------------------
export type TermUnit = 'working-days' | 'calendar-days' | 'months';

export interface WorkingDayOracle {
  isWorkingDay(day: DayNumber): boolean;
  /** The n-th working day strictly after `day` (n ≥ 1). */
  nthWorkingDayAfter(day: DayNumber, n: number): DayNumber;
}

/** The last day of a term of `n` units started by an event on `eventDay` (APPC, rules (1) and (2)). */
export function lastDayOfTerm(eventDay: DayNumber, unit: TermUnit, n: number, cal: WorkingDayOracle): DayNumber {
  if (unit === 'working-days') {
    // Rule (1): counting starts on the next day; only working days count, so rule (2) never bites.
    // n = 0 (“the same day”) still obeys rule (2): a non-working day rolls to the next working day.
    return n === 0 ? rollToWorkingDay(eventDay, cal) : cal.nthWorkingDayAfter(eventDay, n);
  }
  // Rule (1): day 1 of a calendar-day term is eventDay + 1, so day n is eventDay + n.
  const last = unit === 'calendar-days' ? eventDay + n : addMonthsClamped(eventDay, n);
  return rollToWorkingDay(last, cal); // rule (2)
}

function rollToWorkingDay(day: DayNumber, cal: WorkingDayOracle): DayNumber {
  return cal.isWorkingDay(day) ? day : cal.nthWorkingDayAfter(day, 1);
}
