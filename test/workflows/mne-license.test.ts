/**
 * Seed 001, the provider's side, on the time-skipping server: registration in e-licensing (¶8(1)), the
 * conclusion on Annex 3 (¶11(9)), the licence signed by the provider and entered in the register (¶11(11)),
 * the refusal "for violations in the applicant's data" only after the APPC art. 73 hearing (¶11(10)),
 * the term escalated when the provider is late, and the counter hand-over (¶12) with its 20-minute limit.
 * The licence climbs the provider's approval chain before the authorized person signs it (¶11(11)).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { handOverUpdate, receiptPresentedUpdate, type HandOverView } from '../../counter/hand-over';
import { MNE_LICENSE_APPROVAL_CHAINS, MNE_LICENSE_CHAIN } from '../../domain/approval-chains';
import { kzMoment } from '../../domain/calendar';
import { draftReviewUpdate, draftSubmitUpdate } from '../../workflows/shared/approval-chain';
import { RESULT_RETENTION_MONTHS, RESULT_RETENTION_SOURCE, SERVICE_SLA_MINUTES, WAITING_SLA_MINUTES } from '../../counter/channel';
import { mneModule } from '../../services/mne-licensing/api';
import {
  MNE_SERVICE_CODES,
  MNE_SERVICES,
  planMneLicense,
  type MneServiceCode,
  type MneWorkflowInput,
} from '../../services/mne-licensing/rules';
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
const chainActor = (subject: string) => ({ subject, role: 'staff', licensorBody: 'mne-trade' });
const EXCHANGE_HEAD = chainActor('mne-trade:exchange-head');
const GOODS_HEAD = chainActor('mne-trade:foreign-trade-head');
const AUTHORIZED = chainActor('mne-trade:authorized-person');

/** Every participant of the service's chain approves in turn; the last approval signs the licence. */
async function approveChain(c: WorkflowHandle, chain: ReadonlyArray<{ subject: string }>): Promise<void> {
  for (const p of chain)
    await c.executeUpdate(draftReviewUpdate, { args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'approve', actor: chainActor(p.subject) }] });
}

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
    // ¶11(11) through the chain: the conclusion's author drafts; the division head, then the authorized person.
    let s = await until(c, (x) => x.stage === 'approval');
    expect(s.pendingActions.map((a) => a.action)).toEqual(['draft-review']);
    expect(h.documents.find((d) => d.kind === 'license')).toBeUndefined();
    expect(
      await refusedWith(
        c.executeUpdate(draftReviewUpdate, { args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'approve', actor: AUTHORIZED }] }),
      ),
    ).toMatch(/turn of head of the commodity-exchange division/);
    await c.executeUpdate(draftReviewUpdate, {
      args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'reject', comment: 'name the exchange in full', actor: EXCHANGE_HEAD }],
    });
    s = await until(c, (x) => x.pendingActions.some((a) => a.action === 'draft-submit'));
    expect(
      await refusedWith(
        c.executeUpdate(draftSubmitUpdate, {
          args: [{ chain: MNE_LICENSE_CHAIN, content: { holder: { bin: '000000000000' } }, actor: STAFF }],
        }),
      ),
    ).toMatch(/issued to the applicant/);
    await c.executeUpdate(draftSubmitUpdate, {
      args: [{ chain: MNE_LICENSE_CHAIN, content: { holder: { bin: BIN }, note: 'exchange named in full' }, actor: STAFF }],
    });
    await approveChain(c, MNE_LICENSE_APPROVAL_CHAINS['commodity-exchange']);
    s = await until(c, (x) => x.outcome === 'issued' && x.details['handOver'] !== undefined);
    const licence = h.documents.find((d) => d.kind === 'license')!;
    expect(licence).toMatchObject({ signer: 'provider', documentType: 'PRM' });
    expect(licence.body['approvedBy']).toEqual([
      { subject: 'mne-trade:exchange-head', title: 'head of the commodity-exchange division' },
      { subject: 'mne-trade:authorized-person', title: "the provider's authorized person" },
    ]);
    expect(licence.body['note']).toBe('exchange named in full');
    expect(licence.body['holder']).toEqual({ bin: BIN, name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' });
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
    // Kept for the metric and the dashboard like the visit's breaches.
    expect(h.breaches).toEqual([
      expect.objectContaining({
        kind: 'hand-over',
        branchId: 'astana-yesil',
        serviceCode: 'mne-commodity-dealer-license',
        limitMinutes: 20,
      }),
    ]);
    await c.executeUpdate(handOverUpdate, { args: [{ operator: OPERATOR, receivedBy: 'the director' }] });
    expect(await c.result()).toMatchObject({ outcome: 'issued', handOver: 'handed-over' });
    await recordHistory(c, 'mne-license-counter-approval-chain-handed-over');
  });
});

