/**
 * Stage deadlines in working days, as the case's workflow and its status see them. Pure helpers over the
 * business calendar and the case clock; imported by workflow code (no I/O, no Date arithmetic of its own).
 */
import { toKzIso } from '../../domain/calendar';
import type { CaseClock } from './clock';

/** One stage's deadline and the provision that sets it. */
export interface StageDeadline {
  /** e.g. 'completeness-check'. */
  stage: string;
  by: Date;
  /** e.g. 'seed 003 ¶10'. */
  regulation: string;
}

export function isPast(clock: CaseClock, moment: Date): boolean {
  return clock.now().getTime() > moment.getTime();
}

/** Kazakhstan local time for messages to people: "2026-03-27T18:30:00+05:00". */
export function kzTime(moment: Date): string {
  return toKzIso(moment);
}

/** "completeness-check by 2026-03-25T18:30:00+05:00 (seed 003 ¶10)". */
export function describeDeadline(d: StageDeadline): string {
  return `${d.stage} by ${kzTime(d.by)} (${d.regulation})`;
}

/** The first of several moments (e.g. a stage's own deadline and the case's dueAt). */
export function earliest(...moments: Date[]): Date {
  if (moments.length === 0) throw new Error('earliest() needs at least one moment');
  return moments.reduce((a, b) => (b.getTime() < a.getTime() ? b : a));
}
