/**
 * The case clock. A case's deadlines are absolute moments computed by the business calendar from the
 * moment the application was submitted (input `submittedAt`). The case clock is the workflow clock
 * anchored at that moment: now() = submittedAt + (workflow time elapsed since the workflow started).
 * In production the workflow starts milliseconds after submission, so the two agree; in tests it lets a
 * case "submitted on Friday 18:45 before Nauryz" run on the time-skipping server whatever today is.
 * The clock also holds the business calendar the case counts with: the version the API started it with
 * (input `calendar`; the embedded one for cases that carry none), replaced when a decree is published
 * (adopt). Every term the case computes goes through `clock.calendar`.
 * Deterministic: only the workflow's own Date.now() is read; the calendar comes from the history.
 */
import { condition, sleep } from '@temporalio/workflow';
import { businessCalendar, embeddedCalendar, type BusinessCalendar, type CalendarData } from '../../domain/calendar';

export class CaseClock {
  private readonly startedAtMs = Date.now();
  private readonly anchorMs: number;

  private cal: BusinessCalendar;
  /** Bumped by every reference-data publication: a case waiting on reference data asks again at once. */
  publications = 0;

  constructor(submittedAt: Date | string, calendar?: CalendarData) {
    this.anchorMs = new Date(submittedAt).getTime();
    this.cal = calendar ? businessCalendar(calendar) : embeddedCalendar;
  }

  /** The calendar version the case's terms are computed with. */
  get calendar(): BusinessCalendar {
    return this.cal;
  }

  /** A newer calendar version (a decree): the caller recomputes the deadlines still ahead. */
  adopt(calendar: CalendarData): BusinessCalendar {
    this.cal = businessCalendar(calendar);
    return this.cal;
  }

  now(): Date {
    return new Date(this.anchorMs + (Date.now() - this.startedAtMs));
  }

  msUntil(moment: Date): number {
    return Math.max(0, moment.getTime() - this.now().getTime());
  }

  /** Sleeps until the case-clock moment (returns at once when it has passed). */
  async sleepUntil(moment: Date): Promise<void> {
    const ms = this.msUntil(moment);
    if (ms > 0) await sleep(ms);
  }

  /**
   * Waits until `predicate()` holds or the moment `deadline()` names comes; when that moment moves while
   * waiting (a decree, a suspension), the wait starts again against the new one (`onMove` first). True when
   * the predicate held before the deadline. Without a move it issues exactly what waitUntil does.
   */
  async waitUntilMovable(predicate: () => boolean, deadline: () => Date, onMove?: () => void): Promise<boolean> {
    for (;;) {
      const by = deadline().getTime();
      const moved = (): boolean => deadline().getTime() !== by;
      const settled = await this.waitUntil(() => predicate() || moved(), new Date(by));
      if (!settled || predicate()) return settled;
      if (moved()) onMove?.();
    }
  }

  /** Waits until `predicate()` holds or the moment comes; true when the predicate held. */
  async waitUntil(predicate: () => boolean, moment: Date): Promise<boolean> {
    const ms = this.msUntil(moment);
    if (ms <= 0) return predicate();
    return condition(predicate, ms);
  }
}
