/**
 * SLA figures in WORKING time (domain/calendar: 09:00–13:00 and 14:30–18:30 of Kazakhstan working days):
 * how much of a case's term is used and left, overall and per stage, and the share of cases a service
 * finished on time. Pure functions: the dashboard and inbox routes, the metrics and the tests share them.
 *
 * A "working day" here is WORKING_MS_PER_DAY (8 h) of working time, the unit the regulations count terms
 * in (seed 003 ¶10, ¶12). Moments outside the calendar's years give null instead of a wrong number.
 */
import { isDomainError } from '../domain/errors';
import { WORKING_MS_PER_DAY, toKzIso, workingTimeBetween } from '../domain/calendar';

/** Signed working time from → to in ms; null when a moment is outside the calendar's data. */
export function workingMs(from: Date, to: Date): number | null {
  try {
    return workingTimeBetween(from, to);
  } catch (e) {
    if (isDomainError(e) && e.code === 'INVALID_DATE') return null;
    throw e;
  }
}

/** Working ms → working days, two decimals (8 working hours = 1 day). */
export function toWorkingDays(ms: number | null): number | null {
  return ms === null ? null : Math.round((ms / WORKING_MS_PER_DAY) * 100) / 100;
}

export interface OverallSla {
  dueAt: string;
  /** The whole term, registration → dueAt. */
  termWorkingDays: number | null;
  /** Used so far (or until closing). */
  elapsedWorkingDays: number | null;
  /** Left until dueAt; negative when overdue; null once closed. */
  remainingWorkingDays: number | null;
  remainingWorkingMs: number | null;
  overdue: boolean;
}

export function overallSla(c: { registeredAt: Date; dueAt: Date; closedAt?: Date | null }, now: Date): OverallSla {
  const end = c.closedAt ?? now;
  const remaining = c.closedAt ? null : workingMs(now, c.dueAt);
  return {
    dueAt: toKzIso(c.dueAt),
    termWorkingDays: toWorkingDays(workingMs(c.registeredAt, c.dueAt)),
    elapsedWorkingDays: toWorkingDays(end.getTime() < c.registeredAt.getTime() ? 0 : workingMs(c.registeredAt, end)),
    remainingWorkingDays: toWorkingDays(remaining),
    remainingWorkingMs: remaining,
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
  /** Working days from the stage's start to its planned end (the deadline the regulation sets). */
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

export function stageSla(s: StageInput, now: Date): StageSla {
  const end = s.endedAt ?? null;
  const planned = s.plannedBy ?? null;
  const upTo = end ?? now;
  return {
    stage: s.stage,
    ...(s.regulation ? { regulation: s.regulation } : {}),
    startedAt: toKzIso(s.startedAt),
    endedAt: end ? toKzIso(end) : null,
    plannedBy: planned ? toKzIso(planned) : null,
    plannedWorkingDays: planned ? toWorkingDays(workingMs(s.startedAt, planned)) : null,
    actualWorkingDays: toWorkingDays(workingMs(s.startedAt, upTo)),
    remainingWorkingDays: planned && !end ? toWorkingDays(workingMs(now, planned)) : null,
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
