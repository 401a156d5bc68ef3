/**
 * Seed 000 — state registration of an SME legal entity through the portal with biometric verification
 * (joint order No. 749 / 497/НҚ of October 2023, algorithm ¶1–¶13). Pure and deterministic: imported by
 * the workflow and the API module. Every number from the seed is cited and pinned in
 * test/domain/sme-registration.test.ts; every number that is ours, not the seed's, says so.
 */
import { embeddedCalendar, type BusinessCalendar, type CalendarData } from '../../domain/calendar';
import { mrpTenge } from '../../domain/fees';
export { normalizeLegalEntityName } from '../../domain/legal-entity-name';

export const SME_SERVICE_CODE = 'sme-registration';

/** seed 000 ¶4: registration is done "within one hour" of the electronic application. */
export const REGISTRATION_TERM_HOURS = 1;

/**
 * Ours, not the seed's: the case is flagged at risk 45 minutes into the hour (75 %), early enough for
 * an operator to look at a stalled outside system before the hour of ¶4 runs out.
 */
export const AT_RISK_AFTER_MINUTES = 45;

/**
 * Ours, not the seed's: how long the case waits for the applicant at each of the three points where
 * the applicant must act — choosing another bank after a refusal (¶3), paying the invoice (¶5.9) and
 * collecting every signature (¶5.10). The seed sets no window; 15 minutes each keeps all three waits
 * together (45 min) inside the hour of ¶4.
 */
export const BANK_CHOICE_WINDOW_MINUTES = 15;
export const PAYMENT_WINDOW_MINUTES = 15;
export const SIGNING_WINDOW_MINUTES = 15;

/**
 * seed 000 ¶5.9 names the payment of the state-registration fee as a step; the Tax Code's zero rate for
 * the state registration of legal entities of small and medium entrepreneurship applies to every entity
 * this service registers (regulations.md, seed 000), so nothing is invoiced and the case needs no MRP.
 * The case records the fee, its rate and this source.
 */
export const STATE_REGISTRATION_FEE = {
  amountTenge: 0,
  rate: 'zero',
  source: 'Tax Code: zero rate of the fee for state registration of legal entities of small and medium entrepreneurship (seed 000 ¶5.9)',
} as const;

/**
 * What cases submitted before the zero rate was applied were invoiced (6.5 MRP at the MRP of the
 * submission year). Only their recorded histories take this path (patch 'sme-zero-rate-fee').
 */
export const PRE_ZERO_RATE_FEE_MRP = 6.5;

/** The pre-zero-rate invoice amount in whole tenge (cases started before the patch only). */
export function preZeroRateFeeTenge(at: Date): number {
  return Math.round(PRE_ZERO_RATE_FEE_MRP * mrpTenge(at));
}

/** seed 000 ¶5.4: the registration type offered by the pilot. */
export const REGISTRATION_TYPES = ['notification-of-start-of-entrepreneurial-activity'] as const;
export type RegistrationType = (typeof REGISTRATION_TYPES)[number];

/**
 * seed 000 ¶4: private-entrepreneurship legal entities except joint-stock companies. The pilot's portal
 * form covers the partnership forms; a joint-stock company is refused at the schema.
 */
export const LEGAL_FORMS = ['limited-liability-partnership', 'additional-liability-partnership'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** Shares are kept in hundredths of a percent so that "sum to 100 %" is exact integer arithmetic. */
export const FULL_SHARE_HUNDREDTHS = 10_000;

export interface Person {
  /** 12-digit individual identification number (ЖСН/ИИН). */
  iin: string;
  fullName: string;
}

export interface Founder extends Person {
  /** Share in the charter capital, percent with at most two decimals (¶5.5 "founders"). */
  sharePercent: number;
}

export interface Address {
  region: string;
  locality: string;
  street: string;
  building: string;
  office?: string;
  postalCode: string;
}

export interface BankChoice {
  /** BIC of the second-tier bank (¶5.7 "choose bank"). */
  bankCode: string;
  /** ¶5.7 "and the bank's branch". */
  branchCode: string;
}

export interface ExecutiveBody {
  /** ¶5.7 "data on the executive body": a sole executive (director) or a collegial board. */
  kind: 'sole' | 'collegial';
  members: Array<Person & { position: string }>;
}

export type InsuranceChoice =
  /** ¶5.8: the insurer for compulsory accident insurance of employees. */
  | { kind: 'accident-insurance'; insurerCode: string }
  /** ¶3: the founders run the business without hiring employees → no insurance step. */
  | { kind: 'no-employees'; declaration: true };

export interface SmeRegistrationApplication {
  registrationType: RegistrationType;
  /** ¶5.1: the person authorized on the portal who files the application; signs at ¶5.10. */
  applicant: Person;
  legalEntity: { name: string; legalForm: LegalForm; address: Address };
  /** ¶5.5 "the head (manager)". */
  head: Person & { position: string };
  /** ¶5.5 "the founders"; each signs at ¶5.10. */
  founders: Founder[];
  bank: BankChoice;
  executiveBody: ExecutiveBody;
  insurance: InsuranceChoice;
}

/** The workflow's single argument (services/sme-registration/api.ts builds it). */
export interface SmeRegistrationWorkflowInput {
  applicationId: string;
  /** ANCN of the application document. */
  ancn: string;
  /** ISO 8601: the moment the complete electronic application arrived (¶4 counts from it). */
  submittedAt: string;
  application: SmeRegistrationApplication;
  /** The calendar version current when the case was submitted (absent: the embedded one). */
  calendar?: CalendarData;
}

export interface SmeTermPlan {
  submittedAt: Date;
  /** ¶4 counts from the electronic application itself: the portal takes it 24/7, no working-day shift. */
  registeredAt: Date;
  milestones: Array<{ name: string; dueAt: Date; regulation: string }>;
  dueAt: Date;
  atRiskAt: Date;
  calendarVersion: string;
}

/** The one-hour term of ¶4, as the API shows it before applying and as the workflow tracks it. */
export function planSmeRegistration(submittedAt: Date, cal: BusinessCalendar = embeddedCalendar): SmeTermPlan {
  const dueAt = cal.addHours(submittedAt, REGISTRATION_TERM_HOURS);
  const atRiskAt = new Date(submittedAt.getTime() + AT_RISK_AFTER_MINUTES * 60_000);
  return {
    submittedAt,
    registeredAt: submittedAt,
    milestones: [{ name: 'state-registration', dueAt, regulation: 'seed 000 ¶4' }],
    dueAt,
    atRiskAt,
    calendarVersion: cal.version,
  };
}

/**
 * Who signs at ¶5.10: "the applicants and the founders", each once, the applicant first. A founder who
 * files the application personally signs once, not twice.
 */
export function requiredSigners(app: SmeRegistrationApplication): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const p of [app.applicant, ...app.founders]) {
    if (seen.has(p.iin)) continue;
    seen.add(p.iin);
    out.push({ iin: p.iin, fullName: p.fullName });
  }
  return out;
}

/** Shares of all founders in hundredths of a percent (rounded, since 33.33 is not exact in binary). */
export function totalShareHundredths(founders: Array<{ sharePercent: number }>): number {
  return founders.reduce((s, f) => s + Math.round(f.sharePercent * 100), 0);
}

/** IIN masked for status messages: the first six digits (birth date) and the last two. */
export function maskIin(iin: string): string {
  return iin.length === 12 ? `${iin.slice(0, 6)}****${iin.slice(10)}` : '************';
}

/** The end of an applicant's window that opens at `from` (pure: used inside the workflow). */
export function windowEnd(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}
