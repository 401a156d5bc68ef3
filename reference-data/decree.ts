/**
 * What a publication changes, checked before anything is written: a calendar decree applied to the
 * current calendar, a year's MRP added to (or corrected in) the current MRP table. Pure; a refusal is a
 * DomainError naming the field of the request and the reason — REFERENCE_DATA_INVALID (422) when the
 * result would be inconsistent, CONFLICT (409) when an MRP year is already published.
 *
 * The calendar checks are ours first (a date twice, a transfer onto a holiday or a working weekday, a year
 * outside the data) so the answer names the change; every change is then applied on its own and the
 * calendar rebuilt (`new BusinessCalendar`), whose own consistency checks catch the rest, still naming
 * the change that broke it.
 */
import { BusinessCalendar, type CalendarData, type LocalDate, type YearData } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { describeAct, type Act } from '../domain/reference-data';
import type { MrpRow, MrpTable } from './records';

export type CalendarChange =
  | { kind: 'transfer'; workingDay: LocalDate; dayOff: LocalDate }
  | { kind: 'kurban-ait'; year: number; date: LocalDate }
  | { kind: 'year'; data: YearData };

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function weekday(date: LocalDate): (typeof WEEKDAYS)[number] {
  const [y, m, d] = date.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay()] ?? 'Sunday';
}

const named = (date: LocalDate): string => `${weekday(date)} ${date}`;
const isWeekendDate = (date: LocalDate): boolean => ['Saturday', 'Sunday'].includes(weekday(date));
const yearOf = (date: LocalDate): number => Number(date.slice(0, 4));

function invalid(field: string, reason: string): DomainError {
  return new DomainError('REFERENCE_DATA_INVALID', `${field}: ${reason}; nothing was published`, [{ field, message: reason }]);
}

/** The dates a change fixes, with the field that names each (a date twice is refused). */
function datesOf(c: CalendarChange, at: string): Array<{ date: LocalDate; field: string }> {
  switch (c.kind) {
    case 'transfer':
      return [
        { date: c.workingDay, field: `${at}.workingDay` },
        { date: c.dayOff, field: `${at}.dayOff` },
      ];
    case 'kurban-ait':
      return [{ date: c.date, field: `${at}.date` }];
    case 'year':
      return [];
  }
}

export interface AppliedDecree {
  years: YearData[];
  /** In words, e.g. "Friday 2027-01-08 declared a day off, Saturday 2027-01-16 a working day". */
  summary: string;
}

/**
 * The current calendar's years with the decree's changes applied, in order. `fieldPrefix` is where the
 * changes sit in the request ('changes').
 */
