/**
 * Law set by decree (the MRP of a year, …) reaches a case through an activity, so the answer is recorded
 * in the case's history: a value published later never changes a replay. A value not yet published does
 * not crash the workflow: the case waits at its step — waiting on 'reference-data', flagged at risk with
 * the reason (the escalation dashboards and admins see), an audit row — and asks again every
 * REFERENCE_DATA_RECHECK until the value is there — or at once when the admin API publishes a version
 * (referenceDataPublishedSignal).
 * Workflow code: deterministic; time only from the CaseClock.
 */
import { defineSignal, proxyActivities } from '@temporalio/workflow';
import type { ReferenceDataPublished } from '../../domain/reference-data';
import type { CommonActivities } from '../../activities/common-types';
import type { CaseClock } from './clock';
import type { CaseTracker } from './case-tracker';

/**
 * A reference-data version was published (admin API → every running case): a calendar version moves the
 * deadlines still ahead; an MRP wakes a case waiting for it. The payload carries the data, so it is in
 * the history. A case ignores a version it already has.
 */
export const referenceDataPublishedSignal = defineSignal<[ReferenceDataPublished]>('reference-data-published');

/** Ours: how often a waiting case asks again for a missing value (the law sets no such interval). */
export const REFERENCE_DATA_RECHECK_MS = 30 * 60_000;

const { lookUpMrp } = proxyActivities<CommonActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface AwaitReferenceDataOptions<T> {
  clock: CaseClock;
  tracker: CaseTracker;
  /** What is missing, in words: "the MRP for 2027 (republican budget law)". */
  what: string;
  /** The provision that needs it, e.g. "seed 003 Annex 2 item 6". */
  regulation: string;
  lookUp: () => Promise<T | null>;
}

/** The value once it is published; meanwhile the case shows why it waits. */
export async function awaitReferenceData<T>(o: AwaitReferenceDataOptions<T>): Promise<T> {
  let value = await o.lookUp();
  if (value !== null) return value;
  const before = { waitingOn: o.tracker.waitingOn, cause: o.tracker.cause };
  const reason = `waiting on reference data: ${o.what} is not published (${o.regulation})`;
  o.tracker.setWaitingOn('reference-data', reason);
  o.tracker.setDetail('referenceData', { status: 'missing', what: o.what, regulation: o.regulation, since: o.clock.now().toISOString() });
  o.tracker.flagAtRisk(reason);
  await o.tracker.audit('reference-data-missing', 'system', { what: o.what, regulation: o.regulation });
  while (value === null) {
    // Asks again at the recheck, or at once when a reference-data version is published (the signal).
    const seen = o.clock.publications;
    await o.clock.waitUntil(() => o.clock.publications !== seen, new Date(o.clock.now().getTime() + REFERENCE_DATA_RECHECK_MS));
    value = await o.lookUp();
  }
  o.tracker.setDetail('referenceData', { status: 'published', what: o.what, regulation: o.regulation, at: o.clock.now().toISOString() });
  o.tracker.setWaitingOn(before.waitingOn, before.cause);
  await o.tracker.audit('reference-data-published', 'system', { what: o.what });
  return value;
}

/** The MRP in force on the day of `at` (Kazakhstan time), waiting for it when its budget law is not in yet. */
export async function awaitMrp(
  o: Omit<AwaitReferenceDataOptions<unknown>, 'what' | 'lookUp'> & { at: Date; year: number },
): Promise<{ year: number; tenge: number; source: string }> {
  return awaitReferenceData({
    clock: o.clock,
    tracker: o.tracker,
    regulation: o.regulation,
    what: `the MRP for ${o.year} (republican budget law)`,
    lookUp: () => lookUpMrp({ at: o.at.toISOString() }),
  });
}
