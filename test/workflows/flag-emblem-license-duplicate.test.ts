/**
 * The duplicate of the Flag and Emblem license, decided in automatic mode (seed 004 ¶18-1): no staff
 * step, the result signed with the system's transport signature, the register's `duplicate` operation
 * recorded on the original license. Real common activities (store, local signer with the test PKI,
 * cabinet, monitoring) and the real register (in-memory store) behind the PermitRegister port, so the
 * documents are really numbered and signed and the history is the register's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createCommonActivities } from '../../activities/common';
import { createFlagEmblemActivities } from '../../services/flag-emblem/license-activities';
import { createFlagEmblemDuplicateActivities } from '../../services/flag-emblem/duplicate-activities';
import { InMemoryApprovingBodyGateway } from '../../adapters/approving-body/fake';
import { InMemoryPersonalCabinet } from '../../adapters/cabinet/fake';
import { InMemoryMonitoringSystem } from '../../adapters/monitoring/fake';
import { InMemoryPaymentGateway } from '../../adapters/payment-gateway/fake';
import type { PermitRegister, RecordDuplicateRequest } from '../../register/permit-register';
import { RegisterPermitRegister } from '../../register/permit-register-service';
import { LocalXmlSigner } from '../../adapters/signer/local';
import { InMemoryStateDatabases } from '../../adapters/state-databases/fake';
import { formatAncn } from '../../domain/ancn';
import { toKzIso } from '../../domain/calendar';
import { LICENSED_ACTIVITY } from '../../services/flag-emblem/license-rules';
import { planFlagEmblemLicenseDuplicate } from '../../services/flag-emblem/duplicate-rules';
import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { InMemoryRegisterStore } from '../../register/store-memory';
import { RegisterService } from '../../register/service';
import { statusQuery } from '../../workflows/shared/case';
import { flagEmblemLicenseDuplicateWorkflow, type FlagEmblemLicenseDuplicateInput } from '../../services/flag-emblem/duplicate-workflow';
import { createTimeSkippingEnv, createWorker, recordHistory, runSettled, taskQueueFor, workflowBundle } from '../helpers/temporal';

const APPLICANT_BIN = '180340001231';
const OTHER_BIN = '190440023456';
const LICENSE = formatAncn('PRM', 17);
/** Friday after hours before Nauryz 2026: decided at once; the term (ours) counts from Thursday 26 March 09:00. */
const SUBMITTED_AT = '2026-03-20T18:45:00+05:00';

const WORKFLOWS_PATH = require.resolve('../../services/flag-emblem/duplicate-workflow');

let env: TestWorkflowEnvironment;
let pkiDir: string;
let signer: LocalXmlSigner;
beforeAll(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duplicate-'));
  [env, , signer] = await Promise.all([
    createTimeSkippingEnv(),
    workflowBundle(WORKFLOWS_PATH),
    LocalXmlSigner.fromDir(path.join(pkiDir, 'pki')),
  ]);
}, 180_000);
afterAll(async () => {
  await env?.teardown();
  if (pkiDir) fs.rmSync(pkiDir, { recursive: true, force: true });
});

/** The register behind the port, with a write whose answer is lost once after it committed (a retry must not record twice). */
class LosesFirstAnswer implements PermitRegister {
  calls = 0;
  /** Runs once before the first duplicate write (a test changes the license between the checks and the write). */
  beforeFirstWrite?: () => Promise<unknown>;
  constructor(private readonly inner: PermitRegister) {}
  enterPermit: PermitRegister['enterPermit'] = (req) => this.inner.enterPermit(req);
  getPermit: PermitRegister['getPermit'] = (ancn) => this.inner.getPermit(ancn);
  async recordDuplicate(req: RecordDuplicateRequest): ReturnType<PermitRegister['recordDuplicate']> {
    this.calls += 1;
    if (this.calls === 1 && this.beforeFirstWrite) await this.beforeFirstWrite();
    const r = await this.inner.recordDuplicate(req);
    if (this.calls === 1) throw new Error('e-licensing register: connection reset before the answer');
    return r;
  }
}

