/**
 * Re-issue of the Flag and Emblem license (seed 003 ¶12: 7 working days; Annex 2 item 6(2): 1 MRP),
 * linked to the license it replaces in the register of permits.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv, recordHistory, runSettled, taskQueueFor, workflowIdFor } from '../helpers/temporal';
import {
  completenessCheckUpdate,
  finalDecisionUpdate,
  flagEmblemLicenseReissueWorkflow,
  siteInspectionUpdate,
  type FlagEmblemLicenseReissueInput,
} from '../../services/flag-emblem/license-workflow';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { ANNEX1_REQUIREMENTS, LICENSED_ACTIVITY } from '../../services/flag-emblem/license-rules';
import { formatAncn } from '../../domain/ancn';
import {
  annex1Form,
  APPLICANT_BIN,
  approveChain,
  atStage,
  CaseTime,
  createHarness,
  CTRM_STAFF,
  status,
  waitFor,
  type Harness,
} from './flag-emblem-license.fixtures';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);
afterAll(async () => {
  await env?.teardown();
});
const started: WorkflowHandle[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.terminate('test finished').catch(() => undefined);
});

const OLD_LICENSE = formatAncn('PRM', 17);

async function seedLicense(h: Harness, holderRef = APPLICANT_BIN): Promise<void> {
  await h.permitRegister.enterPermit({
    idempotencyKey: 'seed-license',
    ancn: OLD_LICENSE,
    serviceCode: 'flag-emblem-license',
    holderRef,
    licensorBody: 'ctrm',
    activity: LICENSED_ACTIVITY,
    issuedAt: '2024-05-14T11:00:00+05:00',
    validity: { from: '2024-05-14T11:00:00+05:00', until: null },
  });
}

async function submitReissue(
  taskQueue: string,
  submittedAt: string,
): Promise<{ handle: WorkflowHandle<typeof flagEmblemLicenseReissueWorkflow>; time: CaseTime }> {
  const time = await CaseTime.start(env, submittedAt);
  const applicationId = workflowIdFor('felr');
  const input: FlagEmblemLicenseReissueInput = {
    applicationId,
    ancn: formatAncn('APP', 2001),
    submittedAt,
    applicant: { kind: 'legal-entity', iinOrBin: APPLICANT_BIN },
    form: annex1Form(),
    reissue: { previousPermitAncn: OLD_LICENSE, reason: 'holder-renamed' },
  };
  const handle = await env.client.workflow.start(flagEmblemLicenseReissueWorkflow, { taskQueue, workflowId: applicationId, args: [input] });
  started.push(handle);
  return { handle, time };
}

const conforming = (visitedOn: string) => ({
  inspector: { fullName: 'Нұрлан Жұмабеков', position: 'Chief inspector', territorialUnit: 'CTRM department for Astana' },
  visitedOn,
  findings: ANNEX1_REQUIREMENTS.map((requirement) => ({ requirement, conforms: true, note: '' })),
  actor: CTRM_STAFF,
});

test('re-issue: 1 MRP (4 325 tenge in 2026), 7 working days, the old license marked re-issued in the register', async () => {
  const taskQueue = taskQueueFor('reissue');
  const h = await createHarness(env, taskQueue);
  await seedLicense(h);
  await runSettled(h.worker, started, async () => {
    const { handle, time } = await submitReissue(taskQueue, '2026-03-17T10:00:00+05:00');
    let s = await waitFor(handle, (st) => typeof (st.details['fee'] as { invoiceId?: string }).invoiceId === 'string', 'the invoice');
    expect(s.dueAt).toBe(new Date('2026-03-31T18:30:00+05:00').toISOString()); // ¶12: 7 working days, re-issue too
    const fee = s.details['fee'] as { invoiceId: string; amountTenge: number; mrp: number };
    expect(fee).toMatchObject({ mrp: 1, amountTenge: 4325 }); // Annex 2 item 6(2)
    h.clock.now = await time.now();
    const ev = await h.payments.settle(fee.invoiceId, 'paid');
    await handle.signal(paymentSignal, {
      invoiceId: fee.invoiceId,
      status: 'paid',
      amountTenge: ev.amountTenge,
      at: ev.at,
      gatewayRef: ev.gatewayRef,
    });

    s = await atStage(handle, 'completeness-check');
    expect(s.details['licenseToReissue']).toMatchObject({ ancn: OLD_LICENSE, status: 'active', problem: null });
    await handle.executeUpdate(completenessCheckUpdate, { args: [{ complete: true, findings: [], actor: CTRM_STAFF }] });
    await atStage(handle, 'site-inspection');
    await handle.executeUpdate(siteInspectionUpdate, { args: [conforming('2026-03-17')] });
    await atStage(handle, 'decision');
    await waitFor(handle, (st) => (st.details['fee'] as { status: string }).status === 'paid', 'the payment');
    await handle.executeUpdate(finalDecisionUpdate, { args: [{ decision: 'issue', actor: CTRM_STAFF }] });
    await approveChain(handle);
    const result = await handle.result();
    await recordHistory(handle, 'flag-emblem-license-reissued');

    expect(result.outcome).toBe('issued');
    expect(h.rec.documents.find((d) => d.kind === 'reissued-license')).toMatchObject({
      documentType: 'PRM',
      signer: 'provider',
      body: expect.objectContaining({ replaces: OLD_LICENSE }),
    });
    const register = h.permitRegister.all();
    expect(register.find((p) => p.ancn === OLD_LICENSE)).toMatchObject({
      status: 're-issued',
      history: [expect.anything(), expect.objectContaining({ action: 'replaced', ref: result.resultDocumentAncn })],
    });
    expect(register.find((p) => p.ancn === result.resultDocumentAncn)).toMatchObject({
      status: 'active',
      previousPermitAncn: OLD_LICENSE,
      serviceCode: 'flag-emblem-license-reissue',
    });
    expect((await status(handle)).slaState).toBe('met');
  });
});

// Since the checks before acceptance (seed 004 ¶21(4), ¶22) the API refuses such a request with a 422 and
// starts nothing (test/api/services/flag-emblem-license-pre-acceptance.test.ts). The workflow keeps its own
// look-up for the cases accepted before those checks and for a license changed between acceptance and
// registration: this test starts the workflow directly, as such a case.
test('re-issue of a license held by someone else, reaching the workflow (accepted before the checks at submission): shown to the employee, who refuses to consider it', async () => {
  const taskQueue = taskQueueFor('reissue foreign license');
  const h = await createHarness(env, taskQueue);
  await seedLicense(h, '850512400125');
  await runSettled(h.worker, started, async () => {
    const { handle } = await submitReissue(taskQueue, '2026-03-17T10:00:00+05:00');
    const s = await atStage(handle, 'completeness-check');
    expect(s.details['precheck']).toEqual([
      { requirement: 'license-to-reissue', issue: 'not-valid', message: `license ${OLD_LICENSE} is held by someone else` },
    ]);
    await handle.executeUpdate(completenessCheckUpdate, {
      args: [
        {
          complete: false,
          findings: [
            { requirement: 'license-to-reissue', reason: 'incomplete-package', note: `license ${OLD_LICENSE} is not the applicant's` },
          ],
          actor: CTRM_STAFF,
        },
      ],
    });
    expect((await handle.result()).outcome).toBe('refused-to-consider');
    expect(h.permitRegister.all()).toHaveLength(1);
  });
});
