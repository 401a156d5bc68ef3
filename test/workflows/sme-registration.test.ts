/**
 * Seed 000 workflow on the time-skipping server, with the real activities over in-memory fakes of the
 * bank, insurer, payment gateway, Digital ID and legal-entities registry.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  createTimeSkippingEnv,
  recordHistory as recordHistoryFile,
  replayHistory,
  settleAll,
  taskQueueFor,
  workflowIdFor,
} from '../helpers/temporal';
import { isValidIdentificationNumber } from '../../domain/identification-number';
import type { SmeRegistrationApplication } from '../../services/sme-registration/rules';
import { SEARCH_ATTRIBUTES } from '../../workflows/shared/case';
import { chooseAnotherBankUpdate, signUpdate, type SmeRegistrationResult } from '../../services/sme-registration/workflow';
import {
  BLOCKED_AT_HALYK,
  FOUNDER_1,
  FOUNDER_2,
  HEAD,
  RecordingCommon,
  createFakes,
  createSmeWorker,
  exampleApplication,
  status,
  waitForStage,
  waitForStatus,
  workflowInput,
  WORKFLOWS_PATH,
  type Fakes,
} from './sme-registration.fixtures';

let env: TestWorkflowEnvironment;
let fakes: Fakes;
let common: RecordingCommon;
let worker: Worker;
let running: Promise<void>;
const taskQueue = taskQueueFor('sme-registration');

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  fakes = createFakes(env);
  common = new RecordingCommon();
  worker = await createSmeWorker(env, taskQueue, fakes, common);
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

beforeEach(() => {
  fakes.gateway.autoPay = { outcome: 'paid', delayMs: 20 };
  fakes.registry.outage = false;
});

// The cases each test started on the file's worker: settled before the next test (helpers/temporal.ts).
const started: WorkflowHandle[] = [];
afterEach(() => settleAll(started.splice(0)));

/** Histories of the cases finished in this run (also recorded: test/helpers/temporal.ts), replayed at the end of the file. */
const recordedHistories = new Map<string, temporal.api.history.v1.IHistory>();
async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  recordedHistories.set(name, await recordHistoryFile(handle, name));
}

let caseNo = 0;
/** Each case registers its own name (the registry fake is shared), unless the test names it. */
async function start(app: SmeRegistrationApplication = exampleApplication(), opts: { keepName?: boolean } = {}): Promise<WorkflowHandle> {
  caseNo += 1;
  const application = opts.keepName ? app : { ...app, legalEntity: { ...app.legalEntity, name: `${app.legalEntity.name} ${caseNo}` } };
  const workflowId = workflowIdFor('sme');
  const handle = await env.client.workflow.start('smeRegistration', {
    taskQueue,
    workflowId,
    args: [workflowInput(workflowId, application)],
  });
  started.push(handle);
  return handle;
}

async function sign(handle: WorkflowHandle, iin: string, session = `bio-${iin}`): Promise<void> {
  await handle.executeUpdate(signUpdate, { args: [{ signerIin: iin, biometricSessionId: session, actor: 'portal' }] });
}

async function result(handle: WorkflowHandle): Promise<SmeRegistrationResult> {
  return (await handle.result()) as SmeRegistrationResult;
}

const ofApp = <T extends { applicationId: string }>(xs: T[], id: string): T[] => xs.filter((x) => x.applicationId === id);

async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  const accepted = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED;
  return (history.events ?? []).filter((e) => e.eventType === accepted).length;
}

