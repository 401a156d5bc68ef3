/**
 * The review clock of a licensing case (seed 004 ¶38-41): the term can be
 *  - suspended while the case waits for the applicant (¶38) or an approving body (¶39.9): the applicant
 *    gets a notice signed by the head with the moment of suspension (and when the wait ends at the
 *    latest), and another with the moment of resumption and the new completion date (¶39.10);
 *  - extended (¶41): a notice signed by the head with the new completion date.
 * The due date moves in working time (domain/calendar): a suspension keeps the working time that was
 * left and counts it again from the resumption; an extension adds working days to the current due date.
 * Every move goes through CaseTracker.moveDueAt, so the timeline and the audit trail say why.
 *
 * Plus the request to the applicant (¶38): a signed request, the clock suspended while waiting, and —
 * when the applicant does not answer within the set period — the executor decides anyway (¶38.10).
 *
 * A decree (a new calendar version) recomputes a due date still ahead from how it was made (DueTerm).
 * Workflow code: deterministic; time only from the CaseClock, dates only from its calendar.
 */
import { defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { BusinessCalendar } from '../../domain/calendar';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';
import { assertApplicant, type Actor } from './staff-decision';

const { issueDocument, deliverToCabinet } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export type WaitingFor = 'applicant' | 'approving-body';

export interface ReviewClockOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  applicationId: string;
  serviceCode: string;
  applicantRef: string;
  /** The case's current due date (e.g. the plan's dueAt). */
  dueAt: Date;
  /** How dueAt was computed (`workingDays` after `from`), so a decree can compute it again; without it dueAt is fixed. */
  term?: { from: Date; workingDays: number };
  /** seed 004 ¶38: the applicant's answer period binds the applicant: it ends at 23:59:59 of its last working day. */
  applicantTermsEndOfDay?: boolean;
  /** When a case with this due date counts as at risk (the tracker's SLA watch follows it). */
  atRiskAt: (dueAt: Date) => Date;
  /** Prefix of idempotency keys: the workflow id. */
  keyPrefix: string;
}

export interface ClockEvent {
  kind: 'suspended' | 'resumed' | 'extended';
  at: string;
  reason: string;
  regulation: string;
  dueAt: string;
  noticeAncn: string;
  waitingFor?: WaitingFor;
}

/** How the due date is made, so that another calendar version can make it again. */
type DueTerm =
  | { kind: 'at'; moment: Date }
  | { kind: 'working-days'; from: DueTerm; days: number }
  | { kind: 'working-time'; from: Date; ms: number };

function evaluate(t: DueTerm, cal: BusinessCalendar): Date {
  if (t.kind === 'at') return t.moment;
  if (t.kind === 'working-time') return cal.addWorkingTime(t.from, t.ms);
  return cal.addWorkingDays(evaluate(t.from, cal), t.days);
}

interface Suspension {
  startedAt: Date;
  waitingFor: WaitingFor;
  /** Working time the term still had when it stopped (ms). */
  remainingMs: number;
  reason: string;
}

export class ReviewClock {
  private due: Date;
  private term: DueTerm;
  private suspension: Suspension | null = null;
  private seq = 0;
  readonly events: ClockEvent[] = [];

  constructor(private readonly o: ReviewClockOptions) {
    this.due = o.dueAt;
    this.term = o.term
      ? { kind: 'working-days', from: { kind: 'at', moment: o.term.from }, days: o.term.workingDays }
      : { kind: 'at', moment: o.dueAt };
  }

  private get cal(): BusinessCalendar {
    return this.o.clock.calendar;
  }

  /**
   * A decree changed the calendar: the due date, when still ahead, is made again the way it was made
   * (the term from registration, the working time left at a suspension, an extension); a passed one stays.
   * Returns the move, if any, after recording it with `reason`.
   */
  async recompute(reason: (from: Date, to: Date) => string): Promise<{ from: Date; to: Date } | null> {
    const from = this.due;
    if (this.o.clock.now().getTime() > from.getTime()) return null;
    const to = evaluate(this.term, this.cal);
    if (to.getTime() === from.getTime()) return null;
    await this.move(to, reason(from, to), 'system');
    return { from, to };
  }

