/**
 * The whole counter visit on the real stack (`make start`'s processes, startStack()): queue → intake →
 * look-ups in the e-gov simulators (the legal-entities database, the unified notarial system) → the
 * operator's signature → receipt → forwarding to e-licensing → the provider's decision → hand-over at the
 * branch, for S1 (licence to import/export) and S3 (commodity dealer licence). Also: "the data cannot be
 * obtained" forwards nothing, bad input is a 400 naming the field, another branch's operator gets 403.
 */
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../helpers/stack';
import { MNE_SERVICES, type MneServiceCode } from '../../services/mne-licensing/rules';

jest.setTimeout(300_000);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('counter');
}, 200_000);
afterAll(async () => {
  await stack?.stop();
});

type Json = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function get(path: string, token: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${stack.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : { text }) as Json };
}
async function post(path: string, token: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await stack.post(`${stack.api}${path}`, token, randomUUID(), body);
  return { status: res.status, body: (await res.json()) as Json };
}
async function poll(path: string, token: string, done: (b: Json) => boolean): Promise<Json> {
  for (let i = 0; i < 300; i += 1) {
    const r = await get(path, token);
    if (r.status === 200 && done(r.body)) return r.body;
    await new Promise((x) => setTimeout(x, 200));
  }
  throw new Error(`${path} did not reach the expected state`);
}

