/**
 * The case clock. A case's deadlines are absolute moments computed by the business calendar from the
 * moment the application was submitted (input `submittedAt`). The case clock is the workflow clock
 * anchored at that moment: now() = submittedAt + (workflow time elapsed since the workflow started).
 * In production the workflow starts milliseconds after submission, so the two agree; in tests it lets a
 * case "submitted on Friday 18:45 before Nauryz" run on the time-skipping server whatever today is.
 * Deterministic: only the workflow's own Date.now() is read.
 */
import { condition, sleep } from '@temporalio/workflow';

export class CaseClock {
  private readonly startedAtMs = Date.now();
  private readonly anchorMs: number;

  constructor(submittedAt: Date | string) {
    this.anchorMs = new Date(submittedAt).getTime();
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

  /** Waits until `predicate()` holds or the moment comes; true when the predicate held. */
  async waitUntil(predicate: () => boolean, moment: Date): Promise<boolean> {
    const ms = this.msUntil(moment);
    if (ms <= 0) return predicate();
    return condition(predicate, ms);
  }
}
