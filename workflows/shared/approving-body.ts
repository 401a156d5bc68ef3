/**
 * Requests to approving state bodies, seed 004 ¶39 (for seed 003, Annex 2 item 9(4)):
 *  ¶39.1     the executor initiates the request (the service's `approving-body-request` Update);
 *  ¶39.2-4   the request is signed and goes to the approving body: here it is signed (signer 'provider')
 *            when the employee records it, without the licensor's approval chain of ¶39.2-3 (a known
 *            deviation, REGULATION.md; only the final decision climbs a chain, ¶40);
 *  ¶39.5-8   the body decides and its answer, signed by its head, comes back to the executor: here the
 *            `approving-body-answer` signal (an outside system's event, so it cannot be refused: a
 *            malformed one is ignored; the API has already answered its sender 400);
 *  ¶39.9     the executor may suspend the review term while the body answers, but only "in the cases
 *            provided by the legislation on state services": a per-service rule (`termSuspension`, e.g.
 *            seed 003 provides none). Where it does, every request suspends, one suspension covering every
 *            request pending at the same time, until the answers come or the latest answer-by moment
 *            passes; where it does not, the answers are awaited the same way while the term runs on.
 *            Either way silence is not a negative answer: at answer-by the executor decides on what the
 *            case has;
 *  ¶39.10    with a suspension, the applicant gets notices signed by the head with the moment of
 *            suspension and the moment of resumption (ReviewClock); the working time left counts again
 *            from the resumption.
 * Cases whose first request was made before the rule existed suspended whatever the service: they keep
 * doing so on replay (patch 'approving-body-no-suspension').
 * Workflow code: deterministic; time only from the CaseClock.
 */
import { ActivityFailure, ApplicationFailure, defineSignal, patched, setHandler } from '@temporalio/workflow';
import { ApprovingBodyAnswerSchema, type ApprovingBodyAnswer } from '../../domain/approving-body';
import type { TermSuspension } from '../../domain/services';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { ApprovingBodyRequest, SentApprovingBodyRequest } from '../../adapters/approving-body/port';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';
import type { ReviewClock } from './review-clock';
import type { Actor } from './staff-decision';

export const approvingBodyAnswerSignal = defineSignal<[ApprovingBodyAnswer]>('approving-body-answer');

/** One request and what became of it, as the case's status shows it. */
export interface ApprovingBodyRequestRecord {
  requestId: string;
  requestAncn: string;
  body: string;
  question: string;
  sentAt: string;
  answerBy: string;
  answer?: { conforms: boolean; summary: string; answerAncn?: string; answeredAt: string; receivedAt: string };
  /** The answer-by moment passed without an answer (the term resumed, where it was suspended: seed 004 ¶39.9-10). */
  unanswered?: true;
}

/** What the staff see after sending a request: its numbers and the term, suspended or not (seed 004 ¶39.9-10). */
export interface ApprovingBodyRequestSent {
  requestId: string;
  requestAncn: string;
  /** The review is suspended until the answer or `answerBy` (seed 004 ¶39.9); false where the service's law provides no suspension. */
  suspended: boolean;
  /** The service's rule that decided it, with its provision. */
  termSuspension: TermSuspension;
  answerBy: string;
  /** The case's due date: while suspended, as if the answer came at `answerBy`; otherwise the term as it was. */
  dueAt: string;
  /** ANCN of the signed suspension notice sent to the applicant (absent when the term was already suspended). */
  suspensionNoticeAncn?: string;
}

export interface ApprovingBodiesOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  /** The case's term: suspended while a body answers where `termSuspension` allows it (¶39.9-10). */
  reviewClock: ReviewClock;
  /** seed 004 ¶39.9: whether this service's legislation provides the suspension (the service's rules). */
  termSuspension: TermSuspension;
  application: { applicationId: string; ancn: string; applicantRef: string };
  serviceCode: string;
  /** Prefix of idempotency keys: the workflow id. */
  keyPrefix: string;
  /** By when the body answers, as the case sets it (e.g. in time to hear a negative answer, seed 003 ¶12-1). */
  answerBy: () => Date;
  /** The case is over (decided, withdrawn, closed): the wait for answers ends without resuming. */
  stopped: () => boolean;
  /** The activities that sign the request and send it (the host's proxies, with its retry policy). */
  activities: {
    issueDocument: CommonActivities['issueDocument'];
    sendRequest: (req: ApprovingBodyRequest) => Promise<SentApprovingBodyRequest>;
  };
  /** An activity exhausted its retries: the host reports the technical failure (seed 003 ¶15). */
  reportUnreachable: (step: string, failure: ActivityFailure) => Promise<void>;
  /** After the term moved (suspended or resumed). */
  onTermMoved: () => void;
}

