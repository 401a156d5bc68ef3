/**
 * The real dev server of `make start` (temporal CLI v1.5.1 built by `make setup`): a workflow runs on
 * it end to end, and a dashboard-style visibility query on the custom search attributes finds it —
 * first while it waits, then once it has finished.
 */
import { randomUUID } from 'node:crypto';
import { SEARCH_ATTRIBUTE_TYPES } from '../../workflows/shared/case';
import { eventually, startTestDevServer, type TestDevServer } from '../helpers/dev-server';
import { createWorker, taskQueueFor } from '../helpers/temporal';
import { finishSignal } from './dev-server-workflow';

let server: TestDevServer;
beforeAll(async () => {
  server = await startTestDevServer();
}, 90_000);
afterAll(async () => {
  await server?.teardown();
});

async function idsMatching(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of server.client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

test('the case search attributes are registered with their types', async () => {
  const res = await server.connection.operatorService.listSearchAttributes({ namespace: server.namespace });
  const custom = res.customAttributes ?? {};
  for (const name of Object.keys(SEARCH_ATTRIBUTE_TYPES)) {
    expect(custom).toHaveProperty(name);
  }
});

test('a workflow runs end to end and is found by a query on KzServiceCode and KzStage', async () => {
  const taskQueue = taskQueueFor('dev server end to end');
  // Unique per run, so the query can only match this workflow.
  const serviceCode = `check-${randomUUID().slice(0, 8)}`;
  const workflowId = `dev-server-check-${randomUUID()}`;
  const worker = await createWorker(server, { taskQueue, workflowsPath: require.resolve('./dev-server-workflow') });
  await worker.runUntil(async () => {
    const handle = await server.client.workflow.start('devServerCheckWorkflow', {
      taskQueue,
      workflowId,
      args: [{ serviceCode, dueAt: '2026-03-20T18:30:00+05:00' }],
    });
    const waiting = await eventually(async () => {
      const ids = await idsMatching(`KzServiceCode = "${serviceCode}" AND KzStage = "waiting" AND ExecutionStatus = "Running"`);
      return ids.length > 0 ? ids : undefined;
    });
    expect(waiting).toEqual([workflowId]);
    // A Datetime attribute is queryable as a range (the SLA dashboard's "due before …").
    const dueSoon = await idsMatching(`KzServiceCode = "${serviceCode}" AND KzDueAt < "2026-03-21T00:00:00+05:00"`);
    expect(dueSoon).toEqual([workflowId]);
    expect(await idsMatching(`KzServiceCode = "${serviceCode}" AND KzDueAt < "2026-03-20T00:00:00+05:00"`)).toEqual([]);

    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(`done:${serviceCode}`);
    const done = await eventually(async () => {
      const ids = await idsMatching(`KzServiceCode = "${serviceCode}" AND KzStage = "done" AND ExecutionStatus = "Completed"`);
      return ids.length > 0 ? ids : undefined;
    });
    expect(done).toEqual([workflowId]);
  });
});
