/**
 * SLA figures: how much of a case's term is used and left, overall and per stage, and the share of cases
 * a service finished on time. Pure functions: the dashboard and inbox routes, the metrics and the tests
 * share them.
 *
 * The time is counted the way the service's term is (its `basis`):
 *  - 'working-time' for terms in working days (seed 003 ¶9–¶12): only 09:00–13:00 and 14:30–18:30 of
 *    Kazakhstan working days count, and a "day" is WORKING_MS_PER_DAY (8 h) of it;
 *  - 'elapsed-time' for terms in hours (seed 000 ¶4: registration "within one hour" of the electronic
 *    application, on a portal open around the clock): every millisecond counts, and a "day" is 24 h.
 * Field names say "Working" for backward compatibility; `basis` says which time they hold.
 * Moments outside the calendar's years give null instead of a wrong number.
 */
import { isDomainError } from '../domain/errors';
import { embeddedCalendar, WORKING_MS_PER_DAY, toKzIso, type BusinessCalendar } from '../domain/calendar';
import type { ServiceTerm } from '../domain/services';

export const SLA_BASES = ['working-time', 'elapsed-time'] as const;
export type SlaBasis = (typeof SLA_BASES)[number];

/** seed 000 ¶4: an hour term runs in elapsed time; a working-day term in working time (seed 003 ¶9). */
export function slaBasisOf(term: ServiceTerm | undefined): SlaBasis {
  return term?.kind === 'hours' ? 'elapsed-time' : 'working-time';
}

/** The basis of a service by its code (modules as registered with the API); working time when unknown. */
export function slaBasisFor(modules: ReadonlyMap<string, { descriptor: { term: ServiceTerm } }>, serviceCode: string): SlaBasis {
  return slaBasisOf(modules.get(serviceCode)?.descriptor.term);
}

const DAY_MS: Record<SlaBasis, number> = { 'working-time': WORKING_MS_PER_DAY, 'elapsed-time': 24 * 3_600_000 };

/**
 * Signed working time from → to in ms; null when a moment is outside the calendar's data. `cal`: the
 * current published calendar (the routes read it), so a decree's days off count as the cases count them.
 */
export function workingMs(from: Date, to: Date, cal: BusinessCalendar = embeddedCalendar): number | null {
  try {
    return cal.workingTimeBetween(from, to);
  } catch (e) {
    if (isDomainError(e) && e.code === 'INVALID_DATE') return null;
    throw e;
  }
}

/** Signed time from → to in ms on the basis: working time, or plain elapsed time. */
export function slaMs(basis: SlaBasis, from: Date, to: Date, cal: BusinessCalendar = embeddedCalendar): number | null {
  return basis === 'elapsed-time' ? to.getTime() - from.getTime() : workingMs(from, to, cal);
}

/** ms → days of the basis, two decimals (8 working hours, or 24 hours, = 1 day). */
export function toWorkingDays(ms: number | null, basis: SlaBasis = 'working-time'): number | null {
  return ms === null ? null : Math.round((ms / DAY_MS[basis]) * 100) / 100;
}

export interface OverallSla {
  /** Which time the figures below count (see the file comment). */
  basis: SlaBasis;
  dueAt: string;
  /** The whole term, registration → dueAt. */
  termWorkingDays: number | null;
  /** Used so far (or until closing). */
  elapsedWorkingDays: number | null;
  /** Left until dueAt; negative when overdue; null once closed. */
  remainingWorkingDays: number | null;
  remainingWorkingMs: number | null;
  /** The whole term and the part used, in ms of the basis (an hour term is too short for days). */
  termMs: number | null;
  elapsedMs: number | null;
  overdue: boolean;
}

export function overallSla(
  c: { registeredAt: Date; dueAt: Date; closedAt?: Date | null },
  now: Date,
  basis: SlaBasis = 'working-time',
  cal: BusinessCalendar = embeddedCalendar,
): OverallSla {
  const end = c.closedAt ?? now;
  const remaining = c.closedAt ? null : slaMs(basis, now, c.dueAt, cal);
  const term = slaMs(basis, c.registeredAt, c.dueAt, cal);
  const elapsed = end.getTime() < c.registeredAt.getTime() ? 0 : slaMs(basis, c.registeredAt, end, cal);
  return {
    basis,
    dueAt: toKzIso(c.dueAt),
    termWorkingDays: toWorkingDays(term, basis),
    elapsedWorkingDays: toWorkingDays(elapsed, basis),
    remainingWorkingDays: toWorkingDays(remaining, basis),
    remainingWorkingMs: remaining,
    termMs: term,
    elapsedMs: elapsed,
    overdue: end.getTime() > c.dueAt.getTime(),
  };
}

/** One stage as planned and as it went; built from the live timeline or from 'stage-entered' audit events. */
export interface StageInput {
  stage: string;
  startedAt: Date;
  endedAt?: Date | null;
  plannedBy?: Date | null;
  regulation?: string;
  actor?: string;
  note?: string;
}

export interface StageSla {
  stage: string;
  regulation?: string;
  startedAt: string;
  endedAt: string | null;
  plannedBy: string | null;
  /** Days (of the case's basis) from the stage's start to its planned end (the deadline the regulation sets). */
  plannedWorkingDays: number | null;
  /** Working days actually spent (until now while the stage is open). */
  actualWorkingDays: number | null;
  /** Working days left until plannedBy while the stage is open; negative when late. */
  remainingWorkingDays: number | null;
  /** on-time / late while or after running; null when the regulation sets no deadline for it. */
  verdict: 'on-time' | 'late' | null;
  actor?: string;
  note?: string;
}

export function stageSla(s: StageInput, now: Date, basis: SlaBasis = 'working-time', cal: BusinessCalendar = embeddedCalendar): StageSla {
  const end = s.endedAt ?? null;
  const planned = s.plannedBy ?? null;
  const upTo = end ?? now;
  const days = (from: Date, to: Date) => toWorkingDays(slaMs(basis, from, to, cal), basis);
  return {
    stage: s.stage,
    ...(s.regulation ? { regulation: s.regulation } : {}),
    startedAt: toKzIso(s.startedAt),
    endedAt: end ? toKzIso(end) : null,
    plannedBy: planned ? toKzIso(planned) : null,
    plannedWorkingDays: planned ? days(s.startedAt, planned) : null,
    actualWorkingDays: days(s.startedAt, upTo),
    remainingWorkingDays: planned && !end ? days(now, planned) : null,
    verdict: planned ? (upTo.getTime() > planned.getTime() ? 'late' : 'on-time') : null,
    ...(s.actor ? { actor: s.actor } : {}),
    ...(s.note ? { note: s.note } : {}),
  };
}

export interface OnTimeShare {
  serviceCode: string;
  /** Closed by dueAt. */
  met: number;
  /** Closed after dueAt. */
  missed: number;
  /** met / (met + missed); null when nothing closed in the period. */
  share: number | null;
}

/** From counts of closed cases by SLA state ('met' / 'missed', workflows/shared/case.ts SLA_STATES). */
export function onTimeShare(serviceCode: string, counts: Array<{ slaState: string; count: number }>): OnTimeShare {
  const met = counts.filter((c) => c.slaState === 'met').reduce((n, c) => n + c.count, 0);
  const missed = counts.filter((c) => c.slaState === 'missed').reduce((n, c) => n + c.count, 0);
  return { serviceCode, met, missed, share: met + missed === 0 ? null : Math.round((met / (met + missed)) * 10_000) / 10_000 };
}