  get dueAt(): Date {
    return this.due;
  }
  get suspended(): boolean {
    return this.suspension !== null;
  }

  /** ¶38, ¶39.9-10: stops the term; the notice carries the moment of suspension and the latest resumption. */
  async suspend(a: {
    waitingFor: WaitingFor;
    reason: string;
    regulation: string;
    resumeBy?: Date;
    actor: string;
  }): Promise<IssuedDocument> {
    if (this.suspension) throw new Error('the review is already suspended');
    const now = this.o.clock.now();
    const remainingMs = Math.max(0, this.cal.workingTimeBetween(now, this.due));
    this.suspension = { startedAt: now, waitingFor: a.waitingFor, remainingMs, reason: a.reason };
    // Until it resumes, the best estimate: resumed at the latest moment allowed, the rest counted from there.
    if (a.resumeBy) this.term = { kind: 'working-time', from: a.resumeBy, ms: remainingMs };
    const estimate = a.resumeBy ? this.cal.addWorkingTime(a.resumeBy, remainingMs) : this.due;
    const doc = await this.notice('suspension-notice', 'Suspension of the review of the application', {
      suspendedAt: kzTime(now),
      waitingFor: a.waitingFor,
      reason: a.reason,
      ...(a.resumeBy ? { resumesAtTheLatest: kzTime(a.resumeBy), completionDateIfResumedThen: kzTime(estimate) } : {}),
      regulation: a.regulation,
    });
    this.o.tracker.setWaitingOn(a.waitingFor === 'applicant' ? 'applicant' : 'external-system', `review suspended: ${a.reason}`);
    await this.move(
      estimate,
      `review suspended at ${kzTime(now)} waiting for the ${a.waitingFor === 'applicant' ? 'applicant' : 'approving body'} (${a.regulation})`,
      a.actor,
    );
    this.events.push({
      kind: 'suspended',
      at: kzTime(now),
      reason: a.reason,
      regulation: a.regulation,
      dueAt: kzTime(this.due),
      noticeAncn: doc.ancn,
      waitingFor: a.waitingFor,
    });
    return doc;
  }

  /** Resumes the term: the working time left at suspension counts again from now (¶39.10). */
  async resume(a: { reason: string; regulation: string; actor: string }): Promise<IssuedDocument> {
    const s = this.suspension;
    if (!s) throw new Error('the review is not suspended');
    const now = this.o.clock.now();
    const newDue = this.cal.addWorkingTime(now, s.remainingMs);
    this.term = { kind: 'working-time', from: now, ms: s.remainingMs };
    this.suspension = null;
    const doc = await this.notice('resumption-notice', 'Resumption of the review of the application', {
      suspendedAt: kzTime(s.startedAt),
      resumedAt: kzTime(now),
      reason: a.reason,
      newCompletionDate: kzTime(newDue),
      regulation: a.regulation,
    });
    this.o.tracker.setWaitingOn('staff');
    await this.move(
      newDue,
      `review resumed at ${kzTime(now)} after suspension from ${kzTime(s.startedAt)}: ${a.reason} (${a.regulation})`,
      a.actor,
    );
    this.events.push({
      kind: 'resumed',
      at: kzTime(now),
      reason: a.reason,
      regulation: a.regulation,
      dueAt: kzTime(newDue),
      noticeAncn: doc.ancn,
      waitingFor: s.waitingFor,
    });
    return doc;
  }

