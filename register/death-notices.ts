/**
 * Connects the individuals database's death notices (seed 004 ¶50) to the death-notice workflow: each
 * notice starts `deathNoticeWorkflow` under the id derived from the notice, so a redelivered notice
 * finds the run already there and is acknowledged without a second one. A failure to start throws, and
 * the database redelivers the notice.
 */
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { IndividualsDatabase } from '../adapters/individuals-database/port';
import { DeathNoticeSchema } from '../adapters/individuals-database/port';
import { deathNoticeWorkflow, deathNoticeWorkflowId, type DeathNoticeInput } from './death-notice.workflow';

export function forwardDeathNotices(source: IndividualsDatabase, client: Pick<WorkflowClient, 'start'>, taskQueue: string): () => void {
  return source.onDeathNotice(async (raw) => {
    const notice = DeathNoticeSchema.parse(raw);
    const input: DeathNoticeInput = { noticeId: notice.noticeId, iin: notice.iin, dateOfDeath: notice.dateOfDeath };
    try {
      await client.start(deathNoticeWorkflow, {
        taskQueue,
        workflowId: deathNoticeWorkflowId(notice.noticeId),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) return;
      throw e;
    }
  });
}
