import {
  Annex1FormSchema,
  ANNEX1_REQUIREMENTS,
  ApplicantIdSchema,
  CompletenessCheckSchema,
  FinalDecisionSchema,
  FLAG_EMBLEM_LICENSE_DESCRIPTOR,
  FLAG_EMBLEM_LICENSE_REISSUE_DESCRIPTOR,
  objectionWindowEnd,
  planFlagEmblemLicense,
  precheckAnnex1,
  PreliminaryDecisionSchema,
  REFUSAL_GROUNDS,
  REFUSAL_GROUND_TEXT,
  ReissueDetailsSchema,
  SiteInspectionSchema,
  TERMS,
} from '../../services/flag-emblem/license-rules';
import { formatAncn } from '../../domain/ancn';
import { embeddedCalendar, toKzIso } from '../../domain/calendar';
import { annex1Form } from '../workflows/flag-emblem-license.fixtures';

const kz = (d: Date): string => toKzIso(d);

describe('seed 003: the regulation’s numbers', () => {
  test('terms in working days: ¶10 completeness 1, ¶10 site visit 2, ¶12 term 7, ¶12-1 preliminary 3 before, objection 2', () => {
    expect(TERMS).toEqual({
      completenessCheckWorkingDays: 1,
      siteVisitWorkingDays: 2,
      termWorkingDays: 7,
      preliminaryDecisionWorkingDaysBeforeDue: 3,
      objectionWorkingDays: 2,
    });
  });

  test('¶13 / Annex 2 item 9: exactly seven grounds, numbered 1–7 in the Annex’s order', () => {
    expect(REFUSAL_GROUNDS).toHaveLength(7);
    expect(REFUSAL_GROUNDS.map((g) => REFUSAL_GROUND_TEXT[g].item)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(REFUSAL_GROUND_TEXT['license-fee-not-paid'].item).toBe(2);
    expect(REFUSAL_GROUND_TEXT['approving-body-negative-answer'].item).toBe(4);
  });

  test('Annex 1 has seven requirements (item 8 deleted in 2023)', () => {
    expect(ANNEX1_REQUIREMENTS).toHaveLength(7);
  });

  test('catalogue: CTRM, portal only, 7 working days, 10 MRP / 1 MRP', () => {
    expect(FLAG_EMBLEM_LICENSE_DESCRIPTOR).toMatchObject({
      licensorBody: 'ctrm',
      channels: ['portal'],
      term: { kind: 'working-days', days: 7 },
      fee: { kind: 'mrp', mrp: 10 },
    });
    expect(FLAG_EMBLEM_LICENSE_REISSUE_DESCRIPTOR).toMatchObject({
      code: 'flag-emblem-license-reissue',
      term: { days: 7 },
      fee: { mrp: 1 },
    });
  });
});

describe('planFlagEmblemLicense', () => {
  test('Friday 20 March 2026 18:45, before Nauryz (21–25 March off): registered Thursday 26 March, due Monday 6 April', () => {
    const p = planFlagEmblemLicense(new Date('2026-03-20T18:45:00+05:00'));
    expect(kz(p.registeredAt)).toBe('2026-03-26T09:00:00+05:00'); // ¶9
    expect(kz(p.completenessCheckBy)).toBe('2026-03-27T18:30:00+05:00'); // ¶10: 1 working day
    expect(kz(p.siteVisitBy)).toBe('2026-03-30T18:30:00+05:00'); // ¶10: 2 working days
    expect(kz(p.preliminaryDecisionBy)).toBe('2026-04-01T18:30:00+05:00'); // ¶12-1: 3 working days before dueAt
    expect(kz(p.dueAt)).toBe('2026-04-06T18:30:00+05:00'); // ¶12: 7 working days
  });

  test('inside working hours it is registered at once; Independence Day (16 Dec 2025) is skipped', () => {
    const p = planFlagEmblemLicense(new Date('2025-12-12T11:00:00+05:00'));
    expect(kz(p.registeredAt)).toBe('2025-12-12T11:00:00+05:00');
    expect(kz(p.completenessCheckBy)).toBe('2025-12-15T18:30:00+05:00');
    expect(kz(p.siteVisitBy)).toBe('2025-12-17T18:30:00+05:00');
    expect(kz(p.dueAt)).toBe('2025-12-24T18:30:00+05:00');
    expect(kz(p.preliminaryDecisionBy)).toBe('2025-12-19T18:30:00+05:00');
  });

  test('the objection window: 2 working days from receipt (Friday 20 March 2026 → Friday 27 March)', () => {
    // The window binds the applicant, who acts through the 24/7 portal: it ends at the end of its last working day.
    expect(kz(objectionWindowEnd(new Date('2026-03-20T10:00:00+05:00')))).toBe('2026-03-27T23:59:59.999+05:00');
    expect(kz(objectionWindowEnd(new Date('2026-03-18T10:00:00+05:00')))).toBe('2026-03-20T23:59:59.999+05:00');
    // Cases started before that rule (patch applicant-terms-end-of-day) keep the provider's 18:30.
    expect(kz(objectionWindowEnd(new Date('2026-03-20T10:00:00+05:00'), embeddedCalendar, false))).toBe('2026-03-27T18:30:00+05:00');
  });
});

describe('Annex 1 form and identities', () => {
  test('the applicant is named by an IIN/BIN with its check digit', () => {
    expect(ApplicantIdSchema.safeParse({ kind: 'legal-entity', iinOrBin: '180340001231' }).success).toBe(true);
    expect(ApplicantIdSchema.safeParse({ kind: 'legal-entity', iinOrBin: '180340001239' }).error?.issues[0]?.message).toMatch(
      /check digit/,
    );
  });

  test('a valid form parses', () => {
    expect(Annex1FormSchema.safeParse(annex1Form()).success).toBe(true);
  });

  test('Annex 1 footnote *: a leased base needs the lease agreement', () => {
    const f = annex1Form() as unknown as { productionBase: Record<string, unknown> };
    delete f.productionBase['leaseAgreement'];
    const r = Annex1FormSchema.safeParse(f);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('productionBase.leaseAgreement');
  });

  test('items 4–7 hang together: each instrument has a certificate, each size both a master model and a reference sample', () => {
    const f = annex1Form();
    f.measuringInstruments.push({ name: 'Caliper', serialNumber: 'CAL-1' });
    f.productionReferenceSamples.pop();
    const messages = Annex1FormSchema.safeParse(f).error?.issues.map((i) => i.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'no calibration certificate for instrument CAL-1 (Annex 1 item 5)',
        'no production reference sample for size 1000 mm (Annex 1 item 7)',
      ]),
    );
  });

  test('the test reports are against ҚР СТ 989 only', () => {
    const f = annex1Form() as unknown as { emblemMasterModels: Array<{ testReport: { standard: string } }> };
    (f.emblemMasterModels[0] as { testReport: { standard: string } }).testReport.standard = 'ГОСТ 12345';
    expect(Annex1FormSchema.safeParse(f).success).toBe(false);
  });

  test('precheck for the employee (¶11): expired certificates and leases, negative test reports', () => {
    const f = annex1Form();
    (f.calibrationCertificates[0] as { validUntil: string }).validUntil = '2026-03-01';
    (f.emblemMasterModels[1] as { testReport: { result: 'positive' | 'negative' } }).testReport.result = 'negative';
    expect(precheckAnnex1(f, new Date('2026-03-17T10:00:00+05:00'))).toEqual([
      { requirement: 'calibration-certificates', issue: 'expired', message: 'certificate ПС-2025/4471 expired on 2026-03-01' },
      {
        requirement: 'emblem-master-models',
        issue: 'negative-test-report',
        message: 'test report ТР-2026/012 for 1000 mm is not positive',
      },
    ]);
    expect(precheckAnnex1(annex1Form(), new Date('2026-03-17T10:00:00+05:00'))).toEqual([]);
  });

  test('re-issue names a permit ANCN with valid check digits', () => {
    expect(ReissueDetailsSchema.safeParse({ previousPermitAncn: formatAncn('PRM', 42), reason: 'holder-renamed' }).success).toBe(true);
    expect(
      ReissueDetailsSchema.safeParse({ previousPermitAncn: formatAncn('RFS', 42), reason: 'holder-renamed' }).error?.issues[0]?.message,
    ).toMatch(/permit/);
    expect(ReissueDetailsSchema.safeParse({ previousPermitAncn: 'KZ00PRM00000042', reason: 'holder-renamed' }).success).toBe(false);
  });
});