test('happy path: two founders sign, the entity is registered with a BIN within the hour', async () => {
  const handle = await start();
  const atSigning = await waitForStage(handle, 'signatures');
  // ¶5.10: the applicant is founder 1, so the two founders are the two signers.
  expect(atSigning.pendingActions).toEqual([expect.objectContaining({ action: 'sign', who: [FOUNDER_1.iin, FOUNDER_2.iin] })]);
  // ¶5.9 at the zero rate for SME legal entities: nothing invoiced, the fee recorded with its source.
  expect(atSigning.details['payment']).toEqual({
    status: 'not-charged',
    amountTenge: 0,
    rate: 'zero',
    source: expect.stringMatching(/zero rate .* small and medium entrepreneurship/),
  });
  expect((atSigning.details['timeLeft'] as { seconds: number }).seconds).toBeGreaterThan(0);
  expect((atSigning.details['timeLeft'] as { seconds: number }).seconds).toBeLessThanOrEqual(3600);
  // Ours: the signatures are collected within 15 minutes of the stage opening (SIGNING_WINDOW_MINUTES).
  const signingOpened = new Date(atSigning.timeline.find((t) => t.stage === 'signatures')?.startedAt ?? '').getTime();
  expect(new Date(atSigning.pendingActions[0]?.dueAt ?? '').getTime() - signingOpened).toBe(15 * 60_000);

  await sign(handle, FOUNDER_1.iin);
  expect((await status(handle)).pendingActions[0]?.who).toEqual([FOUNDER_2.iin]);
  await sign(handle, FOUNDER_2.iin);
  const r = await result(handle);

  expect(r.outcome).toBe('issued');
  expect(isValidIdentificationNumber(r.bin ?? '')).toBe(true);
  const id = handle.workflowId;
  expect(ofApp(fakes.bank.accounts, id)).toEqual([expect.objectContaining({ bankCode: 'HSBKKZKX', status: 'opened' })]);
  expect(ofApp(fakes.insurer.policies, id)).toEqual([expect.objectContaining({ insurerCode: 'eurasia', status: 'concluded' })]);
  expect(ofApp(fakes.gateway.invoices, id)).toEqual([]);
  // Both signed the same application hash.
  const hashes = new Set(
    fakes.digitalId.signatures
      .filter((s) => [FOUNDER_1.iin, FOUNDER_2.iin].includes(s.iin))
      .slice(-2)
      .map((s) => s.documentHash),
  );
  expect(hashes.size).toBe(1);
  expect(ofApp(fakes.registry.registrations, id)).toHaveLength(1);
  // ¶5.12-1: a notification of state registration signed by the provider, in the cabinet; ¶5.11 before it.
  expect(ofApp(common.documents, id)).toEqual([
    expect.objectContaining({ documentType: 'NTF', signer: 'provider', body: expect.objectContaining({ bin: r.bin }) }),
  ]);
  expect(ofApp(common.deliveries, id).map((d) => d.kind)).toEqual(['status-notice', 'registration-notification']);
  const final = await status(handle);
  expect(final).toMatchObject({ outcome: 'issued', slaState: 'met', stage: 'closed' });
  expect(final.timeline.map((t) => t.stage)).toEqual([
    'application-received',
    'application-review',
    'bank-account',
    'accident-insurance',
    'signatures',
    'status-notice',
    'registry-check',
    'registration-notification',
    'closed',
  ]);
  await recordHistory(handle, 'sme-registration-happy-path');
});

test('a bank refusal (¶3): the applicant chooses another bank and the registration goes on', async () => {
  const app = exampleApplication({
    founders: [
      { ...FOUNDER_1, sharePercent: 50 },
      { ...BLOCKED_AT_HALYK, sharePercent: 50 },
    ],
  });
  const handle = await start(app);
  const waiting = await waitForStage(handle, 'awaiting-bank-choice');
  expect(waiting.pendingActions).toEqual([expect.objectContaining({ action: 'choose-another-bank', by: 'applicant' })]);
  expect(waiting.details['bank']).toMatchObject({
    status: 'refused',
    refusals: [expect.objectContaining({ bankCode: 'HSBKKZKX', reasonCode: 'RISK_LIST' })],
  });

  // The bank that refused cannot be chosen again; nothing changes.
  await expect(
    handle.executeUpdate(chooseAnotherBankUpdate, { args: [{ bankCode: 'HSBKKZKX', branchCode: 'HSBK-AST-01', actor: 'portal' }] }),
  ).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/HSBKKZKX has already refused/) },
  });
  await handle.executeUpdate(chooseAnotherBankUpdate, { args: [{ bankCode: 'KCJBKZKX', branchCode: 'KCJB-ALA-01', actor: 'portal' }] });
  await waitForStage(handle, 'signatures');
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, BLOCKED_AT_HALYK.iin);
  const r = await result(handle);

  expect(r.outcome).toBe('issued');
  expect(ofApp(fakes.bank.accounts, handle.workflowId)).toEqual([expect.objectContaining({ bankCode: 'KCJBKZKX', status: 'opened' })]);
  expect(ofApp(fakes.bank.refusals, handle.workflowId)).toEqual([expect.objectContaining({ bankCode: 'HSBKKZKX' })]);
  await recordHistory(handle, 'sme-registration-bank-refusal-another-bank');
});

