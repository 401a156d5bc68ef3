/**
 * Seed 001, the provider's side, on the time-skipping server: registration in e-licensing (¶8(1)), the
 * conclusion on Annex 3 (¶11(9)), the licence signed by the provider and entered in the register (¶11(11)),
 * the refusal "for violations in the applicant's data" only after the APPC art. 73 hearing (¶11(10)),
 * the term escalated when the provider is late, and the counter hand-over (¶12) with its 20-minute limit.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { handOverUpdate, receiptPresentedUpdate, type HandOverView } from '../../counter/hand-over';
import { kzMoment } from '../../domain/calendar';
import { MNE_SERVICES, planMneLicense, type MneServiceCode, type MneWorkflowInput } from '../../services/mne-licensing/rules';
import { finalDecisionUpdate, mneLicense, mneObjectionUpdate, recordConclusionUpdate } from '../../services/mne-licensing/workflow';
import { statusQuery, type CaseStatus } from '../../workflows/shared/case';
import { recordHistory, refusedWith, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import {
  APPLICANT,
  BIN,
  harness,
  OPERATOR,
  OTHER_BRANCH_OPERATOR,
  STAFF,
  type CounterHarness,
  queryUntil,
  runCounter,
} from '../counter/counter.fixtures';

const suite = timeSkippingSuite();
const SUBMITTED_AT = '2026-03-02T10:00:00+05:00'; // a Monday

function input(code: MneServiceCode, channel: MneWorkflowInput['channel']): MneWorkflowInput {
  const id = workflowIdFor(code);
  return {
    applicationId: id,
    ancn: 'KZ00APP00000001',
    serviceCode: code,
    submittedAt: SUBMITTED_AT,
    application: {
      applicant: { bin: BIN, name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' },
      ...(MNE_SERVICES[code].family === 'goods'
        ? {
            goods: {
              direction: 'export',
              hsCode: '1001990000',
              description: 'Wheat',
              quantity: 10,
              unit: 't',
              country: 'Uzbekistan',
              contract: { number: 'EX-1', date: '2026-02-10' },
            },
          }
        : { activity: { exchangeName: 'ETS', qualifiedStaff: 3 } }),
    },
    channel,
  };
}

async function start(tq: string, i: MneWorkflowInput): Promise<WorkflowHandle<typeof mneLicense>> {
  const h = await suite.env.client.workflow.start(mneLicense, { taskQueue: tq, workflowId: i.applicationId, args: [i] });
  suite.started.push(h);
  return h;
}

const until = (h: WorkflowHandle, done: (s: CaseStatus) => boolean): Promise<CaseStatus> => queryUntil(h, statusQuery, done, 'the case');
const run = (title: string, h: CounterHarness, body: (tq: string) => Promise<void>): Promise<void> => runCounter(suite, title, h, body);

const ELIGIBLE = {
  eligible: true,
  findings: [{ requirement: 'qualified staff', finding: '3 qualified employees', met: true }],
  conclusion: 'Meets the qualification requirements (Annex 3).',
};
const NOT_ELIGIBLE = {
  eligible: false,
  findings: [{ requirement: 'foreign-trade contract', finding: 'the contract is not signed by the buyer', met: false }],
  conclusion: "Violations in the applicant's data (Annex 3).",
};

test('S3 at the counter: conclusion, licence signed by the provider, register entry; hand-over at the branch, late hand-over recorded', async () => {
  const h = harness();
  await run('mne s3', h, async (tq) => {
    const c = await start(
      tq,
      input('mne-commodity-dealer-license', { kind: 'state-corporation', branchId: 'astana-yesil', operator: OPERATOR.subject }),
    );
    await until(c, (s) => s.stage === 'provider-review');
    expect(
      await refusedWith(
        c.executeUpdate(recordConclusionUpdate, {
          args: [{ conclusion: ELIGIBLE, actor: { subject: 'x', role: 'staff', licensorBody: 'ctrm' } }],
        }),
      ),
    ).toMatch(/mne-trade/);
    await c.executeUpdate(recordConclusionUpdate, { args: [{ conclusion: ELIGIBLE, actor: STAFF }] });
    let s = await until(c, (x) => x.outcome === 'issued' && x.details['handOver'] !== undefined);
    expect(h.documents.find((d) => d.kind === 'license')).toMatchObject({ signer: 'provider', documentType: 'PRM' });
    expect(h.permits.all()).toHaveLength(1);
    expect(s.slaState).toBe('met');
    const view = s.details['handOver'] as HandOverView;
    expect(view).toMatchObject({ status: 'awaiting-applicant', branchId: 'astana-yesil', limit: { minutes: 20, wording: 'exactly' } });
    // ours: one calendar month of retention
    expect(view.retainUntil > '2026-03-31').toBe(true);
    expect(
      await refusedWith(c.executeUpdate(receiptPresentedUpdate, { args: [{ operator: OTHER_BRANCH_OPERATOR, receiptAncn: '' }] })),
    ).toMatch(/kept at branch astana-yesil/);
    await c.executeUpdate(receiptPresentedUpdate, { args: [{ operator: OPERATOR, receiptAncn: '' }] });
    await suite.env.sleep('21 minutes');
    s = await until(c, (x) => (x.details['handOver'] as HandOverView).breach !== undefined);
    expect((s.details['handOver'] as HandOverView).breach?.cause).toMatch(/20 minutes.*S3–S5 ¶12\(2\)/);
    await c.executeUpdate(handOverUpdate, { args: [{ operator: OPERATOR, receivedBy: 'the director' }] });
    expect(await c.result()).toMatchObject({ outcome: 'issued', handOver: 'handed-over' });
    await recordHistory(c, 'mne-license-counter-issued-handed-over');
  });
});

test("S1 from the portal: a refusal only after the hearing; the notification of refusal for violations in the applicant's data", async () => {
  const h = harness();
  await run('mne s1 refuse', h, async (tq) => {
    const c = await start(tq, input('mne-import-export-license', { kind: 'portal' }));
    await until(c, (s) => s.stage === 'provider-review');
    await c.executeUpdate(recordConclusionUpdate, { args: [{ conclusion: NOT_ELIGIBLE, actor: STAFF }] });
    await until(c, (s) => s.stage === 'hearing');
    expect(h.documents.find((d) => d.kind === 'preliminary-decision')).toBeDefined();
    await c.executeUpdate(mneObjectionUpdate, { args: [{ text: 'The buyer signs tomorrow.', actor: APPLICANT }] });
    await until(c, (s) => s.stage === 'final-decision');
    await c.executeUpdate(finalDecisionUpdate, {
      args: [{ decision: 'refuse', reasoning: 'The objection does not remove the violation.', actor: STAFF }],
    });
    expect(await c.result()).toMatchObject({ outcome: 'refused' });
    const refusal = h.documents.find((d) => d.kind === 'refusal-notification')!;
    expect(refusal).toMatchObject({ documentType: 'RFS', signer: 'provider' });
    expect(refusal.body['ground']).toMatch(/violations in the applicant's data/);
    expect(h.permits.all()).toHaveLength(0);
    await recordHistory(c, 'mne-license-portal-refused-after-hearing');
  });
});

test("the provider's term: not concluded by the 15th working day → escalated, the case goes on", async () => {
  const h = harness();
  await run('mne term', h, async (tq) => {
    const c = await start(tq, input('mne-commodity-broker-license', { kind: 'portal' }));
    await until(c, (s) => s.stage === 'provider-review');
    await suite.env.sleep('30 days');
    const s = await until(c, (x) => x.slaState === 'breached');
    expect(s.details['escalations']).toBeDefined();
    await c.executeUpdate(recordConclusionUpdate, { args: [{ conclusion: ELIGIBLE, actor: STAFF }] });
    expect(await c.result()).toMatchObject({ outcome: 'issued' });
    expect((await c.query(statusQuery)).slaState).toBe('missed');
  });
});

test("the planned result date counts the provider's working days across the Nauryz holidays (receipt, seed 001 ¶9(1))", () => {
  for (const code of ['mne-import-export-license', 'mne-commodity-dealer-license'] as const)
    expect(MNE_SERVICES[code].termWorkingDays.value).toBe(15); // ours
  expect(MNE_SERVICES['mne-export-import-permit'].termWorkingDays.value).toBe(10); // ours
  // Submitted Tue 2026-03-17: Nauryz 21–23 March (and its moved day off) are not working days.
  const p = planMneLicense('mne-import-export-license', kzMoment('2026-03-17', '11:00'));
  // 15 working days would end on Tue 7 April without the holidays; Nauryz and its moved days off push it to Fri 10 April.
  expect(p.dueAt.toISOString()).toBe(kzMoment('2026-04-10', '18:30').toISOString());
  const noHolidays = planMneLicense('mne-import-export-license', kzMoment('2026-02-03', '11:00'));
  expect(noHolidays.dueAt.toISOString()).toBe(kzMoment('2026-02-24', '18:30').toISOString());
  expect(MNE_SERVICES['mne-import-export-license'].handOver).toMatchObject({ minutes: 20, wording: 'not-more-than' });
  expect(MNE_SERVICES['mne-commodity-exchange-license'].handOver).toMatchObject({ minutes: 20, wording: 'exactly' });
  expect(MNE_SERVICES['mne-export-import-permit'].channels).toEqual(['portal', 'provider']);
});