test("S1 from the portal: a refusal only after the hearing; the notification of refusal for violations in the applicant's data", async () => {
  const h = harness();
  await run('mne s1 refuse', h, async (tq) => {
    const c = await start(tq, input('mne-import-export-license', { kind: 'portal' }));
    await until(c, (s) => s.stage === 'provider-review');
    await c.executeUpdate(recordConclusionUpdate, { args: [{ conclusion: NOT_ELIGIBLE, actor: STAFF }] });
    const heard = await until(c, (s) => s.stage === 'hearing');
    // The inbox links the pending action to the API's action of that name (services/mne-licensing/api.ts).
    expect(heard.pendingActions.map((a) => a.action)).toEqual(['submit-objection']);
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

test('S1 from the portal: after the hearing the provider decides to issue; the permit-to-be climbs the goods chain', async () => {
  const h = harness();
  await run('mne s1 issue after hearing', h, async (tq) => {
    const c = await start(tq, input('mne-import-export-license', { kind: 'portal' }));
    await until(c, (s) => s.stage === 'provider-review');
    await c.executeUpdate(recordConclusionUpdate, { args: [{ conclusion: NOT_ELIGIBLE, actor: STAFF }] });
    await until(c, (s) => s.stage === 'hearing');
    await c.executeUpdate(mneObjectionUpdate, { args: [{ text: 'The buyer signed on 2026-03-03.', actor: APPLICANT }] });
    await until(c, (s) => s.stage === 'final-decision');
    await c.executeUpdate(finalDecisionUpdate, {
      args: [{ decision: 'issue', reasoning: 'The objection removes the violation.', actor: STAFF }],
    });
    await until(c, (s) => s.stage === 'approval');
    // The exchange division is not in the goods chain.
    expect(
      await refusedWith(
        c.executeUpdate(draftReviewUpdate, { args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'approve', actor: EXCHANGE_HEAD }] }),
      ),
    ).toMatch(/turn of head of the foreign-trade regulation division/);
    await c.executeUpdate(draftReviewUpdate, { args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'approve', actor: GOODS_HEAD }] });
    await c.executeUpdate(draftReviewUpdate, { args: [{ chain: MNE_LICENSE_CHAIN, verdict: 'approve', actor: AUTHORIZED }] });
    expect(await c.result()).toMatchObject({ outcome: 'issued' });
    expect(h.permits.all()).toHaveLength(1);
    expect(h.documents.filter((d) => d.kind === 'license')).toHaveLength(1);
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
    await until(c, (x) => x.stage === 'approval');
    await approveChain(c, MNE_LICENSE_APPROVAL_CHAINS['commodity-exchange']);
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

test('every number of the MNE catalogue and the counter, literally, with its source (seed 001 or ours)', () => {
  // ours: seed 001 states no term, no fee and no hearing window (close reading §1.6)
  for (const code of [
    'mne-import-export-license',
    'mne-commodity-dealer-license',
    'mne-commodity-broker-license',
    'mne-commodity-exchange-license',
  ] as const)
    expect(MNE_SERVICES[code].termWorkingDays.value).toBe(15);
  expect(MNE_SERVICES['mne-export-import-permit'].termWorkingDays.value).toBe(10);
  for (const r of Object.values(MNE_SERVICES)) {
    expect(r.objectionWorkingDays.value).toBe(3);
    expect(r.termWorkingDays.source).toMatch(/^ours: seed 001 states no term/);
    expect(r.objectionWorkingDays.source).toMatch(/^ours: APPC art\. 73/);
  }
  // seed 001 ¶12(2): 20 minutes for the hand-over (S1 "not more than"), only where the counter serves
  for (const code of [
    'mne-import-export-license',
    'mne-commodity-dealer-license',
    'mne-commodity-broker-license',
    'mne-commodity-exchange-license',
  ] as const) {
    expect(MNE_SERVICES[code].handOver?.minutes).toBe(20);
    expect(MNE_SERVICES[code].handOver?.regulation).toMatch(/^seed 001 S[1345]/);
  }
  expect(MNE_SERVICES['mne-export-import-permit'].handOver).toBeUndefined();
  // the counter: seed 002 ¶4(2) waiting, seed 001 ¶9(2) service, ours: one calendar month of keeping
  expect(WAITING_SLA_MINUTES).toBe(20);
  expect(SERVICE_SLA_MINUTES).toBe(20);
  expect(RESULT_RETENTION_MONTHS).toBe(1);
  expect(RESULT_RETENTION_SOURCE).toMatch(/^ours/);
  // The catalogue shows each term and fee with its source.
  for (const code of MNE_SERVICE_CODES) {
    const d = mneModule(code).descriptor;
    expect(d.term).toEqual({
      kind: 'working-days',
      days: code === 'mne-export-import-permit' ? 10 : 15,
      regulation: expect.stringMatching(/^ours/),
    });
    expect(d.fee).toEqual({ kind: 'free', note: expect.stringMatching(/^ours: seed 001 states no fee/) });
  }
});

test("the licence's approval chain per service: the division head (ours), then the authorized person who signs (seed 001 ¶11(11))", () => {
  const subjects = (code: MneServiceCode) => MNE_SERVICES[code].approvalChain.value.map((p) => p.subject);
  for (const code of ['mne-import-export-license', 'mne-export-import-permit'] as const)
    expect(subjects(code)).toEqual(['mne-trade:foreign-trade-head', 'mne-trade:authorized-person']);
  for (const code of ['mne-commodity-dealer-license', 'mne-commodity-broker-license', 'mne-commodity-exchange-license'] as const)
    expect(subjects(code)).toEqual(['mne-trade:exchange-head', 'mne-trade:authorized-person']);
  for (const r of Object.values(MNE_SERVICES)) expect(r.approvalChain.source).toMatch(/seed 001 ¶11\(11\).*ours/);
});
