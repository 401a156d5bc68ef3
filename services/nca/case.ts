/**
 * Seed 002 as the two cases see it (workflow-safe: no Node builtins, no I/O): who provides, the
 * 1-working-day term, the application bodies and the workflows' inputs. The intake rules themselves are
 * in ./rules.ts and ./intake.ts (the latter reads CSRs, so only activities call it).
 */
import { embeddedCalendar, type BusinessCalendar, type CalendarData } from '../../domain/calendar';
import type { IssueForm, RevocationForm } from './forms';
import { RESULT_TERM_WORKING_DAYS, type ApplicantCategory, type DocumentKind } from './rules';

/** The provider: RSE "State Technical Service" (seed 002 ¶2), which runs the NCA. */
export const NCA_LICENSOR_BODY = 'sts';

export interface NcaPlan {
  submittedAt: Date;
  registeredAt: Date;
  dueAt: Date;
  atRiskAt: Date;
  calendarVersion: string;
}

/**
 * seed 002 ¶4(1): the result within 1 working day of handing in the package. Ours: counted from the moment
 * of handing in (no next-working-day registration as in seed 003 ¶9), as working time of the calendar.
 */
export function planNcaCase(submittedAt: Date, cal: BusinessCalendar = embeddedCalendar): NcaPlan {
  const dueAt = cal.addWorkingDays(submittedAt, RESULT_TERM_WORKING_DAYS);
  // Ours: at risk once half the working day is gone.
  const atRiskAt = cal.addWorkingTime(submittedAt, cal.workingTimeBetween(submittedAt, dueAt) / 2);
  return { submittedAt, registeredAt: submittedAt, dueAt, atRiskAt, calendarVersion: cal.version };
}

/** The package handed in (seed 002 ¶9), without the submission date: the case takes it from submittedAt. */
export interface NcaIssuePackage {
  category: ApplicantCategory;
  form: IssueForm;
  handedIn: DocumentKind[];
  representative: boolean;
  headForThemself?: boolean;
  consentToProtectedData: boolean;
  treasuryAgreementSignedOn?: string;
  provenDomains?: string[];
}

export interface NcaIssueApplication {
  package: NcaIssuePackage;
  /** Forms A2/A6 carry no key: the keys the signing and authentication certificates certify (PEM "PUBLIC KEY"). */
  publicKeys?: { signing: string; authentication: string };
  /** seed 002 ¶9: a portal repeat application, signed with the applicant's currently valid NCA certificate (XMLDSig). */
  signedRequest?: string;
}

export interface NcaRevokeApplication {
  form: RevocationForm;
  reason: 'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation';
  signedRequest?: string;
}

/** Where the package came from: the portal (repeat application, signed) or the provider's counter (staff). */
export type NcaChannel =
  | { kind: 'portal' }
  | { kind: 'provider-counter'; employee: string }
  /** seed 002 ¶3(2): handed in at a State Corporation branch; the result is handed over there (¶8(2)). */
  | { kind: 'state-corporation'; branchId: string; operator: string };

/** Who handed the package in, for the case's audit trail. */
export function channelActor(c: NcaChannel): string {
  return c.kind === 'portal' ? 'portal' : c.kind === 'provider-counter' ? c.employee : c.operator;
}

export interface NcaIssueInput {
  applicationId: string;
  ancn: string;
  serviceCode: string;
  submittedAt: string;
  application: NcaIssueApplication;
  channel: NcaChannel;
  calendar?: CalendarData;
}

export interface NcaRevokeInput {
  applicationId: string;
  ancn: string;
  serviceCode: string;
  submittedAt: string;
  application: NcaRevokeApplication;
  channel: NcaChannel;
  calendar?: CalendarData;
}

/** The holder named by an issue form: the IIN of the person, the BIN of the organisation (A2, A5, A6). */
export function issueHolder(form: IssueForm): { iin: string; bin?: string } {
  if (form.form === 'A2' || form.form === 'A6') return { iin: form.employee.iin, bin: form.bin };
  if (form.form === 'A5') return { iin: form.iin, bin: form.bin };
  return { iin: form.iin };
}

/** The holder named by a revocation form: A7 the individual, A8 the organisation (and its employee). */
export function revocationHolder(form: RevocationForm): { iin?: string; bin?: string } {
  return form.form === 'A7' ? { iin: form.iin } : { bin: form.bin };
}

/** Which key each certificate certifies (seed 002 ¶6): A1 its two keys, A4/A5 the PKCS#10, A2/A6 the body's keys. */
export function keysToCertify(app: NcaIssueApplication): Array<{ profile: 'signing' | 'authentication' | 'ssl'; key: string }> | string {
  const f = app.package.form;
  if (f.form === 'A1')
    return [
      { profile: 'signing', key: f.signaturePublicKey },
      { profile: 'authentication', key: f.authenticationPublicKey },
    ];
  if (f.form === 'A4' || f.form === 'A5') return [{ profile: 'ssl', key: f.pkcs10 }];
  if (!app.publicKeys) return `form ${f.form} carries no key: publicKeys.signing and publicKeys.authentication are required`;
  return [
    { profile: 'signing', key: app.publicKeys.signing },
    { profile: 'authentication', key: app.publicKeys.authentication },
  ];
}
