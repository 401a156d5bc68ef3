/**
 * The reference-data broadcast workflow on the time-skipping server: two passes of the signalling
 * activity, the second after SECOND_PASS_DELAY_MS, and its result names both. Records the history that
 * replay.test.ts replays against today's code:
 *
 *   RECORD_HISTORIES=1 npx jest test/workflows/reference-data-broadcast.test.ts
 *
 * (The real list and signal on a dev server: test/integration/reference-data-broadcast.test.ts.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EMBEDDED_CALENDAR } from '../../domain/calendar';
import type { CalendarPublished } from '../../domain/reference-data';
import { createReferenceDataActivities, type CaseExecution, type RunningCases } from '../../reference-data/activities';
import {
  referenceDataBroadcastWorkflow,
  referenceDataBroadcastWorkflowId,
  SECOND_PASS_DELAY_MS,
} from '../../reference-data/broadcast.workflow';
import { createTimeSkippingEnv, createWorker, recordHistory, runSettled, taskQueueFor } from '../helpers/temporal';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});

test('two passes over the running cases, the second after the visibility delay; the history is recorded', async () => {
  const passes: number[] = [];
  const cases: RunningCases = {
    async *list(): AsyncIterable<CaseExecution> {
      passes.push(Date.now());
      yield { workflowId: 'flag-emblem-license-KZ95APP00000001', runId: 'r1' };
      yield { workflowId: 'sme-registration-KZ95APP00000002', runId: 'r2' };
    },
    signal: async (c) => (c.workflowId.startsWith('sme') ? 'gone' : 'signalled'),
  };
  const taskQueue = taskQueueFor('reference-data broadcast');
  const worker = await createWorker(env, {
    taskQueue,
    workflowsPath: require.resolve('../../reference-data/broadcast.workflow'),
    activities: createReferenceDataActivities({ cases }),
  });
  const payload: CalendarPublished = {
    kind: 'calendar',
    version: 'kz-calendar@2',
    act: { title: 'Order of the Minister of Labour on the transfer of days off in 2027', number: '312', date: '2026-11-20' },
    summary: 'Friday 2027-01-08 declared a day off, Saturday 2027-01-16 a working day',
    publishedAt: '2026-12-03T05:00:00.000Z',
    publishedBy: 'admin-1',
    calendar: { ...EMBEDDED_CALENDAR, version: 'kz-calendar@2' },
  };
  const handle = await env.client.workflow.start(referenceDataBroadcastWorkflow, {
    taskQueue,
    workflowId: referenceDataBroadcastWorkflowId(payload.version),
    args: [{ payload }],
  });
  const started = await env.currentTimeMs();
  const result = await runSettled(worker, [handle], () => handle.result());
  expect(result).toEqual({
    version: 'kz-calendar@2',
    passes: [
      { pass: 1, listed: 2, signalled: 1, gone: 1 },
      { pass: 2, listed: 2, signalled: 1, gone: 1 },
    ],
  });
  expect(passes).toHaveLength(2);
  expect((await env.currentTimeMs()) - started).toBeGreaterThanOrEqual(SECOND_PASS_DELAY_MS);
  await recordHistory(handle, 'reference-data-broadcast-calendar');
}, 120_000);
