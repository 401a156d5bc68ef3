/**
 * Fixed-offset time arithmetic for Kazakhstan. The whole country has kept one time zone, UTC+5, since
 * 2024-03-01 00:00 (before that Astana and most regions were UTC+6), so a local moment is simply
 * epoch milliseconds + 5 h. No `Intl`, no host time zone, no clock reads: only epoch arithmetic and
 * `Date.UTC`, so the results are identical on every machine and inside Temporal workflows.
 *
 * A calendar day is handled as a "day number": whole days since 1970-01-01 (Kazakhstan local date).
 */
import { DomainError } from '../errors';

/** The only offset this module knows (since 2024-03-01). */
export const KZ_UTC_OFFSET = '+05:00';
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
export const KZ_OFFSET_MS = 5 * MS_PER_HOUR;

/** A Kazakhstan calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;
/** Whole days since 1970-01-01 of a Kazakhstan calendar date. */
export type DayNumber = number;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
// ISO 8601 with an explicit offset: a moment without one is ambiguous and refused.
const ISO_MOMENT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

export function invalidDate(message: string, field?: string): DomainError {
  return new DomainError('INVALID_DATE', message, [field === undefined ? { message } : { field, message }]);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dayFromParts(year: number, month: number, day: number): DayNumber | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `YYYY-MM-DD` → day number; INVALID_DATE for anything else (including 2025-02-30). */
export function parseLocalDate(s: string, field?: string): DayNumber {
  const m = LOCAL_DATE_RE.exec(s);
  const day = m ? dayFromParts(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  if (day === undefined) throw invalidDate(`"${s}" is not a calendar date in the form YYYY-MM-DD`, field);
  return day;
}

export function formatLocalDate(day: DayNumber): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function datePartsOf(day: DayNumber): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb). */
export function addMonthsClamped(day: DayNumber, months: number): DayNumber {
  const p = datePartsOf(day);
  const monthIndex = p.month - 1 + months;
  const year = p.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  return Date.UTC(year, month - 1, Math.min(p.day, daysInMonth(year, month))) / MS_PER_DAY;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: DayNumber): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

export function assertValidMoment(d: Date, field?: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw invalidDate('not a valid moment (Invalid Date)', field);
}

/** The Kazakhstan calendar day a moment falls on. */
export function dayOfMoment(d: Date): DayNumber {
  return Math.floor((d.getTime() + KZ_OFFSET_MS) / MS_PER_DAY);
}

/** Milliseconds since local midnight. */
export function msOfLocalDay(d: Date): number {
  const ms = (d.getTime() + KZ_OFFSET_MS) % MS_PER_DAY;
  return ms < 0 ? ms + MS_PER_DAY : ms;
}

/** The moment `msOfDay` after local midnight of `day`. */
export function momentAt(day: DayNumber, msOfDay: number): Date {
  return new Date(day * MS_PER_DAY + msOfDay - KZ_OFFSET_MS);
}

/** ISO 8601 with the +05:00 offset, e.g. `2026-03-26T09:00:00+05:00` (milliseconds only when not zero). */
export function toKzIso(d: Date): string {
  assertValidMoment(d);
  const local = new Date(d.getTime() + KZ_OFFSET_MS).toISOString(); // …Z, shifted: the digits are local
  const ms = local.slice(19, 23); // ".sss"
  return `${local.slice(0, 19)}${ms === '.000' ? '' : ms}${KZ_UTC_OFFSET}`;
}

/**
 * Parses an ISO 8601 moment that carries its offset (`Z` or `±HH:MM`), e.g. `2026-03-20T18:45:00+05:00`.
 * INVALID_DATE for anything else — a moment without an offset is ambiguous.
 */
export function parseKzMoment(s: string, field?: string): Date {
  const m = ISO_MOMENT_RE.exec(s);
  if (m) {
    const day = dayFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
    const frac = Number((m[7] ?? '0').padEnd(3, '0'));
    const offsetMs = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * MS_PER_HOUR + Number(m[11]) * MS_PER_MINUTE);
    if (day !== undefined && hh < 24 && mm < 60 && ss < 60 && Number(m[10] ?? '0') < 24 && Number(m[11] ?? '0') < 60) {
      return new Date(day * MS_PER_DAY + hh * MS_PER_HOUR + mm * MS_PER_MINUTE + ss * 1000 + frac - offsetMs);
    }
  }
  throw invalidDate(`"${s}" is not an ISO 8601 moment with an offset, e.g. 2026-03-20T18:45:00+05:00`, field);
}

/** The moment at local date and time in Kazakhstan: `kzMoment('2026-03-20', '18:45')`. */
export function kzMoment(localDate: LocalDate, time: string): Date {
  const day = parseLocalDate(localDate);
  const m = LOCAL_TIME_RE.exec(time);
  const [hh, mm, ss] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')] : [NaN, NaN, NaN];
  if (!(hh < 24 && mm < 60 && ss < 60)) throw invalidDate(`"${time}" is not a local time in the form HH:MM or HH:MM:SS`);
  return momentAt(day, hh * MS_PER_HOUR + mm * MS_PER_MINUTE + ss * 1000);
}