const BRANCH = 'astana-yesil';
const APPLICANT = { bin: '180340001231', name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»' };
const REPRESENTATIVE = {
  iin: '850315400124',
  fullName: 'Sadykova Aigerim Nurlanovna',
  powerOfAttorney: { kind: 'notarised', number: 'NT-2026-000417', certifiedOn: '2026-01-15' },
};
const GOODS = {
  goods: {
    direction: 'export',
    hsCode: '1001990000',
    description: 'Wheat, other than durum',
    quantity: 5000,
    unit: 't',
    country: 'Uzbekistan',
    contract: { number: 'EX-2026/117', date: '2026-02-10' },
  },
};

async function visitUpToIntake(operator: string): Promise<string> {
  const t = await post(`/v1/counter/branches/${BRANCH}/tickets`, operator, {});
  expect(t.status).toBe(201);
  const called = await post(`/v1/counter/branches/${BRANCH}/call-next`, operator, {});
  expect(called.status).toBe(200);
  expect(called.body.ticket.visitId).toBe(t.body.visitId); // FIFO: the only waiting ticket
  return t.body.visitId as string;
}

async function wholeVisit(serviceCode: MneServiceCode, form: unknown, papers: string[]): Promise<void> {
  const operator = stack.token('operator', BRANCH);
  const staff = stack.token('staff', 'mne-trade');
  const visit = await visitUpToIntake(operator);
  const entered = await post(`/v1/counter/visits/${visit}/application`, operator, {
    serviceCode,
    applicant: APPLICANT,
    representative: REPRESENTATIVE,
    form,
  });
  expect(entered.status).toBe(202);
  const found = await poll(`/v1/counter/visits/${visit}`, operator, (b) => b.stage !== 'looking-up' && b.stage !== 'called');
  expect(found.stage).toBe('documents');
  expect(found.lookUps).toMatchObject({ legalEntity: { status: 'found' }, powerOfAttorney: { status: 'found' } });
  const scan = await post('/v1/counter/scans', operator, {
    fileName: 'contract.pdf',
    mediaType: 'application/pdf',
    contentBase64: Buffer.from(`%PDF-1.4 ${serviceCode}`).toString('base64'),
  });
  expect(scan.status).toBe(201);
  const signed = await post(`/v1/counter/visits/${visit}/sign`, operator, { paperDocuments: papers, scans: [scan.body] });
  expect(signed.status).toBe(202);
  const forwarded = await poll(`/v1/counter/visits/${visit}`, operator, (b) => b.stage === 'forwarded');
  expect(forwarded.form.signer).toMatch(/operator/i);
  const receiptXml = await fetch(`${stack.api}/v1/counter/visits/${visit}/receipt`, {
    headers: { authorization: `Bearer ${operator}` },
  }).then((r) => r.text());
  expect(receiptXml).toContain('plannedResultDate');
  expect(receiptXml).toContain('Signature');
  const applicationId = forwarded.forwarded.applicationId as string;
  const receiptAncn = forwarded.receipt.ancn as string;

  // e-licensing registered it with its ANCN; the provider concludes (Annex 3) and the licence is issued.
  await poll(`/v1/applications/${applicationId}`, staff, (b) => b.stage === 'provider-review');
  const concluded = await post(`/v1/applications/${applicationId}/actions/record-conclusion`, staff, {
    eligible: true,
    findings: [{ requirement: 'eligibility', finding: 'meets the requirements', met: true }],
    conclusion: 'The applicant is eligible (Annex 3).',
  });
  expect(concluded.status).toBe(200);
  // seed 001 ¶11(11) through the approval chain: the division head, then the authorized person, whose approval signs.
  await poll(`/v1/applications/${applicationId}`, staff, (b) => b.stage === 'approval');
  for (const p of MNE_SERVICES[serviceCode].approvalChain.value) {
    const reviewed = await post(`/v1/applications/${applicationId}/actions/draft-review`, stack.tokenOf(p.subject), {
      chain: 'licence',
      verdict: 'approve',
    });
    expect(reviewed.status).toBe(200);
  }
  const issued = await poll(`/v1/applications/${applicationId}`, staff, (b) => b.outcome === 'issued' && Boolean(b.details?.handOver));
  expect(issued.details.channel).toMatchObject({ kind: 'state-corporation', branchId: BRANCH });

  // Another branch's operator cannot hand it over; this branch's can.
  const other = await post(`/v1/counter/hand-overs/${applicationId}/receipt-presented`, stack.token('operator', 'almaty-almaly'), {
    receiptAncn,
  });
  expect(other.status).toBe(403);
  expect((await post(`/v1/counter/hand-overs/${applicationId}/receipt-presented`, operator, { receiptAncn })).status).toBe(200);
  const handed = await post(`/v1/counter/hand-overs/${applicationId}/hand-over`, operator, { receivedBy: 'the representative' });
  expect(handed.status).toBe(200);
  expect(handed.body.status).toBe('handed-over');
}

test('S1: a whole counter visit with a notarised PoA, the licence issued and handed over', async () => {
  await wholeVisit('mne-import-export-license', GOODS, ['application-form', 'foreign-trade-contract', 'power-of-attorney']);
});

test('S3: a whole counter visit, the dealer licence issued and handed over', async () => {
  await wholeVisit('mne-commodity-dealer-license', { activity: { exchangeName: 'ETS', qualifiedStaff: 3 } }, [
    'application-form',
    'qualification-requirements-form',
  ]);
});

test('a legal entity not in the database: "the data cannot be obtained", nothing forwarded', async () => {
  const operator = stack.token('operator', BRANCH);
  const visit = await visitUpToIntake(operator);
  await post(`/v1/counter/visits/${visit}/application`, operator, {
    serviceCode: 'mne-import-export-license',
    applicant: { bin: '990340001230', name: 'Unknown LLP' },
    form: GOODS,
  });
  const v = await poll(`/v1/counter/visits/${visit}`, operator, (b) => b.stage === 'data-cannot-be-obtained');
  expect(v.message).toMatch(/cannot be obtained/);
  expect(v.forwarded).toBeUndefined();
});

test('bad input is a 400 naming the field; another branch is 403', async () => {
  const operator = stack.token('operator', BRANCH);
  const visit = await visitUpToIntake(operator);
  const bad = await post(`/v1/counter/visits/${visit}/application`, operator, {
    serviceCode: 'mne-import-export-license',
    applicant: APPLICANT,
    form: { goods: { ...GOODS.goods, hsCode: '12' } },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('form.goods.hsCode');
  const other = stack.token('operator', 'almaty-almaly');
  expect((await get(`/v1/counter/visits/${visit}`, other)).status).toBe(403);
  expect((await post(`/v1/counter/branches/${BRANCH}/call-next`, other, {})).status).toBe(403);
  const slot = await post(`/v1/counter/branches/${BRANCH}/bookings`, stack.token('portal'), { slot: '2026-12-06T10:00:00+05:00' });
  expect(slot.status).toBe(422); // a Sunday: the State Corporation is closed (working-hours reference data): RULE_VIOLATED
  expect(JSON.stringify(slot.body)).toContain('slot');
});