async function setUp(title: string, opts: { signerDown?: boolean } = {}) {
  const taskQueue = taskQueueFor(title);
  const store = new InMemoryApplicationStore();
  const cabinet = new InMemoryPersonalCabinet();
  const monitoring = new InMemoryMonitoringSystem();
  const registerStore = new InMemoryRegisterStore();
  const register = new RegisterService({ store: registerStore, signer, cabinet });
  const permitRegister = new LosesFirstAnswer(new RegisterPermitRegister(register));
  const stateDatabases = new InMemoryStateDatabases({
    legalEntities: [
      {
        bin: APPLICANT_BIN,
        name: 'ТОО "Рәміз Өндіріс"',
        registeredOn: '2018-03-14',
        legalAddress: 'Астана қ., Тұран д-лы, 12',
        head: { iin: '850512400125', fullName: 'Сейтқали Айгерім' },
        status: 'active',
      },
    ],
  });
  const duplicateActivities = createFlagEmblemDuplicateActivities({ permitRegister });
  const activities = {
    ...createCommonActivities({ store, signer, cabinet, monitoring }),
    ...createFlagEmblemActivities({
      stateDatabases,
      approvingBodies: new InMemoryApprovingBodyGateway(),
      permitRegister,
      paymentGateway: new InMemoryPaymentGateway(),
    }),
    ...duplicateActivities,
  };
  if (opts.signerDown) {
    // The signer goes down after the registration notice (seed 004 ¶23), before the result is signed.
    const issue = activities.issueDocument;
    activities.issueDocument = (req) =>
      req.kind === 'registration-notice'
        ? issue(req)
        : Promise.reject(new Error('signing service unavailable (NCANode: connection refused)'));
  }
  const seedLicense = (holderRef = APPLICANT_BIN): Promise<unknown> =>
    permitRegister.enterPermit({
      idempotencyKey: `seed-${LICENSE}`,
      ancn: LICENSE,
      serviceCode: 'flag-emblem-license',
      holderRef,
      holderName: holderRef === APPLICANT_BIN ? 'ТОО "Рәміз Өндіріс"' : 'ТОО "Басқа"',
      licensorBody: 'ctrm',
      activity: LICENSED_ACTIVITY,
      issuedAt: '2024-05-14T11:00:00+05:00',
      validity: { from: '2024-05-14T11:00:00+05:00', until: null },
    });

  /** Runs one case to its end; with `historyName` its history is recorded for the replay test (helpers/temporal.ts recordHistory). */
  async function run(licenseAncn = LICENSE, historyName?: string) {
    const ancn = await store.allocateAncn('APP');
    const applicationId = `flag-emblem-license-duplicate-${randomUUID().slice(0, 8)}`;
    const plan = planFlagEmblemLicenseDuplicate(new Date(SUBMITTED_AT));
    await store.createApplication({
      id: applicationId,
      serviceCode: 'flag-emblem-license-duplicate',
      workflowId: applicationId,
      ancn,
      applicantRef: APPLICANT_BIN,
      licensorBody: 'ctrm',
      submittedAt: plan.submittedAt,
      registeredAt: plan.registeredAt,
      dueAt: plan.dueAt,
      calendarVersion: plan.calendarVersion,
    });
    const input: FlagEmblemLicenseDuplicateInput = {
      applicationId,
      ancn,
      submittedAt: SUBMITTED_AT,
      applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN },
      licenseAncn,
      reason: 'lost',
    };
    const worker = await createWorker(env, { taskQueue, workflowsPath: WORKFLOWS_PATH, activities });
    const started: WorkflowHandle[] = [];
    return runSettled(worker, started, async () => {
      const handle = await env.client.workflow.start(flagEmblemLicenseDuplicateWorkflow, {
        taskQueue,
        workflowId: applicationId,
        args: [input],
      });
      started.push(handle);
      const result = await handle.result();
      if (historyName) await recordHistory(handle, historyName);
      const status = await handle.query(statusQuery);
      return { result, status, applicationId, input };
    });
  }
  return { store, cabinet, monitoring, registerStore, register, permitRegister, stateDatabases, duplicateActivities, seedLicense, run };
}

