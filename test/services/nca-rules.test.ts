/**
 * Seed 002 intake (services/nca/rules.ts, intake.ts, forms.ts): each category's happy path, each refusal
 * ground of ¶10, an incomplete package → A9, the Treasury 3-working-day rule across a weekend, SSL CSRs
 * (bad self-signature, a domain not proven), and the numbers of the law pinned as literals.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IndividualRecord, LegalEntityRecord } from '../../adapters/state-databases/port';
import { identificationCheckDigit } from '../../domain/identification-number';
import { FormA1, FormA7, FormA8, IssueForm } from '../../services/nca/forms';
import { intake, type IntakePackage } from '../../services/nca/intake';
import {
  A9_RECEIPT_COPIES,
  ACCEPTANCE_RECEIPT_ITEMS,
  acceptanceReceipt,
  ageOn,
  certificatesFor,
  COUNTER_HAND_OVER,
  COUNTER_SERVICE_MINUTES,
  MINIMUM_AGE_YEARS,
  needsHeadConfirmation,
  portalRepeatAllowed,
  QUEUE_WAIT_MINUTES,
  RESULT_TERM_WORKING_DAYS,
  TREASURY_AGREEMENT_MAX_WORKING_DAYS,
  treasuryAgreementTooOld,
  type ApplicantCategory,
  type DocumentKind,
} from '../../services/nca/rules';
import { CERTIFICATE_VALIDITY_YEARS } from '../../pki/profiles';

/** A valid IIN for a birth date (YYMMDD + century/sex digit + sequence + check digit). */
function iinFor(birth: string): string {
  const [y, m, d] = birth.split('-') as [string, string, string];
  const century = Number(y) >= 2000 ? '5' : '3';
  for (let seq = 1; seq < 999; seq++) {
    const first11 = `${y.slice(2)}${m}${d}${century}${String(seq).padStart(4, '0')}`;
    const check = identificationCheckDigit(first11);
    if (check !== null) return first11 + String(check);
  }
  throw new Error('no IIN');
}

const ADULT_BIRTH = '1985-06-12';
const ADULT: IndividualRecord = { iin: '850612300414', lastName: 'Сейітов', firstName: 'Нұрлан', birthDate: ADULT_BIRTH, status: 'active' };
const ENTITY: LegalEntityRecord = {
  bin: '180340001231',
  name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»',
  registeredOn: '2018-03-01',
  legalAddress: 'Astana',
  head: { iin: '850612300414', fullName: 'Сейітов Нұрлан Ержанұлы' },
  status: 'active',
};