export class ApprovingBodies {
  readonly requests: ApprovingBodyRequestRecord[] = [];
  /** While a body is asked: waits for the answers (then resumes the term, if it was suspended). */
  private waiting: Promise<void> | null = null;
  /** Decided at the case's first request and kept for the case (see suspendsTerm). */
  private suspends: boolean | undefined;

  constructor(private readonly o: ApprovingBodiesOptions) {}

  /** Receives the answers (¶39.8). Call once. */
  install(): void {
    setHandler(approvingBodyAnswerSignal, (a) => this.onAnswer(a));
  }

  /** Requests still waiting for their answer within their period. */
  get awaited(): ApprovingBodyRequestRecord[] {
    return this.requests.filter((r) => !r.answer && !r.unanswered);
  }

  /** Annex 2 item 9(4) of seed 003: a body answered that the applicant does not meet its requirements. */
  get negativeAnswer(): boolean {
    return this.requests.some((r) => r.answer && !r.answer.conforms);
  }

  /** Resolves when the wait for answers (and the resumption of the term) has ended. */
  async settled(): Promise<void> {
    if (this.waiting) await this.waiting;
  }

  /**
   * seed 004 ¶39.9: does a request stop the term? The service's rule; but a case whose first request was
   * made before the rule existed suspended it whatever the service, and replays so. Asked at the first
   * request and kept, so one case never mixes the two (a case that suspended keeps suspending).
   */
  private suspendsTerm(): boolean {
    // The patch is asked only where the rule withholds the suspension: a service whose law provides it
    // behaves as before and records no marker.
    this.suspends ??= this.o.termSuspension.whileApprovingBodyAnswers || !patched('approving-body-no-suspension');
    return this.suspends;
  }

  /**
   * ¶39.1-4: signs the request and sends it to the body; ¶39.9-10: where the service's law provides it,
   * suspends the term (signed notice) unless it already is; otherwise the answer is awaited while the term
   * runs on. An unreachable body is reported (¶15) and the Update fails with a retryable reason.
   */
  async request(arg: { body: string; question: string; actor: Actor }): Promise<ApprovingBodyRequestSent> {
    const { clock, tracker, application, keyPrefix } = this.o;
    const suspends = this.suspendsTerm();
    const n = this.requests.length + 1;
    const answerBy = this.o.answerBy();
    let req: ApprovingBodyRequestRecord;
    try {
      const doc = await this.o.activities.issueDocument({
        applicationId: application.applicationId,
        serviceCode: this.o.serviceCode,
        kind: 'approving-body-request',
        documentType: 'REQ',
        signer: 'provider',
        issuedAt: clock.now().toISOString(),
        title: `Request to the approving body ${arg.body}`,
        body: {
          application: application.ancn,
          applicant: application.applicantRef,
          body: arg.body,
          question: arg.question,
          answerBy: kzTime(answerBy),
        },
        idempotencyKey: `${keyPrefix}:approving-request-doc:${n}`,
      });
      const sent = await this.o.activities.sendRequest({
        idempotencyKey: `${keyPrefix}:approving-request:${n}`,
        applicationId: application.applicationId,
        requestAncn: doc.ancn,
        body: arg.body,
        applicantRef: application.applicantRef,
        question: arg.question,
        answerBy: answerBy.toISOString(),
      });
      req = {
        requestId: sent.requestId,
        requestAncn: doc.ancn,
        body: arg.body,
        question: arg.question,
        sentAt: sent.sentAt,
        answerBy: kzTime(answerBy),
      };
      this.requests.push(req);
      tracker.addDocument({ ancn: doc.ancn, kind: doc.kind, issuedAt: doc.issuedAt });
      await tracker.audit('approving-body-requested', arg.actor.subject, { body: arg.body, requestId: sent.requestId }, doc.signatureRef);
    } catch (e) {
      if (e instanceof ActivityFailure) {
        await this.o.reportUnreachable(`approving-body-request:${n}`, e);
        throw ApplicationFailure.nonRetryable(
          `the approving body could not be reached; the failure was reported (¶15); try again later`,
          'UPSTREAM_UNAVAILABLE',
        );
      }
      throw e;
    }
    // ¶39.9-10: where the service's law provides it, the term stops while the body answers; the applicant
    // gets a notice signed by the head with the moment of suspension (and of resumption at the latest).
    // One suspension covers every request pending at the same time.
    let notice: IssuedDocument | undefined;
    if (!suspends) {
      // No suspension (e.g. seed 003): the answer is awaited until answerBy, inside the term, which stays.
      this.waiting ??= this.awaitAnswers().then(() => {
        this.waiting = null;
      });
    } else if (!this.o.reviewClock.suspended) {
      notice = await this.o.reviewClock.suspend({
        waitingFor: 'approving-body',
        reason: `request ${req.requestAncn} to the approving body ${req.body}`,
        regulation: 'seed 004 ¶39.9-10',
        resumeBy: answerBy,
        actor: arg.actor.subject,
      });
      this.waiting = this.resumeWhenAnswered();
    }
    if (suspends) this.o.onTermMoved();
    return {
      requestId: req.requestId,
      requestAncn: req.requestAncn,
      suspended: this.o.reviewClock.suspended,
      termSuspension: this.o.termSuspension,
      answerBy: req.answerBy,
      dueAt: kzTime(this.o.reviewClock.dueAt),
      ...(notice ? { suspensionNoticeAncn: notice.ancn } : {}),
    };
  }

