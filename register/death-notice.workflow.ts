/**
 * seed 004 ¶50: a notice of death from the individuals database annuls, automatically, every permit and
 * notification of that person — each with its history row and a register-maintenance notice signed
 * with the system's transport signature.
 *
 * One workflow per notice (workflow id `death-notice-<noticeId>`, never the IIN: ids are visible on
 * dashboards), so a redelivered notice never starts a second run. Each annulment is its own activity
 * with the key `<workflowId>:<ANCN>`: a retry or a replay annuls nothing twice.
 *
 * Temporal finds a workflow and its activities by name, not by file: recorded histories
 * (test/workflows/histories/death-notice-*) replay only while `deathNoticeWorkflow`,
 * `liveEntriesOfHolder` and `revokeForDeath` keep these names. The worker bundles this file through
 * services/workflows.ts.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RegisterActivities, RevokeForDeathResult } from './activities';

export interface DeathNoticeInput {
  noticeId: string;
  iin: string;
  dateOfDeath: string;
}

export interface DeathNoticeResult {
  noticeId: string;
  revoked: RevokeForDeathResult[];
  alreadyClosed: RevokeForDeathResult[];
}

const { liveEntriesOfHolder, revokeForDeath } = proxyActivities<RegisterActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

export function deathNoticeWorkflowId(noticeId: string): string {
  return `death-notice-${noticeId}`;
}

export async function deathNoticeWorkflow(input: DeathNoticeInput): Promise<DeathNoticeResult> {
  const { workflowId } = workflowInfo();
  const entries = await liveEntriesOfHolder({ holderRef: input.iin });
  const results: RevokeForDeathResult[] = [];
  // One after another: each annulment commits (status, history, notice) before the next starts.
  for (const e of entries) {
    results.push(
      await revokeForDeath({
        ancn: e.ancn,
        noticeId: input.noticeId,
        dateOfDeath: input.dateOfDeath,
        idempotencyKey: `${workflowId}:${e.ancn}`,
      }),
    );
  }
  return {
    noticeId: input.noticeId,
    revoked: results.filter((r) => r.outcome === 'revoked'),
    alreadyClosed: results.filter((r) => r.outcome === 'already-closed'),
  };
}