test('a bank refusal with no other bank chosen in time ends the case with the reason, nothing to undo', async () => {
  const app = exampleApplication({ founders: [{ ...BLOCKED_AT_HALYK, sharePercent: 100 }], applicant: BLOCKED_AT_HALYK });
  const handle = await start(app);
  await waitForStage(handle, 'awaiting-bank-choice');
  const r = await result(handle);
  expect(r).toMatchObject({ outcome: 'failed', compensations: [] });
  expect(r.reason).toMatch(/bank refused .* no other bank was chosen/);
  expect(ofApp(fakes.insurer.policies, handle.workflowId)).toHaveLength(0);
  expect(ofApp(fakes.gateway.invoices, handle.workflowId)).toHaveLength(0);
});

test('founders who hire no employees (¶3): no insurance step', async () => {
  const handle = await start(exampleApplication({ insurance: { kind: 'no-employees', declaration: true } }));
  const s = await waitForStage(handle, 'signatures');
  expect(s.details['insurance']).toMatchObject({ status: 'not-required' });
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, FOUNDER_2.iin);
  const r = await result(handle);
  expect(r.outcome).toBe('issued');
  expect(ofApp(fakes.insurer.policies, handle.workflowId)).toHaveLength(0);
  expect((await status(handle)).timeline.map((t) => t.stage)).not.toContain('accident-insurance');
});

test('a founder never signs: the case ends and the policy and account are undone once, newest first', async () => {
  const handle = await start();
  await waitForStage(handle, 'signatures');
  await sign(handle, FOUNDER_1.iin);
  const r = await result(handle);
  const id = handle.workflowId;

  expect(r.outcome).toBe('failed');
  expect(r.reason).toContain(FOUNDER_2.fullName);
  expect(r.compensations.map((c) => c.step)).toEqual(['accident-insurance', 'bank-account']);
  expect(ofApp(fakes.gateway.invoices, id)).toEqual([]);
  expect(ofApp(fakes.insurer.policies, id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  expect(ofApp(fakes.bank.accounts, id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  expect(
    common
      .audit(id)
      .filter((a) => a.action === 'compensated')
      .map((a) => a.details?.['step']),
  ).toEqual(['accident-insurance', 'bank-account']);
  expect(ofApp(fakes.registry.registrations, id)).toHaveLength(0);
  const s = await status(handle);
  expect(s.details['compensations']).toHaveLength(2);
  expect(ofApp(common.deliveries, id).at(-1)).toMatchObject({ kind: 'case-closed', message: expect.stringContaining('cancelled') });
  await recordHistory(handle, 'sme-registration-founder-never-signs');
});

test('the state-registration fee is at the zero rate (seed 000 ¶5.9): no invoice, no MRP asked, recorded in the audit with its source', async () => {
  fakes.gateway.autoPay = null; // a gateway that never pays cannot hold the case up: there is nothing to pay
  const handle = await start();
  const s = await waitForStage(handle, 'signatures');
  const id = handle.workflowId;
  expect(s.details['payment']).toMatchObject({ status: 'not-charged', amountTenge: 0, rate: 'zero' });
  expect(ofApp(fakes.gateway.invoices, id)).toEqual([]);
  expect(common.audit(id).filter((a) => a.action === 'fee-not-charged')).toEqual([
    expect.objectContaining({
      actor: 'system',
      details: expect.objectContaining({ amountTenge: 0, rate: 'zero', source: expect.stringContaining('Tax Code') }),
    }),
  ]);
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, FOUNDER_2.iin);
  expect((await result(handle)).outcome).toBe('issued');
});

test('the registry refuses a taken name: reasoned refusal, signed and delivered, compensation exactly once', async () => {
  const handle = await start(exampleApplication({ legalEntity: { ...exampleApplication().legalEntity, name: 'ALTYN DALA' } }), {
    keepName: true,
  });
  await waitForStage(handle, 'signatures');
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, FOUNDER_2.iin);
  const r = await result(handle);
  const id = handle.workflowId;

  expect(r.outcome).toBe('refused');
  expect(r.reason).toMatch(/already used/);
  expect(ofApp(common.documents, id)).toEqual([
    expect.objectContaining({
      documentType: 'RFS',
      signer: 'provider',
      body: expect.objectContaining({ grounds: [expect.objectContaining({ code: 'NAME_TAKEN' })] }),
    }),
  ]);
  expect(ofApp(common.deliveries, id).map((d) => d.kind)).toEqual(['status-notice', 'reasoned-refusal']);
  expect(r.compensations.map((c) => c.step)).toEqual(['accident-insurance', 'bank-account']);
  expect(ofApp(fakes.gateway.invoices, id)).toEqual([]);
  expect(common.audit(id).filter((a) => a.action === 'compensated')).toHaveLength(2);
  expect(ofApp(fakes.registry.registrations, id)).toHaveLength(0);
  await recordHistory(handle, 'sme-registration-registry-refuses-name');
});

test('the registry stalls past the hour: at risk, then breached with the cause; the case still completes', async () => {
  fakes.registry.outage = true;
  const handle = await start();
  await waitForStage(handle, 'signatures');
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, FOUNDER_2.iin);
  await waitForStage(handle, 'registry-check');
  await env.sleep('70 minutes'); // the registry keeps failing; its retries run on skipped time

  const described = await handle.describe();
  expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.slaState)).toBe('breached');
  expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.waitingOn)).toBe('external-system');
  const breach = common.audit(handle.workflowId).find((a) => a.action === 'sla-breached');
  expect(breach?.details).toMatchObject({ stage: 'registry-check', cause: expect.stringContaining('legal-entities registry') });
  expect(common.audit(handle.workflowId).some((a) => a.action === 'sla-at-risk')).toBe(true);

  fakes.registry.outage = false;
  const r = await result(handle);
  expect(r.outcome).toBe('issued');
  const s = await status(handle);
  expect(s.slaState).toBe('missed');
  expect(ofApp(fakes.registry.registrations, handle.workflowId)).toHaveLength(1);
  expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.slaState)).toBe('missed');
});

