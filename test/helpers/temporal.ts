/**
 * Temporal environments for tests.
 * - timeSkipping(): the Java test server from .tools (scripts/setup-test-server.sh), so that a
 *   7-working-day term runs in seconds.
 * - A task queue per test, slugged from its title, so tests in one file never collide.
 */
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEST_SERVER = process.env.TEMPORAL_TEST_SERVER_PATH ?? path.join(ROOT, '.tools', 'bin', 'temporal-test-server');

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  if (!fs.existsSync(TEST_SERVER)) {
    throw new Error(`time-skipping test server not found at ${TEST_SERVER}: run scripts/setup-test-server.sh (make test does)`);
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEST_SERVER } },
  });
  await registerSearchAttributes(env);
  return env;
}

/** The test server, like a fresh dev server, knows none of the case search attributes until told. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_DATETIME } = temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, k.type === 'DATETIME' ? INDEXED_VALUE_TYPE_DATETIME : INDEXED_VALUE_TYPE_KEYWORD]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

export function taskQueueFor(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${slug}-${randomUUID().slice(0, 8)}`;
}

export function workflowIdFor(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

// ---- leaving the time-skipping server clean ----------------------------------------------------------
//
// The Java test server holds one time-skipping lock per outstanding workflow task and activity, released
// only when a worker reports its result (sdk-java TestWorkflowMutableStateImpl, 1.32.1). A test whose
// worker stops (runUntil returns) or that terminates its case while the case still has such work leaves
// that lock behind for good: every later env.sleep on the same server then runs in real time, i.e. the
// next test that skips time hangs. Under load this happened in about half the runs of a file whose test
// followed one ending with a progress activity in flight. So a test settles its cases before its worker stops.

const E = temporal.api.enums.v1.EventType;

const TASK_OPENED = new Set([E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED]);
const TASK_CLOSED = new Set([E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, E.EVENT_TYPE_WORKFLOW_TASK_FAILED, E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT]);
const RUN_CLOSED = new Set([
  E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/** What the test server still counts as outstanding for this run: an open workflow task, open activities. */
async function outstanding(handle: WorkflowHandle): Promise<{ closed: boolean; workflowTask: boolean; activities: number }> {
  const history = await handle.fetchHistory();
  let workflowTask = false;
  let closed = false;
  const activities = new Set<string>();
  for (const e of history.events ?? []) {
    const type = e.eventType ?? E.EVENT_TYPE_UNSPECIFIED;
    if (TASK_OPENED.has(type)) workflowTask = true;
    else if (TASK_CLOSED.has(type)) workflowTask = false;
    else if (RUN_CLOSED.has(type)) closed = true;
    else if (type === E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) activities.add(String(e.eventId));
    else {
      const ended = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
      if (ended) activities.delete(String(ended.scheduledEventId));
    }
  }
  return { closed, workflowTask, activities: activities.size };
}

/**
 * Call while the workflow's worker is still running (inside runUntil), before the test ends or terminates it:
 * resolves once the workflow has no workflow task and no activity outstanding. The server's clock is locked
 * outside env.sleep, so no timer can fire afterwards and the state stays settled. Throws, naming what is
 * left, when that does not happen in `timeoutMs` (e.g. an activity held by the test) — ending the test then
 * would leave the server's time-skipping locked for every later test on it.
 */
export async function settle(handle: WorkflowHandle, timeoutMs = 15_000): Promise<void> {
  const t0 = Date.now();
  let last: Awaited<ReturnType<typeof outstanding>> | undefined;
  let quietSince: number | undefined;
  while (Date.now() - t0 < timeoutMs) {
    last = await outstanding(handle);
    if (last.closed && last.workflowTask === false && last.activities === 0) return;
    if (!last.workflowTask && last.activities === 0) {
      // a signal or update sent just before may still be buffered: require two quiet looks 50 ms apart
      if (quietSince !== undefined && Date.now() - quietSince >= 50) return;
      quietSince ??= Date.now();
    } else {
      quietSince = undefined;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `settle: workflow ${handle.workflowId} still has ${last?.workflowTask ? 'a workflow task and ' : ''}${last?.activities} activit(ies) outstanding; ` +
      'ending the test now would leave the test server time-skipping locked (later env.sleep calls hang)',
  );
}


/**
 * `worker.runUntil(body)`, then — still with the worker running — settles every case in `handles` (the
 * test's started cases). When the body failed, a case that does not settle is only reported, so the
 * body's own error is the one the test shows.
 */
export async function runSettled<R>(worker: Worker, handles: readonly WorkflowHandle[], body: () => Promise<R>): Promise<R> {
  return worker.runUntil(async () => {
    let result: R;
    try {
      result = await body();
    } catch (e) {
      for (const handle of handles) await settle(handle).catch((left: unknown) => console.warn(String(left)));
      throw e;
    }
    for (const handle of handles) await settle(handle);
    return result;
  });
}

/** The message of an Update its validator refused; the test fails if the Update was accepted or failed in another way. */
export async function refusedWith(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (e) {
    if (!(e instanceof WorkflowUpdateFailedError)) throw new Error(`expected the update to be refused by its validator, got ${String(e)}`);
    return e.cause?.message ?? e.message;
  }
  throw new Error('the update was accepted');
}

