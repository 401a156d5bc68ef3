import {
  AT_RISK_AFTER_MINUTES,
  BANK_CHOICE_WINDOW_MINUTES,
  PAYMENT_WINDOW_MINUTES,
  SIGNING_WINDOW_MINUTES,
  REGISTRATION_TERM_HOURS,
  LEGAL_FORMS,
  nameWithLegalForm,
  normalizeLegalEntityName,
  planSmeRegistration,
  requiredSigners,
  PRE_ZERO_RATE_FEE_MRP,
  preZeroRateFeeTenge,
  STATE_REGISTRATION_FEE,
  totalShareHundredths,
} from '../../services/sme-registration/rules';
import { SME_REGISTRATION_DESCRIPTOR } from '../../services/sme-registration/api';
import { exampleApplication, FOUNDER_1, FOUNDER_2 } from '../workflows/sme-registration.fixtures';

describe('seed 000 term and constants', () => {
  test('¶4: registration within one hour of the electronic application, also at night or on a holiday', () => {
    expect(REGISTRATION_TERM_HOURS).toBe(1);
    const night = new Date('2026-03-21T23:30:00+05:00'); // Nauryz, a Saturday night
    const plan = planSmeRegistration(night);
    expect(plan.registeredAt).toEqual(night);
    expect(plan.dueAt.toISOString()).toBe('2026-03-21T19:30:00.000Z');
    expect(plan.milestones).toEqual([{ name: 'state-registration', dueAt: plan.dueAt, regulation: 'seed 000 ¶4' }]);
    expect(plan.atRiskAt.getTime() - night.getTime()).toBe(AT_RISK_AFTER_MINUTES * 60_000);
  });

  test('ours: the applicant gets 15 minutes at each wait (another bank ¶3, payment ¶5.9, signatures ¶5.10), the case is at risk after 45 minutes, and all three waits fit inside the hour of ¶4', () => {
    expect(BANK_CHOICE_WINDOW_MINUTES).toBe(15);
    expect(PAYMENT_WINDOW_MINUTES).toBe(15);
    expect(SIGNING_WINDOW_MINUTES).toBe(15);
    expect(AT_RISK_AFTER_MINUTES).toBe(45);
    expect(BANK_CHOICE_WINDOW_MINUTES + PAYMENT_WINDOW_MINUTES + SIGNING_WINDOW_MINUTES).toBeLessThanOrEqual(REGISTRATION_TERM_HOURS * 60);
    expect(AT_RISK_AFTER_MINUTES).toBeLessThan(REGISTRATION_TERM_HOURS * 60);
  });

  test('¶5.9: the state-registration fee of an SME legal entity is at the zero rate (Tax Code) — 0 tenge, no MRP needed', () => {
    expect(STATE_REGISTRATION_FEE).toEqual({ amountTenge: 0, rate: 'zero', source: expect.stringContaining('zero rate') });
    expect(SME_REGISTRATION_DESCRIPTOR.fee).toEqual({ kind: 'free', note: STATE_REGISTRATION_FEE.source });
  });

  test('cases submitted before the zero rate replay with the invoice they had: 6.5 MRP of the submission year, in whole tenge', () => {
    expect(PRE_ZERO_RATE_FEE_MRP).toBe(6.5);
    expect(preZeroRateFeeTenge(new Date('2025-06-01T10:00:00+05:00'))).toBe(25_558); // 6.5 × 3 932
    expect(preZeroRateFeeTenge(new Date('2026-06-01T10:00:00+05:00'))).toBe(28_113); // 6.5 × 4 325, rounded
  });

  test('¶5.10: the applicant and every founder sign, a founder who applies signs once', () => {
    expect(requiredSigners(exampleApplication()).map((p) => p.iin)).toEqual([FOUNDER_1.iin, FOUNDER_2.iin]);
    const byHead = exampleApplication({ applicant: { iin: '870912300107', fullName: 'Bekov Timur Aidarovich' } });
    expect(requiredSigners(byHead).map((p) => p.iin)).toEqual(['870912300107', FOUNDER_1.iin, FOUNDER_2.iin]);
  });
});

describe('seed 000 shares and names', () => {
  test('shares sum exactly in hundredths; names compare without quotes and legal form', () => {
    expect(totalShareHundredths([{ sharePercent: 33.33 }, { sharePercent: 33.33 }, { sharePercent: 33.34 }])).toBe(10_000);
    expect(normalizeLegalEntityName('ТОО «Altyn  Dala»')).toBe(normalizeLegalEntityName('altyn dala LLP'));
  });

  test('seed 000 ¶4: every private commercial form of the Civil Code but the joint-stock company; each prints with its own abbreviation, and no abbreviation makes a taken name new', () => {
    expect([...LEGAL_FORMS].sort()).toEqual(
      [
        'additional-liability-partnership',
        'full-partnership',
        'limited-liability-partnership',
        'limited-partnership',
        'production-cooperative',
      ].sort(),
    );
    expect(LEGAL_FORMS).not.toContain('joint-stock-company');
    expect(LEGAL_FORMS.map((f) => nameWithLegalForm('Dala', f).ru)).toEqual([
      'ТОО «Dala»',
      'ТДО «Dala»',
      'ПТ «Dala»',
      'КТ «Dala»',
      'ПК «Dala»',
    ]);
    expect(LEGAL_FORMS.map((f) => nameWithLegalForm('Dala', f).kk)).toEqual([
      'ЖШС «Dala»',
      'ҚЖС «Dala»',
      'ТС «Dala»',
      'СС «Dala»',
      'ӨК «Dala»',
    ]);
    for (const f of LEGAL_FORMS) {
      expect(normalizeLegalEntityName(nameWithLegalForm('Altyn  Dala', f).ru)).toBe('altyn dala');
      expect(normalizeLegalEntityName(nameWithLegalForm('Altyn Dala', f).kk)).toBe('altyn dala');
    }
    expect(normalizeLegalEntityName('АО «Altyn Dala»')).toBe('altyn dala');
  });
});
