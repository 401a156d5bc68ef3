import { createTimeSkippingEnv, createWorker, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a 7-day sleep passes in seconds', async () => {
  const taskQueue = taskQueueFor('smoke');
  const worker = await createWorker(env, { taskQueue, workflowsPath: require.resolve('./sleeper-workflow') });
  const t0 = Date.now();
  const r = await worker.runUntil(env.client.workflow.execute('sleeper', { taskQueue, workflowId: workflowIdFor('smoke'), args: [] }));
  expect(r).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000);
  // Real seconds, not real days: generous for a loaded 2-core machine, still nowhere near 7 days.
  expect(Date.now() - t0).toBeLessThan(120_000);
});
