import { createTimeSkippingEnv, createWorker, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
test('custom search attributes on the test server', async () => {
  const taskQueue = taskQueueFor('sa');
  const worker = await createWorker(env, { taskQueue, workflowsPath: require.resolve('./sa-workflow') });
  const r = await worker.runUntil(env.client.workflow.execute('saWorkflow', { taskQueue, workflowId: workflowIdFor('smoke'), args: [] }));
  expect(r).toBe('ok');
});
