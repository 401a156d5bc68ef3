/**
 * The day table: rules (./rules.ts) applied to years of data — the embedded ./data or a version
 * published at run time (a decree). Built once per version; pure and deterministic — safe to evaluate
 * inside a Temporal workflow isolate.
 */
import type { YearData } from './data';
import { movedDaysOff, statutoryHolidays, type WorkingDayOracle } from './rules';
import { formatLocalDate, invalidDate, isWeekend, MS_PER_DAY, parseLocalDate, weekdayOf, type DayNumber, type LocalDate } from './time';

export type SpecialDayKind =
  /** A public holiday (day off) on a weekday, or a religious holiday on any day. */
  | 'holiday'
  /** A public holiday that fell on a Saturday/Sunday (no extra effect by itself; its day off moved). */
  | 'holiday-on-weekend'
  /** The weekday that became a day off because a holiday fell on a weekend. */
  | 'moved-day-off'
  /** The weekday made a day off by a transfer order. */
  | 'transferred-day-off'
  /** The weekend day made a working day by a transfer order. */
  | 'transferred-working-day';

export interface SpecialDay {
  date: LocalDate;
  kind: SpecialDayKind;
  /** What it is, e.g. "Nauryz meiramy", "day off for Nauryz meiramy (Sat 2026-03-21)". */
  name: string;
  working: boolean;
}

const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function describeDay(day: DayNumber): string {
  return `${WEEKDAY_NAMES[weekdayOf(day)] ?? ''} ${formatLocalDate(day)}`;
}

/** Throws an Error naming the first problem when the years do not make a consistent calendar. */
export function buildTable(years: readonly YearData[]) {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const firstYear = sorted[0]?.year;
  const lastYear = sorted[sorted.length - 1]?.year;
  if (firstYear === undefined || lastYear === undefined) throw new Error('calendar: no years of data');
  sorted.forEach((y, i) => {
    if (y.year !== firstYear + i) throw new Error(`calendar: years of data must be consecutive (missing ${firstYear + i})`);
  });
  const firstDay = parseLocalDate(`${firstYear}-01-01`);
  const lastDay = parseLocalDate(`${lastYear}-12-31`);
  const special = new Map<DayNumber, SpecialDay>();
  const mark = (day: DayNumber, s: Omit<SpecialDay, 'date'>) => special.set(day, { date: formatLocalDate(day), ...s });

  for (const y of sorted) {
    const kurban = parseLocalDate(y.kurbanAit);
    if (formatLocalDate(kurban).slice(0, 4) !== String(y.year))
      throw new Error(`calendar ${y.year}: Kurban Ait ${y.kurbanAit} not in the year`);
    const holidays = statutoryHolidays(y.year, kurban);
    for (const h of holidays) {
      mark(h.day, { kind: h.religious || !isWeekend(h.day) ? 'holiday' : 'holiday-on-weekend', name: h.name, working: false });
    }
    for (const m of movedDaysOff(holidays)) {
      if (m.day > lastDay) throw new Error(`calendar: day off for ${m.from.name} moves past the data (${formatLocalDate(m.day)})`);
      mark(m.day, { kind: 'moved-day-off', name: `day off for ${m.from.name} (${describeDay(m.from.day)})`, working: false });
    }
  }
  // Transfers after the moving rule: an order moves a day of rest that the law already fixed.
  for (const y of sorted) {
    for (const t of y.transfers) {
      const working = parseLocalDate(t.workingDay);
      const off = parseLocalDate(t.dayOff);
      if (!isWeekend(working) || special.has(working))
        throw new Error(`calendar ${y.year}: transfer working day ${t.workingDay} must be an ordinary weekend day`);
      if (isWeekend(off) || special.has(off))
        throw new Error(`calendar ${y.year}: transfer day off ${t.dayOff} must be an ordinary weekday`);
      mark(working, { kind: 'transferred-working-day', name: `working day instead of ${describeDay(off)} (${t.act})`, working: true });
      mark(off, { kind: 'transferred-day-off', name: `day off instead of ${describeDay(working)} (${t.act})`, working: false });
    }
  }

  const workingDays: DayNumber[] = [];
  for (let d = firstDay; d <= lastDay; d += 1) {
    const s = special.get(d);
    if (s ? s.working : !isWeekend(d)) workingDays.push(d);
  }
  return { firstDay, lastDay, special, workingDays };
}