test('issued automatically: no staff step, signed with the system transport signature, the duplicate recorded once on the original license', async () => {
  const h = await setUp('duplicate issued');
  await h.seedLicense();
  const { result, status, applicationId, input } = await h.run(LICENSE, 'flag-emblem-license-duplicate-issued');

  expect(result.outcome).toBe('issued');
  // seed 004 ¶18-1: nobody but the system acts; nothing ever waited on staff.
  expect(status.timeline.map((t) => t.stage)).toEqual(['registered', 'automatic-review', 'closed']);
  expect(status.timeline.every((t) => t.actor === undefined || t.actor === 'system')).toBe(true);
  expect(status.pendingActions).toEqual([]);
  const audit = await h.store.listAudit(applicationId);
  expect(audit.map((a) => a.actor).every((a) => a === 'system')).toBe(true);
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining(['decided-automatically', 'duplicate-recorded-in-register', 'case-closed']),
  );
  // The term (ours, not the regulation's): 1 working day from Thursday 26 March 09:00 (seed 004 ¶23); met at once.
  expect(toKzIso(new Date(status.registeredAt))).toBe('2026-03-26T09:00:00+05:00');
  expect(toKzIso(new Date(status.dueAt))).toBe('2026-03-27T18:30:00+05:00');
  expect(status.slaState).toBe('met');

  // seed 004 ¶23, ¶36.3: the registration notice first — the ANCN, when it counts as filed, the result date —
  // signed by the system (automatic mode, ¶18-1), in the cabinet.
  expect(status.documents.map((d) => d.kind)).toEqual(['registration-notice', 'license-duplicate']);
  const registration = status.documents[0];
  const registrationXml = (await h.store.getDocument(registration?.ancn ?? ''))?.xml ?? '';
  expect(registration?.ancn).toMatch(/^KZ\d{2}NTC\d{8}$/);
  expect((await signer.verify(registrationXml)).signerSubject).toMatch(/transport signature/);
  expect(registrationXml).toContain(`<application>${input.ancn}</application>`);
  expect(registrationXml).toContain('<registeredAt>2026-03-26T09:00:00+05:00</registeredAt>');
  expect(registrationXml).toContain('<resultBy>2026-03-27T18:30:00+05:00</resultBy>');
  expect((await h.cabinet.list(APPLICANT_BIN)).filter((m) => m.kind === 'registration-notice').map((m) => m.ancn)).toEqual([
    registration?.ancn,
  ]);

  // The duplicate: a PRM document repeating the license and naming it, signed by the system.
  const doc = status.documents.find((d) => d.kind === 'license-duplicate');
  expect(doc?.ancn).toMatch(/^KZ\d{2}PRM\d{8}$/);
  expect(result.resultDocumentAncn).toBe(doc?.ancn);
  const xml = (await h.store.getDocument(doc?.ancn ?? ''))?.xml ?? '';
  const v = await signer.verify(xml);
  expect(v.valid).toBe(true);
  expect(v.signerSubject).toMatch(/E-licensing system transport signature/);
  expect(v.signerSubject).not.toMatch(/Authorized person/);
  expect(xml).toContain('<SignatureRole>system</SignatureRole>');
  expect(xml).toContain(`<duplicateOf>${LICENSE}</duplicateOf>`);
  expect(xml).toContain(LICENSED_ACTIVITY);
  expect(xml).toContain('seed 004 ¶18-1');

  // The register: the original keeps its status and gains one duplicate row (+ a system-signed notice),
  // although the first write's answer was lost and the activity ran again.
  expect(h.permitRegister.calls).toBe(2);
  const history = await h.registerStore.listHistory(LICENSE);
  expect(history.map((r) => r.operation)).toEqual(['issue', 'duplicate']);
  expect(history[1]).toMatchObject({
    fromStatus: 'active',
    toStatus: 'active',
    actor: 'e-licensing-system',
    details: { duplicateNumber: 1, duplicateAncn: doc?.ancn },
  });
  expect(await h.registerStore.getEntry(LICENSE)).toMatchObject({ status: 'active', duplicates: 1 });
  expect(await h.permitRegister.getPermit(LICENSE)).toMatchObject({
    status: 'active',
    history: [{ action: 'issued' }, { action: 'duplicate-issued', ref: doc?.ancn }],
  });
  const notice = await h.registerStore.getDocument(history[1]?.documentAncn ?? '');
  expect((await signer.verify(notice?.xml ?? '')).signerSubject).toMatch(/transport signature/);

  // The same activity once more with the same key (a retry after the case closed): nothing new.
  const again = await h.duplicateActivities.recordPermitDuplicate({
    idempotencyKey: `${applicationId}:register-duplicate`,
    permitAncn: LICENSE,
    duplicateAncn: doc?.ancn ?? '',
    reason: 'retry',
    at: SUBMITTED_AT,
  });
  expect(again.history.filter((x) => x.action === 'duplicate-issued')).toHaveLength(1);
  expect(await h.registerStore.listHistory(LICENSE)).toHaveLength(2);

  // The cabinet: the duplicate and the register's notice, once each; monitoring saw every stage (seed 003 ¶14).
  const messages = await h.cabinet.list(APPLICANT_BIN);
  expect(messages.filter((m) => m.kind === 'license-duplicate').map((m) => m.ancn)).toEqual([doc?.ancn]);
  // (the first notice is the seeded license's own issue notice)
  expect(messages.filter((m) => m.kind === 'register-maintenance-notice').map((m) => m.ancn)).toEqual([
    history[0]?.documentAncn,
    history[1]?.documentAncn,
  ]);
  expect((await h.monitoring.listStageReports(applicationId)).map((r) => r.stage)).toEqual(['registered', 'automatic-review', 'closed']);
}, 120_000);

