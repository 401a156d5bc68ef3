/**
 * A tiny case-like workflow for the dev-server integration test: sets the case search attributes the
 * dashboards filter on, waits for a signal, moves to its final stage and returns.
 */
import { condition, defineSignal, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';

export const finishSignal = defineSignal('finish');

export async function devServerCheckWorkflow(input: { serviceCode: string; dueAt: string }): Promise<string> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  upsertSearchAttributes([
    { key: SEARCH_ATTRIBUTES.serviceCode, value: input.serviceCode },
    { key: SEARCH_ATTRIBUTES.stage, value: 'waiting' },
    { key: SEARCH_ATTRIBUTES.dueAt, value: new Date(input.dueAt) },
  ]);
  await condition(() => finished);
  upsertSearchAttributes([{ key: SEARCH_ATTRIBUTES.stage, value: 'done' }]);
  return `done:${input.serviceCode}`;
}
