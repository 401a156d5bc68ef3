/**
 * The harness of every workflow test (in the spirit of sdk-typescript's helpers-integration.ts):
 * - createTimeSkippingEnv(): the Java test server from .tools (scripts/setup-test-server.sh), so that a
 *   7-working-day term runs in seconds; installs the quiet Runtime once per process first.
 * - workflowBundle(path): one webpack bundle per workflows file per test file (bundling takes seconds).
 * - createWorker(env, { taskQueue, workflowsPath, activities }): a worker on that cached bundle; task
 *   queues from taskQueueFor(test title) (slug + random id), workflow ids from workflowIdFor(prefix).
 * - settle() / runSettled() / settleAll(): every case settled before its worker stops (see below).
 * - recordHistory() / historyFiles() / loadHistory() / replayHistory() / tamperHistory(): recorded histories,
 *   one format: binary protobuf `temporal.api.history.v1.History` in test/workflows/histories/<name>.history.pb.
 *
 * Naming of test helper files: cross-cutting helpers in test/helpers/<topic>.ts (this file); one service's
 * fixtures next to its tests as test/workflows/<service>.fixtures.ts; a workflow that exists only for
 * tests as <name>-workflow.ts; recorded histories as test/workflows/histories/<name>.history.pb.
 */
import path from 'node:path';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * How long a test waits for a case to reach a state before it calls that a hang. Waits poll a condition and
 * return as soon as it holds, so this never paces a test; it is generous (several times what a loaded
 * 2-core machine needs, where 15–20 s windows were missed) and below jest's 60 s test timeout, so a real
 * hang fails with the helper's message (what was awaited, the last state seen).
 */
export const HANG_CEILING_MS = 50_000;

// ---- an Update "occasionally unanswered" on the loaded time-skipping server (issue 18) ------------------
//
// What the Java test server 1.32.1 and this SDK do (sdk-java TestWorkflowService / TestWorkflowMutableStateImpl
// / StateMachines, read for this; test/workflows/update-timing.test.ts measures the first two):
// - An Update that arrives while the case's workflow task is in flight is buffered and delivered with the next
//   task, which the server schedules when the running one completes: answered, in a second or two.
// - An Update the workflow has no handler for yet is refused at once by the SDK, not left waiting.
// - The server holds an UpdateWorkflowExecution call at most 10 s (getUpdatePollDeadline) and then answers
//   with the stage reached; the client (executeUpdate) sends the same request again, same update id, until
//   the Update is accepted, then polls for its outcome. Nothing there times out for good.
// - At every workflow task completion the server forgets the Updates it delivered with that task
//   (updateRequest.clear()). An Update the worker did not answer in that same completion is then only
//   re-created by the client's next call (after up to 10 s), and an acceptance sent in a later task finds
//   nothing (a NullPointerException in processAcceptanceMessage fails that completion). The SDK answers every
//   Update in the activation it is delivered in, so this costs time only when a completion is lost: a
//   workflow task can outlive its 10-s timeout on a machine with a load average of 15–20 (seen here while five
//   checkouts ran their suites); it is then retried, and its Updates wait for the retry.
// So an Update is slow under load (10-s steps, a task timeout), not lost: the API answers once it is accepted.
// A test that must bound its wait asks again with the same Idempotency-Key (the same update id: nothing runs
// twice; the API serialises the two on that key, so the second is answered with the first's result), as
// test/integration/openapi-examples.test.ts post() does, and prints workflowTaskSummary() when an answer is
// late, so the next occurrence shows which of the above it was. Nothing in this harness can make the server
// keep an unanswered Update across a task; the fix belongs to the test server (sdk-java), which Temporal
// plans to replace with time skipping in the real server.
export const TEST_SERVER = process.env.TEMPORAL_TEST_SERVER_PATH ?? path.join(ROOT, '.tools', 'bin', 'temporal-test-server');
/** Runs TEST_SERVER (it reads TEMPORAL_TEST_SERVER_PATH too) with the JVM options that start it faster. */
const SERVER_LAUNCHER = path.join(ROOT, 'test', 'helpers', 'temporal-test-server.sh');

let runtimeInstalled = false;

/**
 * The process's Temporal Runtime with a quiet logger (warnings and errors only). Must run before anything
 * creates the Runtime (an env, a worker, a replay); later calls, and a Runtime made already, are no-ops.
 */