let dir: string;
let pub: string;
let csrShop: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nca-rules-'));
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(dir, 'k.pem')]);
  pub = execFileSync('openssl', ['pkey', '-in', path.join(dir, 'k.pem'), '-pubout']).toString();
  execFileSync('openssl', [
    'req',
    '-new',
    '-key',
    path.join(dir, 'k.pem'),
    '-subj',
    '/CN=shop.kz',
    '-addext',
    'subjectAltName=DNS:shop.kz,DNS:www.shop.kz',
    '-out',
    path.join(dir, 'csr.pem'),
  ]);
  csrShop = fs.readFileSync(path.join(dir, 'csr.pem'), 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const consents = { userAgreement: true, personalData: true, emailNotices: true, policyRead: true } as const;
const person = {
  iin: ADULT.iin,
  surname: 'Сейітов',
  name: 'Нұрлан',
  region: 'Astana',
  city: 'Astana',
  email: 'n@example.kz',
  phone: '+7 701 000 00 00',
};

function formFor(category: ApplicantCategory): IssueForm {
  const keys = { signaturePublicKey: pub, authenticationPublicKey: pub, validityYears: 1 as const, consents, appliedOn: '2026-03-02' };
  const employee = { form: 'A2' as const, bin: ENTITY.bin, organisation: ENTITY.name, employee: person, ...keys };
  switch (category) {
    case 1:
    case 7:
      return IssueForm.parse({ form: 'A1', ...person, ...keys });
    case 2:
    case 3:
    case 8:
      return IssueForm.parse(employee);
    case 4:
      return IssueForm.parse({
        form: 'A4',
        ...person,
        domain: 'shop.kz',
        additionalDomains: ['www.shop.kz'],
        pkcs10: csrShop,
        validityYears: 1,
        consents,
        appliedOn: '2026-03-02',
      });
    case 5:
      return IssueForm.parse({
        form: 'A5',
        bin: ENTITY.bin,
        organisation: ENTITY.name,
        ...person,
        domain: 'shop.kz',
        additionalDomains: ['www.shop.kz'],
        pkcs10: csrShop,
        validityYears: 1,
        consents,
        appliedOn: '2026-03-02',
      });
    case 6:
      return IssueForm.parse({ ...employee, form: 'A6', treasuryCode: 'MM-0042', role: 'Chief accountant' });
  }
}

const FULL: Record<ApplicantCategory, DocumentKind[]> = {
  1: ['application-form', 'identity-document'],
  2: ['application-form', 'identity-document', 'proprietor-registration-certificate'],
  3: ['application-form', 'identity-document', 'one-time-power-of-attorney'],
  4: ['application-form', 'identity-document', 'domain-ownership-document'],
  5: ['application-form', 'identity-document', 'one-time-power-of-attorney', 'domain-ownership-document'],
  6: ['application-form', 'identity-document', 'one-time-power-of-attorney', 'treasury-agreement'],
  7: ['application-form', 'identity-document', 'residence-document'],
  8: ['application-form', 'identity-document', 'one-time-power-of-attorney', 'residence-document', 'non-resident-registration'],
};

function pkg(category: ApplicantCategory, over: Partial<IntakePackage> = {}): IntakePackage {
  return {
    category,
    form: formFor(category),
    handedIn: FULL[category],
    representative: false,
    consentToProtectedData: true,
    // Monday 2 March 2026
    submittedOn: '2026-03-02',
    ...(category === 6 ? { treasuryAgreementSignedOn: '2026-02-26' } : {}),
    ...(category === 4 || category === 5 ? { provenDomains: ['shop.kz', 'www.shop.kz'] } : {}),
    ...over,
  };
}
const db = { individual: ADULT, entity: ENTITY };

test('the numbers of seed 002, pinned', () => {
  expect(RESULT_TERM_WORKING_DAYS).toBe(1); // ¶4(1)
  expect(QUEUE_WAIT_MINUTES).toBe(20); // ¶4(2)
  expect(COUNTER_SERVICE_MINUTES).toBe(20); // ¶4(3)
  // ¶4(3), ours for the hand-over at the State Corporation: not more than 20 minutes.
  expect(COUNTER_HAND_OVER).toEqual({ minutes: 20, wording: 'not-more-than', regulation: 'seed 002 ¶4(3)' });
  expect(MINIMUM_AGE_YEARS).toBe(16); // ¶10(3)
  expect(TREASURY_AGREEMENT_MAX_WORKING_DAYS).toBe(3); // ¶9 item 6
  expect(A9_RECEIPT_COPIES).toBe(2); // A9
  expect(ACCEPTANCE_RECEIPT_ITEMS).toBe(5); // ¶9
  expect(CERTIFICATE_VALIDITY_YEARS).toBe(1); // A1, A2, A4–A6
  const receipt = acceptanceReceipt({
    number: 'N-1',
    acceptedAt: '2026-03-02T10:00',
    handedIn: FULL[1],
    dueAt: '2026-03-03T10:00',
    place: 'NCA counter',
    employee: 'E. Employee',
  });
  expect(Object.keys(receipt)).toHaveLength(ACCEPTANCE_RECEIPT_ITEMS);
});

test.each([1, 2, 3, 4, 5, 6, 7, 8] as const)('category %i: a complete, true package is accepted', async (category) => {
  const r = await intake(pkg(category), db);
  expect(r).toMatchObject({ outcome: 'accepted', subjectIin: ADULT.iin });
  if (category === 4 || category === 5) expect(r.outcome === 'accepted' && r.sslNames).toEqual(['shop.kz', 'www.shop.kz']);
  expect(certificatesFor(category)).toEqual(category === 4 || category === 5 ? ['ssl'] : ['signing', 'authentication']);
});

test('an incomplete package → the A9 receipt listing the missing documents, in 2 copies', async () => {
  const r = await intake(pkg(8, { handedIn: ['application-form', 'identity-document'] }), db);
  expect(r).toEqual({
    outcome: 'incomplete',
    receipt: expect.objectContaining({
      kind: 'A9',
      copies: 2,
      missing: [
        expect.objectContaining({ document: 'one-time-power-of-attorney' }),
        expect.objectContaining({ document: 'residence-document' }),
        expect.objectContaining({ document: 'non-resident-registration' }),
      ],
    }),
  });
  // A representative of an individual needs the notarised power of attorney.
  const rep = await intake(pkg(1, { representative: true }), db);
  expect(rep.outcome === 'incomplete' && rep.receipt.missing.map((m) => m.document)).toEqual(['notarised-power-of-attorney']);
  // No consent to use protected data → not accepted either.
  expect((await intake(pkg(1, { consentToProtectedData: false }), db)).outcome).toBe('incomplete');
});

test('refusal ¶10(1): false information (the form differs from the individuals database)', async () => {
  const r = await intake(pkg(1), { ...db, individual: { ...ADULT, lastName: 'Other' } });
  expect(r).toMatchObject({ outcome: 'refused', ground: 'false-information', reasons: ['surname differs from the individuals database'] });
  expect(await intake(pkg(3), { ...db, entity: null })).toMatchObject({ outcome: 'refused', ground: 'false-information' });
});

test('refusal ¶10(2): a court decision in force', async () => {
  expect(await intake(pkg(1, { courtDecision: { number: '2-123/2026', date: '2026-01-15' } }), db)).toMatchObject({
    outcome: 'refused',
    ground: 'court-decision',
  });
});

test('refusal ¶10(3): under 16 on the day of submission, from the database date of birth', async () => {
  const birth = '2010-03-03';
  const iin = iinFor(birth);
  const young: IndividualRecord = { iin, lastName: 'Young', firstName: 'One', birthDate: birth, status: 'active' };
  const form = FormA1.parse({ ...formFor(1), iin, surname: 'Young', name: 'One' });
  // 2 March 2026: one day before the 16th birthday → refused; 3 March: 16 → accepted.
  expect(await intake(pkg(1, { form, submittedOn: '2026-03-02' }), { ...db, individual: young })).toMatchObject({
    outcome: 'refused',
    ground: 'under-16',
  });
  expect(await intake(pkg(1, { form, submittedOn: '2026-03-03' }), { ...db, individual: young })).toMatchObject({ outcome: 'accepted' });
  expect(ageOn('2010-02-28', '2026-02-27')).toBe(15);
});

test('Treasury-Client ¶9 item 6: more than 3 working days after signing, the signing day not counted, across a weekend', async () => {
  // Signed Thursday 26 Feb 2026: Fri 27, Mon 2, Tue 3 are days 1–3; Wed 4 March is day 4.
  expect(treasuryAgreementTooOld('2026-02-26', '2026-03-03')).toBe(false);
  expect(treasuryAgreementTooOld('2026-02-26', '2026-03-04')).toBe(true);
  // The weekend does not count: signed Friday 27 Feb, submitted Wednesday 4 March = 3 working days.
  expect(treasuryAgreementTooOld('2026-02-27', '2026-03-04')).toBe(false);
  const late = await intake(pkg(6, { treasuryAgreementSignedOn: '2026-02-26', submittedOn: '2026-03-04' }), db);
  expect(late.outcome === 'incomplete' && late.receipt.missing.map((m) => m.document)).toEqual(['treasury-agreement']);
  expect(portalRepeatAllowed(6)).toBe(false);
  expect(portalRepeatAllowed(1)).toBe(true);
  expect(needsHeadConfirmation(3)).toBe(true);
  expect(needsHeadConfirmation(1)).toBe(false);
});

test('SSL: a CSR whose self-signature does not verify, or a name not proven, is refused', async () => {
  const der = Buffer.from(csrShop.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff; // inside the signature
  const bad = await intake(pkg(4, { form: { ...(formFor(4) as Extract<IssueForm, { form: 'A4' }>), pkcs10: der.toString('base64') } }), db);
  expect(bad).toMatchObject({ outcome: 'refused', reasons: ['the PKCS#10 self-signature does not verify'] });
  const unproven = await intake(pkg(5, { provenDomains: ['shop.kz'] }), db);
  expect(unproven).toMatchObject({
    outcome: 'refused',
    ground: 'false-information',
    reasons: ['domain www.shop.kz is not proven by the KazNIC certificate or WHOIS extract'],
  });
});

test('revocation forms A7/A8: serials, and the dismissal order as a basis', () => {
  expect(
    FormA7.safeParse({
      form: 'A7',
      iin: ADULT.iin,
      fullName: 'X',
      email: 'x@example.kz',
      phone: '+77010000000',
      serials: ['7f40'],
      consents: { personalData: true },
      appliedOn: '2026-03-02',
    }).success,
  ).toBe(true);
  const a8 = FormA8.safeParse({
    form: 'A8',
    bin: ENTITY.bin,
    organisation: 'X',
    holderIin: ADULT.iin,
    holderFullName: 'X',
    region: 'A',
    city: 'A',
    phone: '+77010000000',
    serials: [],
    basis: 'dismissal-order',
    appliedOn: '2026-03-02',
  });
  expect(a8.success).toBe(false);
  expect(a8.error?.issues[0]?.path).toEqual(['serials']);
});