/** The activities the case scheduled, in order (recordProgress, the read model, left out). */
async function scheduledActivities(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? '')
    .filter((n) => n !== '' && n !== 'recordProgress');
}

test('seed 003 ¶15: the registry stays down past its retries: reported, policy and account undone, the applicant told, the case failed', async () => {
  fakes.registry.outage = true;
  const handle = await start();
  await waitForStage(handle, 'signatures');
  await sign(handle, FOUNDER_1.iin);
  await sign(handle, FOUNDER_2.iin);
  const r = await result(handle);
  const id = handle.workflowId;

  expect(r.outcome).toBe('failed');
  expect(r.reason).toMatch(/^registry-check could not be completed: /);
  expect(common.failures.filter((f) => f.idempotencyKey.startsWith(`${id}:`))).toEqual([
    expect.objectContaining({
      serviceName: 'sme-registration',
      applicantRef: FOUNDER_1.iin,
      idempotencyKey: `${id}:technical-failure:registry-check`,
    }),
  ]);
  expect(r.compensations.map((c) => c.step)).toEqual(['accident-insurance', 'bank-account']);
  expect(ofApp(common.deliveries, id).at(-1)).toMatchObject({
    kind: 'case-closed',
    message: expect.stringContaining('registry-check could not be completed'),
  });
  // The order recorded histories replay: the report, then each undo newest first, then the cabinet message.
  const scheduled = await scheduledActivities(handle);
  expect(scheduled.slice(scheduled.indexOf('reportTechnicalFailure'))).toEqual([
    'reportTechnicalFailure',
    'cancelInsurancePolicy',
    'cancelBankAccountOpening',
    'deliverToCabinet',
  ]);
  await recordHistory(handle, 'sme-registration-technical-failure-registry-down');
});

test("an outside system's refusal (*_REFUSED) is no technical failure: not reported, the account undone, the case failed", async () => {
  const handle = await start(exampleApplication({ insurance: { kind: 'accident-insurance', insurerCode: 'no-such-insurer' } }));
  const r = await result(handle);
  const id = handle.workflowId;

  expect(r.outcome).toBe('failed');
  expect(r.reason).toMatch(/^accident-insurance could not be completed: .*no-such-insurer/);
  expect(common.failures.filter((f) => f.idempotencyKey.startsWith(`${id}:`))).toEqual([]);
  expect(r.compensations.map((c) => c.step)).toEqual(['bank-account']);
  const scheduled = await scheduledActivities(handle);
  expect(scheduled.slice(scheduled.indexOf('concludeAccidentInsurance'))).toEqual([
    'concludeAccidentInsurance',
    'cancelBankAccountOpening',
    'deliverToCabinet',
  ]);
  await recordHistory(handle, 'sme-registration-insurer-refused');
});