export function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // the Runtime exists already (made by code outside this harness): keep it
  }
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installRuntime();
  if (!fs.existsSync(TEST_SERVER)) {
    throw new Error(`time-skipping test server not found at ${TEST_SERVER}: run scripts/setup-test-server.sh (make test does)`);
  }
  // The SDK gives the Java server 5 s to answer (fixed in sdk-core); a JVM starting beside other test processes
  // on 2 cores can take longer: three tries were seen to fail together at a load average of 18 (five checkouts
  // running suites and benchmarks). Another try, not a failed suite (a wrong server path fails at once above).
  // The JVM's start is most of those seconds: the client compiler only and the serial collector start it about
  // a quarter faster (3.1–3.9 s against 4.6 s measured at a load average of 25), and the short-lived server
  // needs no more. A launcher sets them (jest's sandboxed process.env never reaches the server's process).
  for (let attempt = 1; ; attempt++) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: SERVER_LAUNCHER } },
      });
      await registerSearchAttributes(env);
      return env;
    } catch (e) {
      if (attempt >= 6 || !/did not start within/.test(String(e))) throw e;
    }
  }
}

/**
 * A test file's time-skipping server and the cases its tests start: the server made before the first test
 * and torn down after the last, and every case a test pushed on `started` terminated after that test.
 */
export interface TimeSkippingSuite {
  /** Set before the first test runs. */
  env: TestWorkflowEnvironment;
  readonly started: WorkflowHandle[];
}

export function timeSkippingSuite(): TimeSkippingSuite {
  let env: TestWorkflowEnvironment | undefined;
  const suite: TimeSkippingSuite = {
    get env(): TestWorkflowEnvironment {
      if (!env) throw new Error('the time-skipping server is made in beforeAll: use suite.env inside a test');
      return env;
    },
    started: [],
  };
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });
  afterEach(async () => {
    for (const h of suite.started.splice(0)) await h.terminate('test finished').catch(() => undefined);
  });
  return suite;
}

/** The test server, like a fresh dev server, knows none of the case search attributes until told. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { INDEXED_VALUE_TYPE_KEYWORD, INDEXED_VALUE_TYPE_DATETIME } = temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((k) => [k.name, k.type === 'DATETIME' ? INDEXED_VALUE_TYPE_DATETIME : INDEXED_VALUE_TYPE_KEYWORD]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** The workflow bundle of `workflowsPath` (a require.resolve'd file), made once per test file. */
export function workflowBundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  installRuntime();
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/** Every production workflow, as the worker (worker.ts) loads them: the replay tests use this entry point. */
export const ALL_WORKFLOWS = require.resolve('../../services/workflows');

export type TestWorkerOptions = Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'> & { workflowsPath: string };

/** Where a worker connects: the time-skipping env, or the dev server (test/helpers/dev-server.ts). */
export type WorkerHost = Pick<TestWorkflowEnvironment, 'nativeConnection'> & { namespace?: string };

/** A worker on `env` for `taskQueue`, running the cached bundle of `workflowsPath`. Run it with runSettled. */
export async function createWorker(env: WorkerHost, { workflowsPath, ...options }: TestWorkerOptions): Promise<Worker> {
  return Worker.create({
    namespace: env.namespace,
    ...options,
    connection: env.nativeConnection,
    workflowBundle: await workflowBundle(workflowsPath),
  });
}

/** A task queue of its own for a test: its title slugged, and a random suffix. */
export function taskQueueFor(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `${slug}-${randomUUID().slice(0, 8)}`;
}