export function applyDecree(current: CalendarData, changes: readonly CalendarChange[], act: Act, fieldPrefix = 'changes'): AppliedDecree {
  const seen = new Map<LocalDate, string>();
  changes.forEach((c, i) => {
    for (const { date, field } of datesOf(c, `${fieldPrefix}.${i}`)) {
      const first = seen.get(date);
      if (first) throw invalid(field, `${date} appears twice in the decree (also ${first})`);
      seen.set(date, field);
    }
  });

  let years = [...current.years].sort((a, b) => a.year - b.year);
  let cal = new BusinessCalendar(current);
  const range = (): string => `${years[0]?.year ?? '?'}–${years[years.length - 1]?.year ?? '?'}`;
  const inData = (year: number): boolean => years.some((y) => y.year === year);
  const summary: string[] = [];
  const actText = describeAct(act);

  changes.forEach((c, i) => {
    const at = `${fieldPrefix}.${i}`;
    switch (c.kind) {
      case 'transfer': {
        for (const [date, field] of [
          [c.workingDay, `${at}.workingDay`],
          [c.dayOff, `${at}.dayOff`],
        ] as const) {
          if (!inData(yearOf(date))) throw invalid(field, `${date} is outside the calendar's data (${range()}): publish that year first`);
        }
        if (!isWeekendDate(c.workingDay))
          throw invalid(
            `${at}.workingDay`,
            `${named(c.workingDay)} is not a weekend day: a transfer makes a Saturday or Sunday a working day`,
          );
        const workingSpecial = cal.specialDaysOf(yearOf(c.workingDay)).find((s) => s.date === c.workingDay);
        if (workingSpecial)
          throw invalid(`${at}.workingDay`, `${named(c.workingDay)} is not an ordinary weekend day (${workingSpecial.name})`);
        if (isWeekendDate(c.dayOff)) throw invalid(`${at}.dayOff`, `${named(c.dayOff)} is a weekend day, already a day off`);
        if (!cal.isWorkingDay(c.dayOff)) {
          const s = cal.specialDaysOf(yearOf(c.dayOff)).find((x) => x.date === c.dayOff);
          throw invalid(`${at}.dayOff`, `${named(c.dayOff)} is already a day off (${s?.name ?? 'not a working day'})`);
        }
        const into = yearOf(c.dayOff);
        years = years.map((y) =>
          y.year === into ? { ...y, transfers: [...y.transfers, { workingDay: c.workingDay, dayOff: c.dayOff, act: actText }] } : y,
        );
        summary.push(`${named(c.dayOff)} declared a day off, ${named(c.workingDay)} a working day`);
        break;
      }
      case 'kurban-ait': {
        const y = years.find((x) => x.year === c.year);
        if (!y) throw invalid(`${at}.year`, `${c.year} is outside the calendar's data (${range()}): publish that year first`);
        if (yearOf(c.date) !== c.year) throw invalid(`${at}.date`, `${c.date} is not in ${c.year}`);
        if (y.kurbanAit === c.date) throw invalid(`${at}.date`, `Kurban Ait ${c.year} is already on ${c.date}: nothing changes`);
        years = years.map((x) =>
          x.year === c.year ? { ...x, kurbanAit: c.date, sources: [...x.sources, `Kurban Ait ${c.date}: ${actText}`] } : x,
        );
        summary.push(`Kurban Ait ${c.year} on ${named(c.date)} (was ${named(y.kurbanAit)})`);
        break;
      }
      case 'year': {
        const last = years[years.length - 1]?.year ?? c.data.year;
        const replaces = inData(c.data.year);
        if (!replaces && c.data.year !== last + 1)
          throw invalid(
            `${at}.data.year`,
            `${c.data.year} is outside the calendar's data (${range()}): a year replaces one of them or follows the last`,
          );
        years = replaces ? years.map((x) => (x.year === c.data.year ? c.data : x)) : [...years, c.data];
        summary.push(
          replaces
            ? `${c.data.year} replaced (Kurban Ait ${c.data.kurbanAit}, ${c.data.transfers.length} transfer(s))`
            : `${c.data.year} added`,
        );
        break;
      }
    }
    try {
      cal = new BusinessCalendar({ version: current.version, years });
    } catch (e) {
      throw invalid(at, e instanceof Error ? e.message : String(e));
    }
  });
  return { years, summary: summary.join('; ') };
}

export interface MrpPublication {
  year: number;
  tenge: number;
  act: Act;
  /** A year already published with another value is replaced only as a correction, with its reason. */
  correction?: { reason: string };
}

/** The current MRP table with the year added or corrected; CONFLICT naming `year` otherwise. */
export function applyMrp(current: MrpTable, currentVersion: string, p: MrpPublication): { data: MrpTable; summary: string } {
  const row: MrpRow = { year: p.year, tenge: p.tenge, source: describeAct(p.act), act: p.act };
  const existing = current.years.find((r) => r.year === p.year);
  if (existing && existing.tenge === p.tenge) {
    throw new DomainError('CONFLICT', `the MRP for ${p.year} is already ${p.tenge} ₸ (${currentVersion}): nothing to publish`, [
      { field: 'year', message: `already published with this value (${existing.source})` },
    ]);
  }
  if (existing && !p.correction) {
    throw new DomainError(
      'CONFLICT',
      `the MRP for ${p.year} is already published as ${existing.tenge} ₸ (${existing.source}); to change it, send it as a correction with its reason`,
      [{ field: 'year', message: `already published as ${existing.tenge} ₸: send "correction": {"reason": …} to replace it` }],
    );
  }
  if (!existing && p.correction) {
    throw new DomainError('REFERENCE_DATA_INVALID', `there is no MRP for ${p.year} to correct; publish it without "correction"`, [
      { field: 'correction', message: `no MRP for ${p.year} is published yet` },
    ]);
  }
  const years = [...current.years.filter((r) => r.year !== p.year), row].sort((a, b) => a.year - b.year);
  const summary = existing
    ? `MRP ${p.year} corrected: ${existing.tenge} ₸ → ${p.tenge} ₸ (${p.correction?.reason ?? ''})`
    : `MRP ${p.year}: ${p.tenge} ₸`;
  return { data: { years }, summary };
}