  /** ¶41: extends the term by `days` working days from the current due date; the notice carries the new date. */
  async extend(a: { days: number; reason: string; regulation: string; actor: string }): Promise<IssuedDocument> {
    if (!Number.isInteger(a.days) || a.days < 1) throw new Error('an extension is a whole number of working days ≥ 1');
    if (this.suspension) throw new Error('the review is suspended: resume it before extending the term');
    const newDue = this.cal.addWorkingDays(this.due, a.days);
    this.term = { kind: 'working-days', from: this.term, days: a.days };
    const previous = this.due;
    const doc = await this.notice('extension-notice', 'Extension of the term of the review of the application', {
      previousCompletionDate: kzTime(previous),
      newCompletionDate: kzTime(newDue),
      extendedByWorkingDays: a.days,
      reason: a.reason,
      regulation: a.regulation,
    });
    await this.move(newDue, `term extended by ${a.days} working day(s) from ${kzTime(previous)}: ${a.reason} (${a.regulation})`, a.actor);
    this.events.push({
      kind: 'extended',
      at: kzTime(this.o.clock.now()),
      reason: a.reason,
      regulation: a.regulation,
      dueAt: kzTime(newDue),
      noticeAncn: doc.ancn,
    });
    return doc;
  }

  snapshot(): Record<string, unknown> {
    return {
      dueAt: kzTime(this.due),
      suspended: this.suspension
        ? { since: kzTime(this.suspension.startedAt), waitingFor: this.suspension.waitingFor, reason: this.suspension.reason }
        : null,
      events: this.events,
    };
  }

  private async move(dueAt: Date, reason: string, actor: string): Promise<void> {
    this.due = dueAt;
    await this.o.tracker.moveDueAt(dueAt, this.o.atRiskAt(dueAt), reason, actor);
    this.o.tracker.setDetail('reviewClock', this.snapshot());
  }

  /** A notice signed with the head's ECDS, delivered to the applicant's cabinet (¶38.5-6, ¶39.10, ¶41.2). */
  private async notice(kind: string, title: string, body: Record<string, unknown>): Promise<IssuedDocument> {
    this.seq += 1;
    const key = `${this.o.keyPrefix}:review-clock:${this.seq}:${kind}`;
    const doc = await issueDocument({
      applicationId: this.o.applicationId,
      serviceCode: this.o.serviceCode,
      kind,
      documentType: 'NTC',
      signer: 'provider',
      issuedAt: kzTime(this.o.clock.now()),
      title,
      body,
      idempotencyKey: key,
    });
    await deliverToCabinet({
      applicationId: this.o.applicationId,
      applicantRef: this.o.applicantRef,
      ancn: doc.ancn,
      kind,
      message: `${title}: ${describe(body)}`,
      idempotencyKey: `${key}:cabinet`,
    });
    this.o.tracker.addDocument({ ancn: doc.ancn, kind, issuedAt: doc.issuedAt });
    return doc;
  }
}

function describe(body: Record<string, unknown>): string {
  return Object.entries(body)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join('; ');
}

// ---- requests to the applicant (¶38) -----------------------------------------------------------------

export interface ApplicantAnswerInput {
  requestNo: number;
  text: string;
  actor: Actor;
}
/** The applicant's signed answer to a request (¶38.8), through the portal. */
export const applicantAnswerUpdate = defineUpdate<{ accepted: true }, [ApplicantAnswerInput]>('applicant-answer');

export interface ApplicantRequestRecord {
  requestNo: number;
  question: string;
  requestAncn: string;
  answerBy: string;
  answer?: { text: string; at: string; actor: string };
  /** ¶38.10: no answer in time — the executor decides on what the case has. */
  unanswered?: true;
}

/** Requests to the applicant with the review clock suspended while waiting. Call install() once. */
export class ApplicantRequests {
  readonly requests: ApplicantRequestRecord[] = [];
  private open: ApplicantRequestRecord | null = null;

  constructor(private readonly o: ReviewClockOptions & { reviewClock: ReviewClock }) {}

