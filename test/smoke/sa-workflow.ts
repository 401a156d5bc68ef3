import { upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';
export async function saWorkflow(): Promise<string> {
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.stage, value: 'x' },
    { key: SEARCH_ATTRIBUTES.dueAt, value: new Date() },
  ]);
  return 'ok';
}