test('invalid actions are refused with a clear reason and change nothing', async () => {
  // Held before the signatures: the bank refuses (¶3) and the case waits for another bank.
  const app = exampleApplication({
    founders: [
      { ...FOUNDER_1, sharePercent: 50 },
      { ...BLOCKED_AT_HALYK, sharePercent: 50 },
    ],
  });
  const handle = await start(app);
  const before = await waitForStage(handle, 'awaiting-bank-choice');

  // Signing before the signing stage.
  await expect(sign(handle, FOUNDER_1.iin)).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(sign(handle, FOUNDER_1.iin)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/has not started yet/) } });
  await handle.executeUpdate(chooseAnotherBankUpdate, { args: [{ bankCode: 'KCJBKZKX', branchCode: 'KCJB-ALA-01', actor: 'portal' }] });

  // Now at the signing stage: choosing another bank when no bank is refusing, a stranger, then a double signature.
  await waitForStatus(handle, (st) => st.pendingActions.some((a) => a.action === 'sign'), 'signing to open');
  await expect(
    handle.executeUpdate(chooseAnotherBankUpdate, { args: [{ bankCode: 'TSESKZKA', branchCode: 'TSES-AST-01', actor: 'portal' }] }),
  ).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/only after a bank refused/) },
  });
  await expect(sign(handle, HEAD.iin)).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/not one of the people who must sign/) },
  });
  await sign(handle, FOUNDER_1.iin);
  await expect(sign(handle, FOUNDER_1.iin, 'another-session')).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/already signed/) },
  });

  // Only the bank choice and the one valid signature reached history; the status says who is still to sign.
  expect(await acceptedUpdates(handle)).toBe(2);
  const after = await status(handle);
  expect(after.pendingActions[0]?.who).toEqual([BLOCKED_AT_HALYK.iin]);
  expect(before.stage).toBe('awaiting-bank-choice');
  expect(
    fakes.digitalId.signatures.filter(
      (s) => s.iin === FOUNDER_1.iin && s.documentHash === (after.details['applicationDocument'] as { sha256: string }).sha256,
    ),
  ).toHaveLength(1);

  // A failed liveness check is refused by Digital ID and leaves the signer still to sign.
  await expect(sign(handle, BLOCKED_AT_HALYK.iin, 'fail-liveness')).rejects.toMatchObject({
    cause: { message: expect.stringMatching(/liveness/) },
  });
  expect((await status(handle)).pendingActions[0]?.who).toEqual([BLOCKED_AT_HALYK.iin]);
  await sign(handle, BLOCKED_AT_HALYK.iin);
  expect((await result(handle)).outcome).toBe('issued');
});

test('a worker restarted mid-case finishes the case without repeating any side effect', async () => {
  const queue = taskQueueFor('sme-restart');
  const own = createFakes(env);
  const ownCommon = new RecordingCommon();
  // No sticky cache on the first worker: the test server would otherwise hold the case's next task for
  // the stopped worker's sticky queue (its timeout runs on server time, which is paused here).
  const first = await createSmeWorker(env, queue, own, ownCommon, { maxCachedWorkflows: 0 });
  const firstRun = first.run();
  const workflowId = `sme-restart-${Date.now()}`;
  const handle = await env.client.workflow.start('smeRegistration', { taskQueue: queue, workflowId, args: [workflowInput(workflowId)] });
  await waitForStage(handle, 'signatures');
  first.shutdown();
  await firstRun;

  const second = await createSmeWorker(env, queue, own, ownCommon);
  const r = await second.runUntil(async () => {
    // The stage is entered before signing opens (the stage is recorded first): sign once the case asks for it.
    await waitForStatus(handle, (s) => s.pendingActions.some((a) => a.action === 'sign'), 'signing to open');
    await sign(handle, FOUNDER_1.iin);
    await sign(handle, FOUNDER_2.iin);
    return result(handle);
  });
  expect(r.outcome).toBe('issued');
  expect(own.bank.accounts).toHaveLength(1);
  expect(own.insurer.policies).toHaveLength(1);
  expect(own.gateway.invoices).toHaveLength(0);
  expect(own.registry.registrations).toHaveLength(1);
  expect(ownCommon.documents).toHaveLength(1);
  expect(ownCommon.deliveries.map((d) => d.kind)).toEqual(['status-notice', 'registration-notification']);
});

test('the histories recorded above replay without non-determinism', async () => {
  expect([...recordedHistories.keys()]).toEqual(
    expect.arrayContaining([
      'sme-registration-happy-path',
      'sme-registration-founder-never-signs',
      'sme-registration-registry-refuses-name',
    ]),
  );
  for (const [name, history] of recordedHistories) {
    await replayHistory(temporal.api.history.v1.History.fromObject(history), name, WORKFLOWS_PATH);
  }
});
