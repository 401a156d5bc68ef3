/**
 * A staff decision step, shared by the licensing workflows: the case waits for an employee's Update until
 * a working-day deadline; when the deadline passes without action it escalates (audit event 'escalated',
 * SLA flag at-risk, waitingOn staff, the cause in words) and keeps waiting — never silently.
 * Plus the checks every staff Update validator makes: who acts, and at which stage.
 */
import { condition } from '@temporalio/workflow';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';
import { describeDeadline, kzTime, type StageDeadline } from './deadlines';

/** Who acts, as the API passes it into every Update argument (from the authenticated principal). */
export interface Actor {
  subject: string;
  role: string;
  licensorBody?: string;
  displayName?: string;
}

/** Validator check: the acting principal is staff of this case's licensor body. Throws a clear Error. */
export function assertStaffOf(actor: Actor | undefined, licensorBody: string, action: string): void {
  if (!actor || !actor.subject) throw new Error(`${action}: the acting employee is missing`);
  if (actor.role !== 'staff') throw new Error(`${action}: only licensor staff may record this (you act as ${actor.role})`);
  if (actor.licensorBody !== licensorBody) {
    throw new Error(
      `${action}: only staff of licensor body '${licensorBody}' may act on this case (you act for '${actor.licensorBody ?? 'none'}')`,
    );
  }
}

/** Validator check: the applicant (through the portal) acts. */
export function assertApplicant(actor: Actor | undefined, action: string): void {
  if (!actor || !actor.subject) throw new Error(`${action}: the acting applicant is missing`);
  if (actor.role !== 'portal') throw new Error(`${action}: only the applicant may do this (you act as ${actor.role})`);
}

/** Validator check: the case is at one of the stages that accept this action. */
export function assertStage(current: string, allowed: readonly string[], action: string): void {
  if (!allowed.includes(current)) {
    throw new Error(`${action} is not allowed at stage '${current}'; it is accepted at: ${allowed.join(', ')}`);
  }
}

export interface Escalation {
  stage: string;
  action: string;
  deadline: string;
  regulation: string;
  escalatedAt: string;
  cause: string;
}

export interface StaffDecisionStep<T> {
  tracker: CaseTracker;
  clock: CaseClock;
  /** The pending action's name, e.g. 'completeness-check'. */
  action: string;
  /** The stage's deadline; a function when a decree can move it while the stage waits. */
  deadline: StageDeadline | (() => StageDeadline);
  /** Returns the decision once an Update has recorded it. */
  decision: () => T | undefined;
  /** Ends the wait without a decision (e.g. the case failed): then undefined is returned. */
  stop?: () => boolean;
}

/**
 * Waits for the staff decision; at the deadline without one, escalates once and keeps waiting.
 * Returns the decision and whether it came late.
 */
export async function awaitStaffDecision<T>(step: StaffDecisionStep<T>): Promise<{ decision: T; late: boolean } | undefined> {
  const { tracker, clock } = step;
  const current = (): StageDeadline => (typeof step.deadline === 'function' ? step.deadline() : step.deadline);
  const done = (): boolean => step.decision() !== undefined || (step.stop?.() ?? false);
  const inTime = await clock.waitUntilMovable(done, () => current().by);
  if (!inTime) {
    await escalate(tracker, clock, step.action, current());
    await condition(done);
  }
  const decision = step.decision();
  return decision === undefined ? undefined : { decision, late: !inTime };
}

/** Audit + SLA flag + dashboard: the employee did not act by the deadline. */
export async function escalate(tracker: CaseTracker, clock: CaseClock, action: string, deadline: StageDeadline): Promise<void> {
  const cause = `staff did not record '${action}' by its deadline: ${describeDeadline(deadline)}`;
  const escalation: Escalation = {
    stage: tracker.stage,
    action,
    deadline: kzTime(deadline.by),
    regulation: deadline.regulation,
    escalatedAt: kzTime(clock.now()),
    cause,
  };
  const previous = tracker.snapshot().details['escalations'];
  tracker.setDetail('escalations', [...(Array.isArray(previous) ? (previous as Escalation[]) : []), escalation]);
  tracker.setWaitingOn('staff', cause);
  tracker.flagAtRisk(cause);
  await tracker.audit('escalated', 'system', { ...escalation });
}
