/**
 * Withdrawal of an application by the applicant (seed 004 ¶13.14, ¶42): allowed only while the review
 * has not ended (¶42.1); the executor records it and the review stops (¶42.2). Here the applicant's
 * Update records it; the review the host runs inside `guard()` is cancelled at once (timers, waits and
 * activities in its scope), and the host closes the case as withdrawn.
 * After the decision the Update is refused by its validator: nothing reaches the history.
 */
import { CancellationScope, condition, defineUpdate, isCancellation, setHandler } from '@temporalio/workflow';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';
import { assertApplicant, type Actor } from './staff-decision';

export interface WithdrawInput {
  reason?: string;
  actor: Actor;
}
export const withdrawUpdate = defineUpdate<{ withdrawnAt: string }, [WithdrawInput]>('withdraw');

export class Withdrawal {
  withdrawnAt: Date | null = null;
  reason = '';
  /** Who withdrew (the applicant's subject), once withdrawn. */
  actor: string | null = null;

  constructor(
    private readonly o: {
      clock: CaseClock;
      tracker: CaseTracker;
      /** Why the review is over (e.g. "the decision was signed at …"), or null while it is still running. */
      reviewEnded: () => string | null;
    },
  ) {}

  get withdrawn(): boolean {
    return this.withdrawnAt !== null;
  }

  install(): void {
    setHandler(
      withdrawUpdate,
      async (w) => {
        this.withdrawnAt = this.o.clock.now();
        this.reason = w.reason ?? '';
        this.actor = w.actor.subject;
        await this.o.tracker.audit('application-withdrawn', w.actor.subject, { reason: this.reason, regulation: 'seed 004 ¶42' });
        return { withdrawnAt: kzTime(this.withdrawnAt) };
      },
      {
        validator: (w: WithdrawInput) => {
          assertApplicant(w.actor, 'withdraw');
          if (this.withdrawnAt) throw new Error(`withdraw: the application was already withdrawn at ${kzTime(this.withdrawnAt)}`);
          const ended = this.o.reviewEnded();
          if (ended)
            throw new Error(
              `withdraw: the review has ended (${ended}); an application can be withdrawn only before its review ends (seed 004 ¶42)`,
            );
        },
      },
    );
  }

  /** Runs the review; a withdrawal cancels it and yields 'withdrawn' instead of its result. */
  async guard<T>(review: () => Promise<T>): Promise<T | 'withdrawn'> {
    const scope = new CancellationScope();
    const running = scope.run(review);
    const outcome = await Promise.race([
      running.then((v) => ({ done: true as const, v })),
      condition(() => this.withdrawn).then(() => ({ done: false as const })),
    ]);
    if (outcome.done) return outcome.v;
    scope.cancel();
    try {
      await running;
    } catch (e) {
      if (!isCancellation(e)) throw e;
    }
    return 'withdrawn';
  }
}
