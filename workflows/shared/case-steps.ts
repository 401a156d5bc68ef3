/**
 * The steps a case takes through the adapters, and what happens when one of them stays down (seed 003):
 *
 *   ¶14  every stage change is reported to the state-services monitoring system
 *        the applicant receives every document in the cabinet
 *   ¶15  an adapter gets a bounded retry; once exhausted, the step is a technical failure: reported with
 *        the service name, the application's ANCN, the applicant's IIN/BIN, the time and the failing step
 *        (the screenshots' stand-in), and the case ends 'failed'
 *
 * Design choice: a case whose adapter stayed down through all retries is not left hanging; the applicant
 * re-applies and the operator sees the report.
 * Workflow code: deterministic; time only from the CaseClock. Idempotency keys: `<keyPrefix>:monitoring:<stage>`,
 * `<keyPrefix>:deliver:<kind>`, `<keyPrefix>:technical-failure:<step>` (recorded in running cases' histories:
 * never change them).
 */
import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { CommonActivities, IssuedDocument } from '../../activities/common-types';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { kzTime } from './deadlines';

/** ¶15: adapters get a bounded retry: an exhausted one is a technical failure, not an endless wait. */
export const ADAPTER_RETRY = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 5,
} as const;

/** Activities that reach an adapter: 30 seconds a try, ADAPTER_RETRY. */
export function adapterActivities<A>(): ActivityInterfaceFor<A> {
  return proxyActivities<A>({ startToCloseTimeout: '30 seconds', retry: ADAPTER_RETRY });
}

const common = adapterActivities<CommonActivities>();
// The ¶15 report itself must get through: it keeps retrying.
const { reportTechnicalFailure } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Thrown when an activity has exhausted its retries: the case reports it (¶15) and ends 'failed'. */
export class TechnicalFailure extends Error {
  /** What went wrong, without the step: the activity's own error. */
  readonly detail: string;

  constructor(
    readonly step: string,
    readonly failure: ActivityFailure,
  ) {
    const detail = failure.cause?.message ?? failure.message;
    super(`${step}: ${detail}`);
    this.detail = detail;
  }
}

/**
 * An outside system's refusal (the activity's ApplicationFailure type ends in `_REFUSED`, e.g. a bank or
 * the registry refusing) is an answer about the application, not a technical failure: ¶15's report is
 * for systems that could not be reached.
 */
export function isRefusal(e: ActivityFailure): boolean {
  return e.cause instanceof ApplicationFailure && (e.cause.type ?? '').endsWith('_REFUSED');
}

export interface CaseStepsOptions {
  clock: CaseClock;
  tracker: CaseTracker;
  serviceCode: string;
  /** Prefix of idempotency keys: the workflow id (the ¶15 report names it as such). */
  keyPrefix: string;
  /** The workflow's input: the application's id, its ANCN (seed 004 ¶20) and the applicant's IIN/BIN. */
  application: { applicationId: string; ancn: string; applicant: { iinOrBin: string } };
}

export class CaseSteps {
  private readonly o: CaseStepsOptions & { applicationId: string; ancn: string; applicantRef: string };

  constructor(o: CaseStepsOptions) {
    const { applicationId, ancn, applicant } = o.application;
    this.o = { ...o, applicationId, ancn, applicantRef: applicant.iinOrBin };
  }

  /** Runs one activity step; an exhausted activity becomes a TechnicalFailure naming the step (a cancelled one stays a cancellation). */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ActivityFailure && !isCancellation(e)) throw new TechnicalFailure(name, e);
      throw e;
    }
  }

  /** ¶14: the stage to the state-services monitoring system. */
  async reportToMonitoring(stage: string): Promise<void> {
    await this.run(`monitoring:${stage}`, () =>
      common.reportToMonitoring({
        applicationId: this.o.applicationId,
        serviceCode: this.o.serviceCode,
        stage,
        at: this.o.clock.now().toISOString(),
        idempotencyKey: `${this.o.keyPrefix}:monitoring:${stage}`,
      }),
    );
  }

  /** The issued document to the applicant's cabinet, with a message in words. */
  async deliver(doc: IssuedDocument, message: string): Promise<void> {
    await this.run(`deliver-${doc.kind}`, () =>
      common.deliverToCabinet({
        applicationId: this.o.applicationId,
        applicantRef: this.o.applicantRef,
        ancn: doc.ancn,
        kind: doc.kind,
        message,
        idempotencyKey: `${this.o.keyPrefix}:deliver:${doc.kind}`,
      }),
    );
  }

  /** ¶15: the report (service, application ANCN, applicant, time, failing step) and its audit event; the case goes on. */
  async reportTechnicalFailure(e: TechnicalFailure): Promise<void> {
    await this.sendReport(e);
    await this.o.tracker.audit('technical-failure-reported', 'system', { step: e.step, error: e.message });
  }

  /**
   * ¶15 for a case that ends its own way when an outside system fails (SME registration: undo what was
   * committed, tell the applicant, close): an activity that failed for good is reported under the stage
   * the case was in, a refusal (isRefusal) is not; then `end` closes the case with the reason.
   * No audit event between the report and `end`: the recorded SME histories go from the report straight
   * to the compensation and the cabinet message, and replay requires the same activities in that order.
   */
  async endAfterFailure<R>(e: ActivityFailure, end: (reason: string) => Promise<R>): Promise<R> {
    const failure = new TechnicalFailure(this.o.tracker.stage, e);
    if (!isRefusal(e)) await this.sendReport(failure);
    return end(`${failure.step} could not be completed: ${failure.detail}`);
  }

  /** The ¶15 report itself, once per failing step (its idempotency key). */
  private async sendReport(e: TechnicalFailure): Promise<void> {
    const { tracker, clock } = this.o;
    await reportTechnicalFailure({
      serviceName: this.o.serviceCode,
      applicationAncn: this.o.ancn,
      applicantRef: this.o.applicantRef,
      occurredAt: clock.now().toISOString(),
      error: e.message,
      context: {
        step: e.step,
        stage: tracker.stage,
        activity: e.failure.activityType,
        applicationId: this.o.applicationId,
        workflowId: this.o.keyPrefix,
      },
      idempotencyKey: `${this.o.keyPrefix}:technical-failure:${e.step}`,
    });
  }

  /** ¶15: report the failure, then end the case 'failed'. */
  async closeFailed(e: TechnicalFailure): Promise<{ outcome: 'failed' }> {
    const { tracker, clock } = this.o;
    await this.reportTechnicalFailure(e);
    tracker.setDetail('technicalFailure', { step: e.step, error: e.message, at: kzTime(clock.now()) });
    await tracker.close('failed', { note: `technical failure at ${e.step} (seed 003 ¶15)` });
    return { outcome: 'failed' };
  }
}
