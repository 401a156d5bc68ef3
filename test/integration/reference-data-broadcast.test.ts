/**
 * The broadcast of a published version on the real dev server of `make start`: the broadcast workflow
 * lists running cases through visibility (KzServiceCode) and signals each with reference-data-published —
 * seen here as a WorkflowExecutionSignaled event in a Flag/Emblem case's history — exactly once although
 * both passes reach it (the request id per version and case), and never signals a workflow that is not a
 * case (a death notice) or a case that has ended.
 *
 * The cases here have no worker: a running execution records a signal in its history whether or not a
 * worker is polling, and how a case reacts to the signal is the workflows' own tests' business.
 */
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';
import { EMBEDDED_CALENDAR } from '../../domain/calendar';
import type { CalendarPublished } from '../../domain/reference-data';
import { createReferenceDataActivities, temporalRunningCases } from '../../reference-data/activities';
import { referenceDataBroadcastWorkflowId } from '../../reference-data/broadcast.workflow';
import { SERVICE_CODES } from '../../services';
import { eventually, startTestDevServer, type TestDevServer } from '../helpers/dev-server';
import { createWorker, taskQueueFor, workflowIdFor } from '../helpers/temporal';

let server: TestDevServer;
beforeAll(async () => {
  server = await startTestDevServer();
}, 90_000);
afterAll(async () => {
  await server?.teardown();
});

async function signalsIn(workflowId: string): Promise<string[]> {
  const history = await server.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) =>
    e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName ?? ''] : [],
  );
}

test('a published calendar version reaches every running case once, and nothing else', async () => {
  const idle = taskQueueFor('cases without a worker');
  const startCase = (workflowId: string) =>
    server.client.workflow.start('flagEmblemLicenseWorkflow', {
      taskQueue: idle,
      workflowId,
      args: [{}],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.serviceCode, value: 'flag-emblem-license' }],
    });
  const running = workflowIdFor('flag-emblem-license-KZ');
  const ended = workflowIdFor('flag-emblem-license-KZ');
  const deathNotice = workflowIdFor('death-notice');
  await startCase(running);
  await (await startCase(ended)).terminate('closed before the decree');
  await server.client.workflow.start('deathNoticeWorkflow', { taskQueue: idle, workflowId: deathNotice, args: [{}] });
  await eventually(async () => {
    const ids: string[] = [];
    for await (const w of server.client.workflow.list({ query: `WorkflowId = "${running}" AND ExecutionStatus = "Running"` }))
      ids.push(w.workflowId);
    return ids.length === 1 ? ids : undefined;
  });

  const payload: CalendarPublished = {
    kind: 'calendar',
    version: `kz-calendar@${Date.now()}`,
    act: { title: 'Order of the Minister of Labour on the transfer of days off in 2027', number: '312', date: '2026-11-20' },
    summary: 'Friday 2027-01-08 declared a day off, Saturday 2027-01-16 a working day',
    publishedAt: new Date().toISOString(),
    publishedBy: 'admin-1',
    calendar: EMBEDDED_CALENDAR,
  };
  const taskQueue = taskQueueFor('reference-data broadcast');
  const worker = await createWorker(server, {
    taskQueue,
    workflowsPath: require.resolve('../../reference-data/broadcast.workflow'),
    activities: createReferenceDataActivities({ cases: temporalRunningCases(server.client, SERVICE_CODES) }),
  });
  await worker.runUntil(async () => {
    const handle = await server.client.workflow.start('referenceDataBroadcastWorkflow', {
      taskQueue,
      workflowId: referenceDataBroadcastWorkflowId(payload.version),
      args: [{ payload }],
    });
    // Prompt: the first pass signals at once.
    await eventually(async () => ((await signalsIn(running)).length > 0 ? true : undefined));
    const result = (await handle.result()) as { passes: Array<{ listed: number; signalled: number }> };
    // Both passes listed and signalled it; the server recorded the signal once.
    expect(result.passes.map((p) => p.signalled)).toEqual([1, 1]);
  });
  expect(await signalsIn(running)).toEqual(['reference-data-published']);
  expect(await signalsIn(ended)).toEqual([]);
  expect(await signalsIn(deathNotice)).toEqual([]);
  const signalled = (await server.client.workflow.getHandle(running).fetchHistory()).events?.find(
    (e) => e.workflowExecutionSignaledEventAttributes,
  );
  const [arg] = signalled?.workflowExecutionSignaledEventAttributes?.input?.payloads ?? [];
  expect(JSON.parse(Buffer.from(arg?.data ?? new Uint8Array()).toString('utf8'))).toMatchObject({
    kind: 'calendar',
    version: payload.version,
    summary: payload.summary,
  });
  await server.client.workflow.getHandle(running).terminate('test done');
}, 180_000);