describe('action bodies', () => {
  test('an incomplete package needs findings; a complete one has none', () => {
    expect(CompletenessCheckSchema.safeParse({ complete: false, findings: [] }).success).toBe(false);
    expect(
      CompletenessCheckSchema.safeParse({
        complete: true,
        findings: [{ requirement: 'production-base', reason: 'incomplete-package', note: 'x' }],
      }).success,
    ).toBe(false);
  });

  test('the site conclusion covers every requirement once, with a reason for each non-conformity', () => {
    const all = ANNEX1_REQUIREMENTS.map((requirement) => ({ requirement, conforms: true, note: '' }));
    const base = { inspector: { fullName: 'N. Zh.', position: 'Inspector', territorialUnit: 'Astana' }, visitedOn: '2026-03-27' };
    expect(SiteInspectionSchema.safeParse({ ...base, findings: all }).success).toBe(true);
    expect(SiteInspectionSchema.safeParse({ ...base, findings: [...all, all[0]] }).error?.issues[0]?.message).toMatch(/listed twice/);
    expect(
      SiteInspectionSchema.safeParse({ ...base, findings: all.map((f, i) => (i === 2 ? { ...f, conforms: false } : f)) }).error?.issues[0]
        ?.message,
    ).toMatch(/say why technological-equipment/);
  });

  test('a refusal cites grounds from the list: free text alone, an empty list or an unknown ground is refused', () => {
    const reasoning = 'The applicant is not trustworthy in our view.';
    expect(FinalDecisionSchema.safeParse({ decision: 'refuse', reasoning }).success).toBe(false);
    expect(FinalDecisionSchema.safeParse({ decision: 'refuse', grounds: [], reasoning }).error?.issues[0]?.message).toMatch(
      /free text alone is not a ground/,
    );
    expect(PreliminaryDecisionSchema.safeParse({ grounds: ['not-trustworthy'], reasoning }).success).toBe(false);
    expect(
      PreliminaryDecisionSchema.safeParse({ grounds: ['false-documents-or-data', 'false-documents-or-data'], reasoning }).success,
    ).toBe(false);
    expect(FinalDecisionSchema.safeParse({ decision: 'refuse', grounds: ['false-documents-or-data'], reasoning }).success).toBe(true);
  });
});