  install(): void {
    setHandler(
      applicantAnswerUpdate,
      (a) => {
        const r = this.open as ApplicantRequestRecord;
        r.answer = { text: a.text, at: kzTime(this.o.clock.now()), actor: a.actor.subject };
        return { accepted: true };
      },
      {
        validator: (a: ApplicantAnswerInput) => {
          assertApplicant(a.actor, 'applicant-answer');
          if (!this.open) throw new Error('applicant-answer: there is no open request to answer');
          if (a.requestNo !== this.open.requestNo)
            throw new Error(`applicant-answer: request ${a.requestNo} is not the open one (${this.open.requestNo})`);
          if (typeof a.text !== 'string' || a.text.trim() === '') throw new Error('applicant-answer: the answer text is empty');
          if (this.o.clock.now().getTime() > new Date(this.open.answerBy).getTime())
            throw new Error(`applicant-answer: the period for the answer ended at ${this.open.answerBy} (seed 004 ¶38.10)`);
        },
      },
    );
  }

  /**
   * Sends the signed request (¶38.1-6), suspends the term while waiting, and resumes it when the
   * applicant answers or the period ends. Returns the record: `answer` or `unanswered` (¶38.10).
   */
  async run(a: { question: string; answerWithinWorkingDays: number; actor: string }): Promise<ApplicantRequestRecord> {
    const now = this.o.clock.now();
    const answerBy = this.o.applicantTermsEndOfDay
      ? this.o.clock.calendar.addWorkingDaysForApplicant(now, a.answerWithinWorkingDays)
      : this.o.clock.calendar.addWorkingDays(now, a.answerWithinWorkingDays);
    const requestNo = this.requests.length + 1;
    const key = `${this.o.keyPrefix}:applicant-request:${requestNo}`;
    const doc = await issueDocument({
      applicationId: this.o.applicationId,
      serviceCode: this.o.serviceCode,
      kind: 'applicant-request',
      documentType: 'NTC',
      signer: 'provider',
      issuedAt: kzTime(now),
      title: 'Request to the applicant for additional information',
      body: { question: a.question, answerBy: kzTime(answerBy), regulation: 'seed 004 ¶38' },
      idempotencyKey: key,
    });
    await deliverToCabinet({
      applicationId: this.o.applicationId,
      applicantRef: this.o.applicantRef,
      ancn: doc.ancn,
      kind: 'applicant-request',
      message: `The licensor asks: ${a.question} Answer by ${kzTime(answerBy)}.`,
      idempotencyKey: `${key}:cabinet`,
    });
    this.o.tracker.addDocument({ ancn: doc.ancn, kind: 'applicant-request', issuedAt: doc.issuedAt });
    const record: ApplicantRequestRecord = { requestNo, question: a.question, requestAncn: doc.ancn, answerBy: kzTime(answerBy) };
    this.requests.push(record);
    this.open = record;
    this.publish();

    await this.o.reviewClock.suspend({
      waitingFor: 'applicant',
      reason: `request ${requestNo} to the applicant`,
      regulation: 'seed 004 ¶38, ¶39.9',
      resumeBy: answerBy,
      actor: a.actor,
    });
    await this.o.tracker.enterStage('awaiting-applicant', {
      plannedBy: answerBy,
      regulation: 'seed 004 ¶38',
      waitingOn: 'applicant',
      pendingActions: [{ action: 'applicant-answer', by: 'applicant', dueAt: kzTime(answerBy) }],
    });
    const answered = await this.o.clock.waitUntil(() => record.answer !== undefined, answerBy);
    this.open = null;
    if (!answered) record.unanswered = true;
    await this.o.tracker.audit(
      answered ? 'applicant-answered' : 'applicant-did-not-answer',
      answered ? (record.answer?.actor ?? 'applicant') : 'system',
      { requestNo, answerBy: record.answerBy },
    );
    await this.o.reviewClock.resume({
      reason: answered
        ? `the applicant answered request ${requestNo}`
        : `the applicant did not answer request ${requestNo} by ${record.answerBy}; the executor decides on the documents at hand (seed 004 ¶38.10)`,
      regulation: 'seed 004 ¶38, ¶39.10',
      actor: answered ? (record.answer?.actor ?? 'applicant') : 'system',
    });
    this.publish();
    return record;
  }

  private publish(): void {
    this.o.tracker.setDetail('applicantRequests', this.requests);
  }
}