const REFUSALS: Array<[string, (h: Awaited<ReturnType<typeof setUp>>) => Promise<unknown>, RegExp]> = [
  [
    'the license belongs to someone else',
    (h) => h.seedLicense(OTHER_BIN),
    /is not held by the applicant 180340001231: a duplicate is issued only to the holder \(seed 004 ¶13\.5, ¶21\(4\)\)/,
  ],
  [
    'the license is revoked',
    async (h) => {
      await h.seedLicense();
      await h.register.apply(
        LICENSE,
        'revoke',
        { reason: 'court decision No. 2-1234/2025', idempotencyKey: 'revoke-1' },
        { subject: 'ctrm:head', kind: 'staff', licensorBody: 'ctrm' },
      );
    },
    /is revoked: a duplicate is issued only of a license that is active or suspended \(seed 004 ¶3\.14, ¶13\.5/,
  ],
  ['the license does not exist', async () => undefined, /is not in the register of permits \(seed 004 ¶21\(4\)\)/],
];

test.each(REFUSALS)(
  'refused automatically when %s: a system-signed reasoned refusal giving the reason, nothing recorded',
  async (title, arrange, ground) => {
    const h = await setUp(`duplicate refused ${title}`);
    await arrange(h);
    const before = await h.registerStore.listHistory(LICENSE);
    const { result, status, applicationId } = await h.run(
      LICENSE,
      `flag-emblem-license-duplicate-refused-${REFUSALS.findIndex((r) => r[0] === title) + 1}`,
    );

    expect(result.outcome).toBe('refused');
    expect(result.grounds).toEqual([expect.stringMatching(ground)]);
    expect(status.timeline.map((t) => t.stage)).toEqual(['registered', 'automatic-review', 'closed']);
    const doc = status.documents.find((d) => d.kind === 'reasoned-refusal');
    expect(status.documents.map((d) => d.kind)).toEqual(['registration-notice', 'reasoned-refusal']);
    const xml = (await h.store.getDocument(doc?.ancn ?? ''))?.xml ?? '';
    const v = await signer.verify(xml);
    expect(v.valid).toBe(true);
    expect(v.signerSubject).toMatch(/transport signature/);
    expect(xml).toMatch(ground);
    expect(xml).not.toContain(OTHER_BIN); // someone else's license: the refusal does not name its holder
    expect(await h.registerStore.listHistory(LICENSE)).toEqual(before);
    expect(h.permitRegister.calls).toBe(0);
    const delivered = (await h.cabinet.list(APPLICANT_BIN)).filter((m) => m.applicationId === applicationId);
    expect(delivered).toEqual([
      expect.objectContaining({ kind: 'registration-notice' }),
      expect.objectContaining({ kind: 'reasoned-refusal', ancn: doc?.ancn, message: expect.stringMatching(ground) }),
    ]);
  },
  120_000,
);

test('a suspended license still gets a duplicate (the register allows duplicate from active and suspended)', async () => {
  const h = await setUp('duplicate of a suspended license');
  await h.seedLicense();
  await h.register.apply(
    LICENSE,
    'suspend',
    { reason: 'inspection pending', idempotencyKey: 'suspend-1' },
    { subject: 'ctrm:head', kind: 'staff', licensorBody: 'ctrm' },
  );
  const { result } = await h.run();
  expect(result.outcome).toBe('issued');
  expect(await h.registerStore.getEntry(LICENSE)).toMatchObject({ status: 'suspended', duplicates: 1 });
}, 120_000);

test('seed 003 ¶15: the state database stays down through every retry → technical-failure report, case failed, nothing issued', async () => {
  const h = await setUp('duplicate technical failure');
  await h.seedLicense();
  h.stateDatabases.failNext(Infinity);
  const { result, status, applicationId, input } = await h.run();

  expect(result).toEqual({ outcome: 'failed' });
  expect(status.outcome).toBe('failed');
  expect(status.documents.map((d) => d.kind)).toEqual(['registration-notice']); // issued at registration, before the checks
  expect(h.permitRegister.calls).toBe(0);
  expect(await h.monitoring.listTechnicalFailures()).toEqual([
    expect.objectContaining({
      idempotencyKey: `${applicationId}:technical-failure:look-up-applicant`,
      serviceName: 'flag-emblem-license-duplicate',
      applicationAncn: input.ancn,
      applicantRef: APPLICANT_BIN,
      error: expect.stringContaining('look-up-applicant'),
      context: expect.objectContaining({ step: 'look-up-applicant', stage: 'automatic-review', applicationId, workflowId: applicationId }),
    }),
  ]);
  expect(status.details['technicalFailure']).toMatchObject({ step: 'look-up-applicant' });
  expect((await h.store.listAudit(applicationId)).map((a) => a.action)).toEqual(
    expect.arrayContaining(['technical-failure-reported', 'case-closed']),
  );
  expect((await h.monitoring.listStageReports(applicationId)).map((r) => r.stage)).toEqual(['registered', 'automatic-review']);
}, 120_000);

test('the license revoked between the checks and the register entry: the register refuses, the signed duplicate is void and not delivered, the applicant gets a system-signed refusal', async () => {
  const h = await setUp('duplicate register refuses');
  await h.seedLicense();
  h.permitRegister.beforeFirstWrite = () =>
    h.register.apply(
      LICENSE,
      'revoke',
      { reason: 'death notice of the holder (seed 004 ¶50)', idempotencyKey: 'revoke-race' },
      { subject: 'system', kind: 'system' },
    );
  const { result, status, applicationId } = await h.run();

  expect(result.outcome).toBe('refused');
  expect(result.grounds).toEqual([
    expect.stringMatching(/^the register of permits refused the duplicate: .*revoked.* \(seed 004 ¶3\.14, ¶13\.5\)$/),
  ]);
  const duplicate = status.documents.find((d) => d.kind === 'license-duplicate');
  const refusal = status.documents.find((d) => d.kind === 'reasoned-refusal');
  expect(status.details['voidedDocuments']).toEqual([expect.objectContaining({ ancn: duplicate?.ancn, kind: 'license-duplicate' })]);
  const xml = (await h.store.getDocument(refusal?.ancn ?? ''))?.xml ?? '';
  expect((await signer.verify(xml)).signerSubject).toMatch(/transport signature/);
  expect(xml).toContain(duplicate?.ancn ?? '(none)');
  // Only the registration notice and the refusal reach the cabinet; the register shows the revocation and no duplicate.
  const delivered = (await h.cabinet.list(APPLICANT_BIN)).filter((m) => m.applicationId === applicationId);
  expect(delivered.map((m) => m.kind)).toEqual(['registration-notice', 'reasoned-refusal']);
  expect(await h.registerStore.getEntry(LICENSE)).toMatchObject({ status: 'revoked', duplicates: 0 });
}, 120_000);

test('seed 003 ¶15 in automatic mode: the signer stays down through every retry → technical-failure report at the signing step, case failed, nothing recorded', async () => {
  const h = await setUp('duplicate signer down', { signerDown: true });
  await h.seedLicense();
  const { result, status, applicationId } = await h.run();

  expect(result).toEqual({ outcome: 'failed' });
  expect(status.documents.map((d) => d.kind)).toEqual(['registration-notice']);
  expect(h.permitRegister.calls).toBe(0);
  expect(await h.monitoring.listTechnicalFailures()).toEqual([
    expect.objectContaining({
      idempotencyKey: `${applicationId}:technical-failure:sign-grant`,
      error: expect.stringContaining('signing service unavailable'),
      context: expect.objectContaining({ step: 'sign-grant', stage: 'automatic-review' }),
    }),
  ]);
}, 120_000);
