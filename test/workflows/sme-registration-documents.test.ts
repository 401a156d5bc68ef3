/**
 * Seed 000 with the REAL common case activities (activities/common.ts) over the in-memory application
 * store, the local XMLDSig signer with a generated test chain, and the in-memory personal cabinet:
 * the ¶5.12-1 notification and the ¶5.12-2 reasoned refusal are real signed XML documents with ANCNs,
 * and the ¶4 hour's audit trail lands in the store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createCommonActivities } from '../../activities/common';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { parseAncn } from '../../domain/ancn';
import { planSmeRegistration, type SmeRegistrationApplication } from '../../services/sme-registration/rules';
import { signUpdate, type SmeRegistrationResult } from '../../services/sme-registration/workflow';
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
  type Fakes,
} from './sme-registration.fixtures';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let fakes: Fakes;
let store: InMemoryApplicationStore;
let signer: LocalXmlSigner;
let cabinet: InMemoryPersonalCabinet;
const taskQueue = taskQueueFor('sme-documents');

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  fakes = createFakes(env);
  store = new InMemoryApplicationStore();
  signer = await LocalXmlSigner.fromDir(fs.mkdtempSync(path.join(os.tmpdir(), 'sme-pki-')));
  cabinet = new InMemoryPersonalCabinet();
  worker = await createSmeWorker(
    env,
    taskQueue,
    fakes,
    createCommonActivities({ store, signer, cabinet, monitoring: new InMemoryMonitoringSystem() }),
  );
  running = worker.run();
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

// The cases each test started on the file's worker: settled before the next test (helpers/temporal.ts).
const started: WorkflowHandle[] = [];
afterEach(() => settleAll(started.splice(0)));

async function startCase(application: SmeRegistrationApplication): Promise<WorkflowHandle> {
  const workflowId = workflowIdFor('sme-doc');
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
  await waitForStage(handle, 'signatures');
  for (const iin of [FOUNDER_1.iin, FOUNDER_2.iin]) {
    await handle.executeUpdate(signUpdate, { args: [{ signerIin: iin, biometricSessionId: `bio-${iin}`, actor: 'portal' }] });
  }
  return handle;
}

test('¶5.12-1: the registration notification is a signed XML document with its ANCN and the BIN, in the cabinet', async () => {
  const handle = await startCase(exampleApplication({ legalEntity: { ...exampleApplication().legalEntity, name: 'Signed Steppe' } }));
  const r = (await handle.result()) as SmeRegistrationResult;
  expect(r.outcome).toBe('issued');
  expect(parseAncn(r.documentAncn ?? '')).toMatchObject({ typeCode: 'NTF' });

  const doc = await store.getDocument(r.documentAncn ?? '');
  expect(doc?.xml).toContain(r.bin);
  const verified = await signer.verify(doc?.xml ?? '');
  expect(verified).toMatchObject({ valid: true, integrity: true });

  const app = await store.getApplication(handle.workflowId);
  expect(app).toMatchObject({ status: 'issued', slaState: 'met', resultDocumentAncn: r.documentAncn });
  const messages = await cabinet.list(FOUNDER_1.iin);
  expect(messages.filter((m) => m.applicationId === handle.workflowId).map((m) => m.kind)).toEqual([
    'status-notice',
    'registration-notification',
  ]);
  const actions = (await store.listAudit(handle.workflowId)).map((a) => a.action);
  expect(actions).toEqual(
    expect.arrayContaining(['bank-account-opened', 'fee-not-charged', 'signed-with-digital-id', 'legal-entity-registered', 'case-closed']),
  );
  expect(actions).not.toContain('fee-paid');
  expect(actions.filter((a) => a === 'signed-with-digital-id')).toHaveLength(2);
});

test('¶5.12-2: a taken name gets a signed reasoned refusal; the undone steps are in it and in the audit, once', async () => {
  const handle = await startCase(
    exampleApplication({ legalEntity: { ...exampleApplication().legalEntity, name: 'Qazaq Digital Solutions' } }),
  );
  const r = (await handle.result()) as SmeRegistrationResult;
  expect(r.outcome).toBe('refused');
  expect(parseAncn(r.documentAncn ?? '')).toMatchObject({ typeCode: 'RFS' });
  const doc = await store.getDocument(r.documentAncn ?? '');
  expect((await signer.verify(doc?.xml ?? '')).valid).toBe(true);
  expect(doc?.xml).toContain('NAME_TAKEN');
  expect(doc?.xml).toContain('<undone>accident-insurance policy');
  expect(doc?.xml).toContain('<undone>account opening');
  expect(doc?.xml).not.toContain('refunded'); // the zero-rate fee: nothing was paid, nothing to refund
  const compensated = (await store.listAudit(handle.workflowId)).filter((a) => a.action === 'compensated');
  expect(compensated.map((a) => a.details?.['step'])).toEqual(['accident-insurance', 'bank-account']);
});

test('seed 000 ¶4: a limited (commandite) partnership is registered like any partnership — the registry gets its form and its full partner and investor; the notification names it КТ «…» / СС «…»', async () => {
  const register = jest.spyOn(fakes.registry, 'register');
  const base = exampleApplication();
  const handle = await startCase(
    exampleApplication({
      legalEntity: { ...base.legalEntity, name: 'Steppe Partners', legalForm: 'limited-partnership' },
      founders: [
        { ...FOUNDER_1, sharePercent: 60, partnerRole: 'full-partner' },
        { ...FOUNDER_2, sharePercent: 40, partnerRole: 'investor' },
      ],
    }),
  );
  const r = (await handle.result()) as SmeRegistrationResult;
  expect(r.outcome).toBe('issued');
  expect(register).toHaveBeenCalledWith(
    expect.objectContaining({
      name: 'Steppe Partners',
      legalForm: 'limited-partnership',
      founders: [
        { iin: FOUNDER_1.iin, sharePercent: 60, partnerRole: 'full-partner' },
        { iin: FOUNDER_2.iin, sharePercent: 40, partnerRole: 'investor' },
      ],
    }),
  );
  register.mockRestore();
  const xml = (await store.getDocument(r.documentAncn ?? ''))?.xml ?? '';
  expect(xml).toContain('КТ «Steppe Partners»');
  expect(xml).toContain('СС «Steppe Partners»');
  expect(xml).toContain('коммандитное товарищество');
  expect(xml).toMatch(/<partnerRole>full-partner<\/partnerRole>[\s\S]*<partnerRole>investor<\/partnerRole>/);
});