  /**
   * ¶39.9-10: waits for the answers to every pending request (or the latest answer-by moment), then
   * resumes the term: the working time left at suspension counts again from the resumption; the notice to
   * the applicant carries both moments and the new completion date. Ends silently when the case stops first.
   */
  private async resumeWhenAnswered(): Promise<void> {
    const { tracker } = this.o;
    await this.waitForAnswers();
    if (this.o.stopped()) return;
    const answered = this.requests.filter((r) => r.answer);
    const unanswered = this.requests.filter((r) => r.unanswered);
    const reason = [
      ...answered.map((r) => `${r.body} answered request ${r.requestAncn}${r.answer?.answerAncn ? ` with ${r.answer.answerAncn}` : ''}`),
      ...unanswered.map((r) => `${r.body} did not answer request ${r.requestAncn} by ${r.answerBy}`),
    ].join('; ');
    if (unanswered.length > 0)
      await tracker.audit('approving-body-did-not-answer', 'system', { requests: unanswered.map((r) => r.requestAncn) });
    await this.o.reviewClock.resume({ reason, regulation: 'seed 004 ¶39.9-10', actor: 'system' });
    this.o.onTermMoved();
  }

  /**
   * ¶39.9 without a suspension: waits for the answers to every pending request (or the latest answer-by
   * moment) while the term runs; a request left unanswered is recorded as such and no longer blocks the
   * license (silence is not a negative answer). Ends silently when the case stops first.
   */
  private async awaitAnswers(): Promise<void> {
    const before = new Set(this.requests.filter((r) => r.unanswered).map((r) => r.requestId));
    await this.waitForAnswers();
    if (this.o.stopped()) return;
    const unanswered = this.requests.filter((r) => r.unanswered && !before.has(r.requestId));
    if (unanswered.length > 0)
      await this.o.tracker.audit('approving-body-did-not-answer', 'system', { requests: unanswered.map((r) => r.requestAncn) });
  }

  /** Until every pending request is answered or past its answer-by moment (then marked unanswered), or the case stops. */
  private async waitForAnswers(): Promise<void> {
    const { clock } = this.o;
    const stop = this.o.stopped;
    for (;;) {
      const open = this.awaited;
      if (open.length === 0 || stop()) break;
      const by = open.map((r) => new Date(r.answerBy)).reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
      const count = this.requests.length;
      const settled = await clock.waitUntil(() => stop() || this.awaited.length === 0 || this.requests.length !== count, by);
      if (!settled) {
        const now = clock.now().getTime();
        for (const r of this.awaited) if (new Date(r.answerBy).getTime() <= now) r.unanswered = true;
      }
    }
  }

  /** ¶39.8: the body's answer; a malformed one, or one to an unknown or answered request, is ignored. */
  private onAnswer(raw: ApprovingBodyAnswer): void {
    const parsed = ApprovingBodyAnswerSchema.safeParse(raw);
    if (!parsed.success) return;
    const a = parsed.data;
    const req = this.requests.find((r) => r.requestId === a.requestId);
    if (!req || req.answer) return;
    req.answer = {
      conforms: a.conforms,
      summary: a.summary,
      answeredAt: a.answeredAt,
      receivedAt: kzTime(this.o.clock.now()),
      ...(a.answerAncn ? { answerAncn: a.answerAncn } : {}),
    };
  }
}
