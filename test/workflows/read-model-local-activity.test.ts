/**
 * Patch 'read-model-local-activity' (workflows/shared/case-tracker.ts): a case's read-model writes run as
 * local activities — markers in history, no activity task through the Temporal server each — and the
 * read model still follows the case: stage, pending actions and waiting-on while it runs, the outcome at
 * the end, one audit row per record in order. A write retried after it landed (the worker lost the
 * answer) adds nothing. On a real time-skipping server with the REAL recordProgress (activities/common.ts)
 * over the in-memory application store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createCommonActivities } from '../../activities/common';
import type { CommonActivities, RecordProgressInput } from '../../activities/common-types';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { planSmeRegistration } from '../../services/sme-registration/rules';
import { signUpdate, type SmeRegistrationResult } from '../../services/sme-registration/workflow';
import { READ_MODEL_LOCAL_ACTIVITY_PATCH } from '../../workflows/shared/case-tracker';
import { createTimeSkippingEnv, settleAll, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import {
  FOUNDER_1,
  FOUNDER_2,
  SUBMITTED_AT,
  createFakes,
  createSmeWorker,
  exampleApplication,
  waitForStage,
  workflowInput,
} from './sme-registration.fixtures';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let store: InMemoryApplicationStore;
/** Every call of recordProgress, in order, and which idempotency keys were answered with a failure once. */
const calls: RecordProgressInput[] = [];
const failedOnce = new Set<string>();
const taskQueue = taskQueueFor('read-model-local-activity');

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  store = new InMemoryApplicationStore();
  const signer = await LocalXmlSigner.fromDir(fs.mkdtempSync(path.join(os.tmpdir(), 'rm-la-pki-')));
  const common = createCommonActivities({
    store,
    signer,
    cabinet: new InMemoryPersonalCabinet(),
    monitoring: new InMemoryMonitoringSystem(),
  });
  const activities: CommonActivities = {
    ...common,
    // The write lands, then the worker loses the answer (every third record): the SDK retries the local
    // activity with the same input, which must change nothing more.
    async recordProgress(input) {
      calls.push(input);
      await common.recordProgress(input);
      const key = input.audit?.idempotencyKey ?? '';
      if ((input.seq ?? 0) % 3 === 0 && !failedOnce.has(key)) {
        failedOnce.add(key);
        throw new Error('connection reset after the write (test)');
      }
    },
  };
  worker = await createSmeWorker(env, taskQueue, createFakes(env), activities);
  running = worker.run();
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const started: WorkflowHandle[] = [];
afterEach(() => settleAll(started.splice(0)));

test('the read model follows an SME case through local activities: stage and pending actions while open, the outcome at the end, audit once per record', async () => {
  const workflowId = workflowIdFor('sme-rm-local');
  const application = exampleApplication();
  const input = { ...workflowInput(workflowId, application), ancn: await store.allocateAncn('APP') };
  const plan = planSmeRegistration(new Date(SUBMITTED_AT));
  await store.createApplication({
    id: workflowId,
    serviceCode: 'sme-registration',
    workflowId,
    ancn: input.ancn,
    applicantRef: application.applicant.iin,
    licensorBody: 'state-corporation',
    submittedAt: plan.submittedAt,
    registeredAt: plan.registeredAt,
    dueAt: plan.dueAt,
    calendarVersion: plan.calendarVersion,
  });
  const handle = await env.client.workflow.start('smeRegistration', { taskQueue, workflowId, args: [input] });
  started.push(handle);

  // While the case waits for the signatures, the read model says so (the staff inbox reads these).
  await waitForStage(handle, 'signatures');
  const waiting = await store.getApplication(workflowId);
  expect(waiting).toMatchObject({ stage: 'signatures', status: 'open', waitingOn: 'applicant' });
  expect(waiting?.pendingActions.map((a) => a.action)).toEqual(['sign']);

  for (const iin of [FOUNDER_1.iin, FOUNDER_2.iin])
    await handle.executeUpdate(signUpdate, { args: [{ signerIin: iin, biometricSessionId: `bio-${iin}`, actor: 'portal' }] });
  const r = (await handle.result()) as SmeRegistrationResult;
  expect(r.outcome).toBe('issued');

  // The read model ends where the case ended.
  expect(await store.getApplication(workflowId)).toMatchObject({ stage: 'closed', status: 'issued', slaState: 'met', pendingActions: [] });

  // History: the writes are local-activity markers behind the patch; no recordProgress activity task.
  const events = (await handle.fetchHistory()).events ?? [];
  const patches = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
  expect(patches.length).toBeGreaterThanOrEqual(1);
  expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordProgress')).toEqual([]);
  const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');

  // One record per marker, each retried record written twice but audited once, in the order of its seq.
  const mine = calls.filter((c) => c.applicationId === workflowId);
  const seqs = [...new Set(mine.map((c) => c.seq))];
  expect(seqs).toHaveLength(markers.length);
  expect(seqs).toEqual([...seqs].sort((a, b) => (a ?? 0) - (b ?? 0)));
  const retried = mine.filter((c) => failedOnce.has(c.audit?.idempotencyKey ?? ''));
  expect(retried.length).toBeGreaterThanOrEqual(2);
  expect(mine.length).toBe(seqs.length + retried.length / 2);
  const audit = await store.listAudit(workflowId);
  expect(audit).toHaveLength(seqs.length);
  expect(new Set(audit.map((a) => a.idempotencyKey)).size).toBe(audit.length);
  expect(audit.map((a) => a.action)).toEqual(
    mine.filter((c, i) => mine.findIndex((d) => d.seq === c.seq) === i).map((c) => c.audit?.action),
  );
  expect(audit.filter((a) => a.action === 'signed-with-digital-id')).toHaveLength(2);
  expect(audit.at(-1)?.action).toBe('case-closed');
});

test('the patch is named for the recorded histories', () => {
  expect(READ_MODEL_LOCAL_ACTIVITY_PATCH).toBe('read-model-local-activity');
});