/** A unique workflow id: `prefix-<uuid>`. */
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
const TASK_CLOSED = new Set([
  E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  E.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
]);
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
      const ended =
        e.activityTaskCompletedEventAttributes ??
        e.activityTaskFailedEventAttributes ??
        e.activityTaskTimedOutEventAttributes ??
        e.activityTaskCanceledEventAttributes;
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
export async function settle(handle: WorkflowHandle, timeoutMs = HANG_CEILING_MS): Promise<void> {
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

/**
 * For a worker that runs across a file's tests (started in beforeAll): call in afterEach, while it still
 * runs, with the cases the test started. Throws when one does not settle — the later tests of the file
 * would otherwise find the server's time-skipping locked.
 */
export async function settleAll(handles: readonly WorkflowHandle[]): Promise<void> {
  for (const handle of handles) await settle(handle);
}

/**
 * What the server shows of a case's workflow tasks and updates, in one line: for a test to print when an
 * answer does not come (were the update's tasks delivered, completed, failed, timed out; was it accepted).
 */
export async function workflowTaskSummary(handle: WorkflowHandle): Promise<string> {
  const events = (await handle.fetchHistory()).events ?? [];
  const count = (t: temporal.api.enums.v1.EventType): number => events.filter((e) => e.eventType === t).length;
  const tail = events.slice(-8).map((e) => (E[e.eventType ?? 0] ?? String(e.eventType)).replace(/^EVENT_TYPE_/, '').toLowerCase());
  const left = await outstanding(handle);
  return (
    `${handle.workflowId}: ${events.length} events; workflow tasks scheduled ${count(E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)}, ` +
    `completed ${count(E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)}, failed ${count(E.EVENT_TYPE_WORKFLOW_TASK_FAILED)}, ` +
    `timed out ${count(E.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)}; updates accepted ${count(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)}, ` +
    `completed ${count(E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)}; outstanding: ${left.workflowTask ? 'a workflow task, ' : ''}` +
    `${left.activities} activit(ies); last: ${tail.join(', ')}`
  );
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

// ---- recorded histories: record, discover, replay, tamper ----------------------------------------------
//
// A test that runs a case worth keeping calls recordHistory(handle, name) when the case has ended. With
// RECORD_HISTORIES=1 that writes test/workflows/histories/<name>.history.pb; otherwise it checks that the
// file is committed, so a history a test records cannot be deleted unnoticed. test/workflows/replay.test.ts
// replays every file in that folder (found, not listed) on the current workflow code, and a tampered copy
// of one history per workflow type, which must fail. Re-record only after an intentional change that is
// safe for running cases (patched, or no case in flight), never to make the replay pass; a history from an
// earlier version is kept under its own name (e.g. flag-emblem-license-before-approval-chain-*).

export const HISTORIES_DIR = path.join(ROOT, 'test', 'workflows', 'histories');
export const HISTORY_SUFFIX = '.history.pb';
export const RECORDING = process.env['RECORD_HISTORIES'] === '1';

const { History, HistoryEvent } = temporal.api.history.v1;
type History = temporal.api.history.v1.History;

export const historyFile = (name: string): string => path.join(HISTORIES_DIR, `${name}${HISTORY_SUFFIX}`);

/**
 * The case's history, fetched from the server. With RECORD_HISTORIES=1 it is also written as `name`;
 * without, the test fails unless that history is committed (record it: RECORD_HISTORIES=1 npx jest <file>).
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<History> {
  const history = History.fromObject(await handle.fetchHistory());
  if (RECORDING) {
    fs.mkdirSync(HISTORIES_DIR, { recursive: true });
    // Binary protobuf: historyToJSON trips over two protobufjs copies in node_modules ("type must be a Type").
    fs.writeFileSync(historyFile(name), History.encode(history).finish());
  } else if (!fs.existsSync(historyFile(name))) {
    throw new Error(
      `recorded history ${path.relative(ROOT, historyFile(name))} is missing: record it with RECORD_HISTORIES=1 npx jest <this test file>`,
    );
  }
  return history;
}

/** The names (file name without .history.pb) of every recorded history, sorted. */
export function historyNames(): string[] {
  if (!fs.existsSync(HISTORIES_DIR)) return [];
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith(HISTORY_SUFFIX))
    .map((f) => f.slice(0, -HISTORY_SUFFIX.length))
    .sort();
}

export function loadHistory(name: string): History {
  return History.decode(fs.readFileSync(historyFile(name)));
}

/** The workflow type a history ran (from its WorkflowExecutionStarted event). */
export function workflowTypeOf(history: History): string {
  const name = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
  if (!name) throw new Error('history does not start with WorkflowExecutionStarted');
  return name;
}

/** Replays `history` on the current code of `workflowsPath` (default: every workflow); rejects with DeterminismViolationError on drift. */
export async function replayHistory(history: History, name: string, workflowsPath = ALL_WORKFLOWS): Promise<void> {
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(workflowsPath), replayName: name }, history);
}

/**
 * A copy of `history` in which the activity the code schedules at `which` ('last' by default) has another
 * type — what the history of a changed workflow would show. Returns the copy and the renamed activity.
 */
export function tamperHistory(
  history: History,
  which: 'first' | 'last' = 'last',
): { tampered: History; activityType: string; eventId: number } {
  const events = history.events.map((e) => HistoryEvent.decode(HistoryEvent.encode(e).finish()));
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name);
  const target = which === 'first' ? scheduled[0] : scheduled.at(-1);
  const type = target?.activityTaskScheduledEventAttributes?.activityType;
  if (!target || !type?.name) throw new Error('tamperHistory: the history schedules no activity');
  const activityType = type.name;
  type.name = `${activityType}Tampered`;
  return { tampered: History.create({ events }), activityType, eventId: Number(target.eventId) };
}