/** The working days of a run of years: the oracle the term functions count with. */
export class DayTable implements WorkingDayOracle {
  readonly firstDay: DayNumber;
  readonly lastDay: DayNumber;
  private readonly special: Map<DayNumber, SpecialDay>;
  private readonly workingDays: DayNumber[];

  constructor(years: readonly YearData[]) {
    const t = buildTable(years);
    this.firstDay = t.firstDay;
    this.lastDay = t.lastDay;
    this.special = t.special;
    this.workingDays = t.workingDays;
  }

  assertDayCovered(day: DayNumber, what: string, field?: string): void {
    if (day < this.firstDay || day > this.lastDay) {
      throw invalidDate(
        `${what} ${formatLocalDate(day)} is outside the business calendar's data (${formatLocalDate(this.firstDay)} … ${formatLocalDate(this.lastDay)})`,
        field,
      );
    }
  }

  isWorkingDay(day: DayNumber): boolean {
    this.assertDayCovered(day, 'date');
    const s = this.special.get(day);
    return s ? s.working : !isWeekend(day);
  }

  /** Index of the first working day strictly after `day` (may equal workingDays.length). */
  private firstIndexAfter(day: DayNumber): number {
    const wd = this.workingDays;
    let lo = 0;
    let hi = wd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((wd[mid] as number) <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private beyondData(direction: 'after' | 'before', day: DayNumber, n: number): never {
    throw invalidDate(
      `the ${n}-th working day ${direction} ${formatLocalDate(day)} is outside the business calendar's data (${formatLocalDate(this.firstDay)} … ${formatLocalDate(this.lastDay)})`,
    );
  }

  /** The n-th working day strictly after `day` (n ≥ 1). */
  nthWorkingDayAfter(day: DayNumber, n: number): DayNumber {
    this.assertDayCovered(day, 'date');
    const found = this.workingDays[this.firstIndexAfter(day) + n - 1];
    return found ?? this.beyondData('after', day, n);
  }

  /** The n-th working day strictly before `day` (n ≥ 1). */
  nthWorkingDayBefore(day: DayNumber, n: number): DayNumber {
    this.assertDayCovered(day, 'date');
    const lastBefore = this.firstIndexAfter(day - 1) - 1; // index of the last working day < day
    const index = lastBefore - n + 1;
    const found = index >= 0 ? this.workingDays[index] : undefined;
    return found ?? this.beyondData('before', day, n);
  }

  /** Working days d with a < d ≤ b (negative when b < a). */
  countWorkingDaysBetween(a: DayNumber, b: DayNumber): number {
    this.assertDayCovered(a, 'date');
    this.assertDayCovered(b, 'date');
    return this.firstIndexAfter(b) - this.firstIndexAfter(a);
  }

  /** Every day that differs from a plain Mon–Fri week in `year`, in date order. */
  specialDaysOf(year: number): SpecialDay[] {
    this.assertDayCovered(Date.UTC(year, 0, 1) / MS_PER_DAY, 'year start');
    return [...this.special.values()].filter((s) => s.date.startsWith(`${year}-`)).sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /** The working days of `year`, as local dates. */
  workingDaysOf(year: number): LocalDate[] {
    this.assertDayCovered(Date.UTC(year, 0, 1) / MS_PER_DAY, 'year start');
    return this.workingDays.map(formatLocalDate).filter((d) => d.startsWith(`${year}-`));
  }
}
