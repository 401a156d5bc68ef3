/**
 * seed 001 ¶9, ¶11 on the time-skipping server: one counter visit per ticket. The look-ups decide (found →
 * sign and forward; absent → "the data cannot be obtained", nothing forwarded); a PoA certified otherwise
 * skips the notarial look-up; an outage is retried, never "not found"; the two 20-minute SLAs breach and
 * are recorded without aborting the visit; an operator of another branch is refused.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { counterVisit } from '../../counter/visit.workflow';
import {
  callTicketUpdate,
  enterApplicationUpdate,
  signAndForwardUpdate,
  visitA9ReceiptQuery,
  visitStatusQuery,
  type EnterApplicationRequest,
  type VisitStatus,
} from '../../counter/visit-types';
import { SERVICE_SLA_MINUTES, WAITING_SLA_MINUTES } from '../../counter/channel';
import { recordHistory, refusedWith, timeSkippingSuite, workflowIdFor } from '../helpers/temporal';
import {
  BIN,
  harness,
  OPERATOR,
  OTHER_BRANCH_OPERATOR,
  POA,
  REP_IIN,
  S1_TERMS,
  type CounterHarness,
  queryUntil,
  runCounter,
} from './counter.fixtures';

const suite = timeSkippingSuite();

const GOODS = {
  goods: {
    direction: 'export',
    hsCode: '1001990000',
    description: 'Wheat',
    quantity: 10,
    unit: 't',
    country: 'Uzbekistan',
    contract: { number: 'EX-1', date: '2026-02-10' },
  },
};
const SCAN = { fileName: 'contract.pdf', mediaType: 'application/pdf', sha256: 'a'.repeat(64), sizeBytes: 1200 };

function entry(poa: 'notarised' | 'other' | 'missing' | 'none' = 'notarised', bin = BIN): EnterApplicationRequest {
  return {
    operator: OPERATOR,
    terms: S1_TERMS,
    applicant: { bin, name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' },
    ...(poa === 'none'
      ? {}
      : {
          representative: {
            iin: REP_IIN,
            fullName: 'Sadykova Aigerim Nurlanovna',
            powerOfAttorney:
              poa === 'other'
                ? { kind: 'other' }
                : { kind: 'notarised', number: poa === 'missing' ? 'NT-0000-404' : POA, certifiedOn: '2026-01-15' },
          },
        }),
    form: GOODS,
  };
}

async function startVisit(taskQueue: string, ticket = 1): Promise<WorkflowHandle<typeof counterVisit>> {
  const visitId = workflowIdFor('counter-visit-astana-yesil-2026-03-02');
  const h = await suite.env.client.workflow.start(counterVisit, {
    taskQueue,
    workflowId: visitId,
    args: [{ visitId, branchId: 'astana-yesil', ticket, issuedAt: '2026-03-02T10:00:00+05:00', source: 'walk-in' }],
  });
  suite.started.push(h);
  return h;
}

const until = (h: WorkflowHandle, done: (s: VisitStatus) => boolean): Promise<VisitStatus> =>
  queryUntil(h, visitStatusQuery, done, 'the visit');
const run = (title: string, h: CounterHarness, body: (tq: string) => Promise<void>): Promise<void> => runCounter(suite, title, h, body);

test('a notarised PoA found, the legal entity found: signed with the operator ECDS, forwarded at once, receipt issued', async () => {
  const h = harness();
  await run('visit found', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry()] });
    const s = await until(v, (x) => x.stage === 'documents');
    expect(s.lookUps).toMatchObject({ legalEntity: { status: 'found' }, powerOfAttorney: { status: 'found' } });
    // a required paper document not marked → refused by the validator
    expect(
      await refusedWith(
        v.executeUpdate(signAndForwardUpdate, { args: [{ operator: OPERATOR, paperDocuments: ['application-form'], scans: [SCAN] }] }),
      ),
    ).toMatch(/foreign-trade-contract/);
    await v.executeUpdate(signAndForwardUpdate, {
      args: [{ operator: OPERATOR, paperDocuments: ['application-form', 'foreign-trade-contract', 'power-of-attorney'], scans: [SCAN] }],
    });
    const result = await v.result();
    expect(result.outcome).toBe('forwarded');
    expect(h.forwarded).toHaveLength(1);
    expect(h.forwarded[0]!.signedForm.signedXml).toContain('fake-signature signer="operator"');
    expect(h.forwarded[0]!.signedForm.signedXml).toContain(SCAN.sha256);
    const receipt = h.documents.find((d) => d.kind === 'counter-receipt')!;
    expect(receipt).toMatchObject({ signer: 'operator', documentType: 'NTC' });
    expect(receipt.body).toMatchObject({ plannedResultDate: '2026-03-24T18:30:00+05:00' });
    const final = await v.query(visitStatusQuery);
    expect(final.breaches).toEqual([]);
    expect(final.receipt?.ancn).toBeDefined();
    await recordHistory(v, 'counter-visit-forwarded');
  });
});

test('the legal entity absent: "the data cannot be obtained", nothing forwarded', async () => {
  const h = harness();
  await run('visit no entity', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry('notarised', '990340001230')] });
    const result = await v.result();
    expect(result.outcome).toBe('data-cannot-be-obtained');
    const s = await v.query(visitStatusQuery);
    expect(s.message).toMatch(/The data cannot be obtained: the legal entity 990340001230/);
    expect(h.forwarded).toHaveLength(0);
    expect(h.documents).toHaveLength(0);
    await recordHistory(v, 'counter-visit-data-cannot-be-obtained');
  });
});

test('the PoA absent from the notarial system: "the data cannot be obtained", nothing forwarded', async () => {
  const h = harness();
  await run('visit no poa', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry('missing')] });
    expect((await v.result()).outcome).toBe('data-cannot-be-obtained');
    expect((await v.query(visitStatusQuery)).message).toMatch(/power of attorney NT-0000-404 \(unified notarial information system\)/);
    expect(h.forwarded).toHaveLength(0);
  });
});

test('a PoA certified otherwise: the notarial system is not asked', async () => {
  const h = harness();
  await run('visit other poa', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry('other')] });
    const s = await until(v, (x) => x.stage === 'documents');
    expect(s.lookUps?.powerOfAttorney.status).toBe('not-asked');
    expect(h.notarial.calls).toEqual([]);
  });
});

test('an outage of the notarial system is retried, never "the data cannot be obtained"', async () => {
  const h = harness();
  h.notarial.failNext(2);
  await run('visit outage', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry()] });
    const s = await until(v, (x) => x.stage !== 'looking-up');
    expect(s.stage).toBe('documents');
    expect(s.lookUps?.powerOfAttorney.status).toBe('found');
    expect(h.notarial.calls).toHaveLength(3);
  });
});

test('the waiting and service limits (20 minutes each) breach with their cause and the visit goes on', async () => {
  expect(WAITING_SLA_MINUTES).toBe(20); // seed 002 ¶4(2)
  expect(SERVICE_SLA_MINUTES).toBe(20); // seed 001 ¶9(2)
  const h = harness();
  await run('visit sla', h, async (tq) => {
    const v = await startVisit(tq);
    await suite.env.sleep('21 minutes');
    let s = await until(v, (x) => x.breaches.length === 1);
    expect(s.breaches[0]).toMatchObject({ kind: 'waiting', limitMinutes: 20, regulation: 'seed 002 ¶4(2)' });
    expect(s.stage).toBe('waiting');
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry()] });
    await until(v, (x) => x.stage === 'documents');
    await suite.env.sleep('21 minutes');
    s = await until(v, (x) => x.breaches.length === 2);
    expect(s.breaches[1]).toMatchObject({
      kind: 'service',
      limitMinutes: 20,
      cause: 'the operator has not marked the documents and signed the form',
    });
    expect(h.events.map((e) => e.event)).toEqual(['sla-breached:waiting', 'sla-breached:service']);
    // Kept for those who watch SLAs (kz_counter_sla_breaches_total, the dashboard overview), with the cause.
    expect(h.breaches).toEqual([
      expect.objectContaining({
        kind: 'waiting',
        branchId: 'astana-yesil',
        serviceCode: null,
        limitMinutes: 20,
        regulation: 'seed 002 ¶4(2)',
      }),
      expect.objectContaining({
        kind: 'service',
        serviceCode: 'mne-import-export-license',
        limitMinutes: 20,
        cause: 'the operator has not marked the documents and signed the form',
      }),
    ]);
    await v.executeUpdate(signAndForwardUpdate, {
      args: [{ operator: OPERATOR, paperDocuments: ['application-form', 'foreign-trade-contract'], scans: [SCAN] }],
    });
    expect((await v.result()).outcome).toBe('forwarded');
    await recordHistory(v, 'counter-visit-sla-breached');
  });
});

test('an operator of another branch cannot call the ticket', async () => {
  const h = harness();
  await run('visit branch', h, async (tq) => {
    const v = await startVisit(tq);
    expect(await refusedWith(v.executeUpdate(callTicketUpdate, { args: [{ operator: OTHER_BRANCH_OPERATOR }] }))).toMatch(
      /belongs to branch astana-yesil, you work at almaty-almaly/,
    );
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [entry('missing')] });
    await v.result();
  });
});

// ── seed 002: an individual applicant, the category checklist, the A9 receipt ──

const NCA_TERMS = {
  serviceCode: 'nca-certificate-issue',
  title: { kk: 'ҰКО', ru: 'НУЦ', en: 'Issue of NCA registration certificates' },
  lookups: { individual: true, legalEntity: true, notarisedPowerOfAttorney: true },
  applicants: ['individual', 'legal-entity'] as const,
  paperDocuments: [
    { code: 'application-form', name: { kk: 'Өтініш', ru: 'Заявление', en: 'Application form' }, required: true, source: 'seed 002 ¶9' },
    {
      code: 'identity-document',
      name: { kk: 'Куәлік', ru: 'Удостоверение', en: 'Identity document' },
      required: true,
      source: 'seed 002 ¶9',
    },
  ],
  serviceMinutes: { minutes: 20, regulation: 'seed 002 ¶4(3)' },
  handOver: { minutes: 20, wording: 'not-more-than' as const, regulation: 'seed 002 ¶4(3)' },
  incompletePackage: { title: 'Receipt refusing to accept the documents (A9)', copies: 2, regulation: 'seed 002 ¶10, A9' },
  receiptRegulation: 'seed 002 ¶9',
};
const PERSON = { iin: '850612300414', lastName: 'Сейітов', firstName: 'Нұрлан', birthDate: '1985-06-12', status: 'active' as const };

function individualEntry(iin = PERSON.iin): EnterApplicationRequest {
  return { operator: OPERATOR, terms: NCA_TERMS, applicant: { kind: 'individual', iin, name: 'Сейітов Нұрлан' }, form: { category: 1 } };
}

test('seed 002: an individual looked up by the IIN, the checklist complete: forwarded, the receipt names the documents', async () => {
  const h = harness();
  h.db.addIndividual(PERSON);
  await run('visit individual', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [individualEntry()] });
    const s = await until(v, (x) => x.stage === 'documents');
    expect(s.lookUps).toMatchObject({ individual: { status: 'found' }, legalEntity: { status: 'not-asked' } });
    await v.executeUpdate(signAndForwardUpdate, {
      args: [{ operator: OPERATOR, paperDocuments: ['application-form', 'identity-document'], scans: [SCAN] }],
    });
    expect((await v.result()).outcome).toBe('forwarded');
    expect(h.forwarded[0]!.signedForm.signedXml).toContain(`<Iin>${PERSON.iin}</Iin>`);
    const receipt = h.documents.find((d) => d.kind === 'counter-receipt')!;
    expect(receipt.body).toMatchObject({
      applicant: { iin: PERSON.iin },
      documentCount: 2,
      paperDocuments: [
        { code: 'application-form', name: 'Application form' },
        { code: 'identity-document', name: 'Identity document' },
      ],
      resultPlace: expect.stringMatching(/Astana/) as unknown,
      regulation: 'seed 002 ¶9',
    });
    await recordHistory(v, 'counter-visit-individual-forwarded');
  });
});

test('seed 002: an individual absent from the individuals database: "the data cannot be obtained"', async () => {
  const h = harness();
  await run('visit no individual', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [individualEntry('850315400124')] });
    expect((await v.result()).outcome).toBe('data-cannot-be-obtained');
    expect((await v.query(visitStatusQuery)).message).toMatch(/the individual 850315400124 \(individuals database\)/);
    expect(h.forwarded).toHaveLength(0);
  });
});

test('seed 002 ¶10, A9: a required document missing → the A9 receipt in 2 copies listing it; nothing forwarded', async () => {
  const h = harness();
  h.db.addIndividual(PERSON);
  await run('visit a9', h, async (tq) => {
    const v = await startVisit(tq);
    await v.executeUpdate(callTicketUpdate, { args: [{ operator: OPERATOR }] });
    await v.executeUpdate(enterApplicationUpdate, { args: [individualEntry()] });
    await until(v, (x) => x.stage === 'documents');
    await v.executeUpdate(signAndForwardUpdate, { args: [{ operator: OPERATOR, paperDocuments: ['application-form'], scans: [SCAN] }] });
    expect((await v.result()).outcome).toBe('package-incomplete');
    const s = await v.query(visitStatusQuery);
    expect(s.stage).toBe('package-incomplete');
    expect(s.incompletePackage).toMatchObject({ copies: 2, missing: [{ code: 'identity-document', name: 'Identity document' }] });
    const xml = await v.query(visitA9ReceiptQuery);
    expect(xml).toContain('<Document code="identity-document">Identity document</Document>');
    expect(xml).toContain('fake-signature signer="operator"');
    expect(h.forwarded).toHaveLength(0);
    expect(h.documents).toHaveLength(0);
    await recordHistory(v, 'counter-visit-package-incomplete');
  });
});
