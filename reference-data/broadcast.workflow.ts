/**
 * A published reference-data version reaches every running case: one small workflow per version
 * (id `reference-data-broadcast-<version>`, so a retried publish never starts a second one), which runs
 * the `signalRunningCases` activity over Temporal's visibility list of running case workflows and
 * sends each `referenceDataPublishedSignal` with the version's data. Durable: a worker that dies mid-way
 * leaves the activity to be retried, and the server drops a repeated signal (request id per version and
 * case), so no case gets one version twice from here.
 *
 * Visibility is eventually consistent: a case started just before the publish may not be listed yet, so
 * a second pass runs after SECOND_PASS_DELAY (ours) — its signals to cases already reached are dropped.
 * A case started after the publish is planned with the new version by the API and ignores the signal.
 *
 * Bundled through services/workflows.ts. Temporal finds the workflow and its activity by name: keep them.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { ReferenceDataPublished } from '../domain/reference-data';
import type { ReferenceDataActivities, SignalPassResult } from './activities';

export interface ReferenceDataBroadcastInput {
  payload: ReferenceDataPublished;
}

export interface ReferenceDataBroadcastResult {
  version: string;
  passes: SignalPassResult[];
}

/** Ours: long enough for visibility to list a case started while the first pass ran. */
export const SECOND_PASS_DELAY_MS = 30_000;

const { signalRunningCases } = proxyActivities<ReferenceDataActivities>({
  // Thousands of cases at ~50 signals in flight take seconds; the heartbeat notices a dead worker sooner.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

export function referenceDataBroadcastWorkflowId(version: string): string {
  return `reference-data-broadcast-${version}`;
}

export async function referenceDataBroadcastWorkflow(input: ReferenceDataBroadcastInput): Promise<ReferenceDataBroadcastResult> {
  const first = await signalRunningCases({ payload: input.payload, pass: 1 });
  await sleep(SECOND_PASS_DELAY_MS);
  const second = await signalRunningCases({ payload: input.payload, pass: 2 });
  return { version: input.payload.version, passes: [first, second] };
}
