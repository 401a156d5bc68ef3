/**
 * The hearing before any unfavourable decision (Administrative Procedure Code art. 73; seed 003 ¶12-1):
 * preliminary decision → the applicant's objection window → final decision considering the objection.
 * The licensing workflow holds one Hearing; its checks back the Update validators, so a refusal without
 * a preliminary decision and an answered or elapsed objection window cannot be recorded.
 */
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import type { PendingAction } from './case';
import { kzTime } from './deadlines';

export interface PreliminaryDecision<G extends string> {
  grounds: G[];
  reasoning: string;
  /** ANCN of the signed notice (NTC) delivered to the cabinet. */
  ancn: string;
  /** When it reached the applicant's cabinet: the objection window runs from here. */
  receivedAt: Date;
  actor: string;
  /** Sent after its own deadline (the term may then be missed). */
  late: boolean;
}

export interface Attachment {
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
}

export interface Objection {
  text: string;
  attachments: Attachment[];
  receivedAt: Date;
  actor: string;
}

export interface HearingOptions {
  clock: CaseClock;
  /** The window's end for a preliminary decision received at `receivedAt` (with the case's current calendar). */
  windowEnd: (receivedAt: Date) => Date;
  /** e.g. 'seed 003 ¶12-1'. */
  regulation: string;
  /** The name of the applicant's action in the service's API, shown as the pending action (default 'objection'). */
  objectionAction?: string;
}

export class Hearing<G extends string> {
  preliminary?: PreliminaryDecision<G>;
  objection?: Objection;
  windowEndsAt?: Date;
  private elapsed = false;

  constructor(private readonly opts: HearingOptions) {}

  get started(): boolean {
    return this.preliminary !== undefined;
  }

  /** The applicant has objected or the window has passed: the licensor may now decide. */
  get concluded(): boolean {
    return this.preliminary !== undefined && (this.objection !== undefined || this.elapsed);
  }

  get windowOpen(): boolean {
    return (
      this.preliminary !== undefined &&
      !this.concluded &&
      this.windowEndsAt !== undefined &&
      this.opts.clock.now().getTime() <= this.windowEndsAt.getTime()
    );
  }

  /** Records the delivered preliminary decision and opens the objection window. */
  open(decision: PreliminaryDecision<G>): void {
    if (this.preliminary) throw new Error('the hearing is already open');
    this.preliminary = decision;
    this.windowEndsAt = this.opts.windowEnd(decision.receivedAt);
  }

  /**
   * A decree changed the calendar: an open window that has not ended yet is computed again from the day
   * the decision was received; an ended one stays. Returns the move, if any.
   */
  recompute(): { from: Date; to: Date } | null {
    const from = this.windowEndsAt;
    if (!this.preliminary || !from || this.concluded || this.opts.clock.now().getTime() > from.getTime()) return null;
    const to = this.opts.windowEnd(this.preliminary.receivedAt);
    if (to.getTime() === from.getTime()) return null;
    this.windowEndsAt = to;
    return { from, to };
  }

  /** Validator check for the applicant's objection. */
  assertCanObject(): void {
    if (!this.preliminary) throw new Error(`objection: there is no preliminary decision to object to (${this.opts.regulation})`);
    if (this.objection) throw new Error('objection: the objection has already been received');
    if (!this.windowOpen)
      throw new Error(`objection: the objection window closed at ${kzTime(this.windowEndsAt as Date)} (${this.opts.regulation})`);
  }

  recordObjection(o: Objection): void {
    this.assertCanObject();
    this.objection = o;
  }

  /**
   * Validator check for a refusal: a preliminary decision was delivered, its window answered or elapsed,
   * and the refusal rests only on grounds the applicant was heard on.
   */
  assertRefusalAllowed(grounds: readonly G[]): void {
    if (!this.preliminary) {
      throw new Error(`a refusal needs a preliminary decision first, and the applicant's objection window (${this.opts.regulation})`);
    }
    if (!this.concluded) {
      throw new Error(
        `the applicant may object until ${kzTime(this.windowEndsAt as Date)}: decide after the objection or after the window (${this.opts.regulation})`,
      );
    }
    const heard = new Set<string>(this.preliminary.grounds);
    const unheard = grounds.filter((g) => !heard.has(g));
    if (unheard.length > 0) {
      throw new Error(
        `the applicant was not heard on ground(s) ${unheard.join(', ')}: the preliminary decision cited ${this.preliminary.grounds.join(', ')} (${this.opts.regulation})`,
      );
    }
  }

  /**
   * The objection window as a stage: waits for the objection, the window's end or `stop()` (e.g. the
   * licensor decided favourably meanwhile). Returns what ended it.
   */
  async run(
    tracker: CaseTracker,
    stop: () => boolean,
    enterStage: (
      stage: string,
      opts: { plannedBy: Date; regulation: string; waitingOn: 'applicant'; pendingActions: PendingAction[] },
    ) => Promise<void>,
  ): Promise<'objection' | 'elapsed' | 'stopped'> {
    const opened = this.windowEndsAt;
    if (!this.preliminary || !opened) throw new Error('the hearing has not been opened');
    await enterStage('hearing', {
      plannedBy: opened,
      regulation: this.opts.regulation,
      waitingOn: 'applicant',
      pendingActions: [{ action: this.opts.objectionAction ?? 'objection', by: 'applicant', dueAt: kzTime(opened) }],
    });
    // A decree may move the window's end while it runs (recompute; the case shows the moved pending action).
    const windowEnd = (): Date => this.windowEndsAt ?? opened;
    await this.opts.clock.waitUntilMovable(() => this.objection !== undefined || stop(), windowEnd);
    if (this.objection) {
      tracker.noteActor(this.objection.actor, 'objection received');
      await tracker.audit('objection-received', this.objection.actor, {
        attachments: this.objection.attachments.length,
        receivedAt: kzTime(this.objection.receivedAt),
      });
      return 'objection';
    }
    if (stop()) return 'stopped';
    this.elapsed = true;
    await tracker.audit('objection-window-elapsed', 'system', { windowEndedAt: kzTime(windowEnd()) });
    return 'elapsed';
  }

  snapshot(): Record<string, unknown> {
    return {
      ...(this.preliminary
        ? {
            preliminaryDecision: {
              grounds: this.preliminary.grounds,
              reasoning: this.preliminary.reasoning,
              ancn: this.preliminary.ancn,
              receivedAt: kzTime(this.preliminary.receivedAt),
              late: this.preliminary.late,
            },
          }
        : {}),
      ...(this.windowEndsAt ? { objectionWindowEndsAt: kzTime(this.windowEndsAt) } : {}),
      ...(this.objection
        ? {
            objection: {
              text: this.objection.text,
              attachments: this.objection.attachments,
              receivedAt: kzTime(this.objection.receivedAt),
            },
          }
        : {}),
      concluded: this.concluded,
    };
  }
}
