/**
 * A duplicate of the license to manufacture the State Flag and the State Emblem (seed 004 ¶3.14, ¶13.5:
 * "duplicate" is one of the permit operations of the register), decided in automatic mode (seed 004
 * ¶18-1: no staff; the result signed with the system owner's transport signature).
 *
 * What the regulations give and what they do not:
 *  - the licensor body is the CTRM, as for the license (seed 003 ¶3);
 *  - the checks are those the system makes on every electronic application (seed 004 ¶21): the applicant
 *    exists in the state databases (¶21(1)), the data given (the license) exist in the register (¶21(4));
 *    the register's transition table says from which statuses a duplicate is allowed;
 *  - NO term and NO fee for a duplicate are stated in the regulations we have. The numbers below are
 *    OURS, NOT THE REGULATION'S, and are marked so wherever they appear (catalogue, plan, docs, tests).
 * Pure and deterministic: imported by the workflow, the API module and the term calculator.
 */
import { z } from 'zod';
import { embeddedCalendar, type BusinessCalendar } from '../../domain/calendar';
import {
  ApplicantIdSchema,
  FLAG_EMBLEM_LICENSE_DESCRIPTOR,
  LicenseAncnSchema,
  LICENSOR_BODY,
  REGULATION as SEED_003,
} from './license-rules';
import { PERMIT_TRANSITIONS } from '../../register/transitions';
import type { ServiceCode, ServiceDescriptor } from '../../domain/services';

export const DUPLICATE_SERVICE_CODE = 'flag-emblem-license-duplicate' as const satisfies ServiceCode;
export const REGULATION = `Seed 004: Order No. 232 of 2016-10-29 (reg. No. 14483) ¶3.14, ¶13.5, ¶18-1, ¶21; the license: ${SEED_003}`;
export { LICENSOR_BODY };

/** The license services whose permits this service duplicates. */
export const DUPLICABLE_SERVICES: readonly ServiceCode[] = ['flag-emblem-license', 'flag-emblem-license-reissue'];

/** Why a duplicate is asked for. */
export const DUPLICATE_REASONS = ['lost', 'damaged'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/**
 * The term: OURS, NOT THE REGULATION'S. The automatic decision (¶18-1) is made at once; as a
 * service-level target we give it 1 working day counted like the other services' terms, from the moment
 * the application counts as filed (seed 004 ¶23: its acceptance in the body's working hours).
 */
export const DUPLICATE_TERM_WORKING_DAYS = 1;
export const DUPLICATE_TERM_SOURCE =
  "ours, not the regulation's: a service-level target; seed 004 ¶18-1 decides at once and no term is stated for a duplicate";

/** The fee: OURS, NOT THE REGULATION'S — none is charged by this service; the regulations we have state none. */
export const DUPLICATE_FEE_NOTE =
  "ours, not the regulation's: no fee is charged by this service; the regulations state none for a duplicate";

// ---------------------------------------------------------------------------------------------------
// The application.

export const DuplicateApplicationSchema = z.object({
  /** Who applies; names and registration come from the state databases (seed 003 ¶7, seed 004 ¶21(1)). */
  applicant: ApplicantIdSchema,
  /** The license to duplicate: its ANCN (type PRM), as printed on it. */
  licenseAncn: LicenseAncnSchema,
  reason: z.enum(DUPLICATE_REASONS),
});
export type DuplicateApplication = z.infer<typeof DuplicateApplicationSchema>;

// ---------------------------------------------------------------------------------------------------
// The plan.

export interface DuplicatePlan {
  submittedAt: Date;
  /** seed 004 ¶23: counts as filed from its acceptance in working hours (the decision does not wait for it). */
  registeredAt: Date;
  /** The start of the due day: a case still open then is at risk (ours). */
  atRiskAt: Date;
  /** OURS: 1 working day from registeredAt. */
  dueAt: Date;
  calendarVersion: string;
}

export function planFlagEmblemLicenseDuplicate(submittedAt: Date, cal: BusinessCalendar = embeddedCalendar): DuplicatePlan {
  const registeredAt = cal.registrationMoment(submittedAt);
  const dueAt = cal.addWorkingDays(registeredAt, DUPLICATE_TERM_WORKING_DAYS);
  return { submittedAt, registeredAt, atRiskAt: cal.startOfWorkingDay(cal.localDateOf(dueAt)), dueAt, calendarVersion: cal.version };
}

// ---------------------------------------------------------------------------------------------------
// The automatic checks (seed 004 ¶18-1, ¶21): each failed one is a ground in words with its paragraph.

export interface DuplicateCheckFacts {
  applicant: { kind: 'individual' | 'legal-entity'; iinOrBin: string };
  /** What the state databases know of the applicant (null: not there). */
  profile: { status: string } | null;
  licenseAncn: string;
  /** The license as the register of permits holds it (null: not there). */
  permit: { ancn: string; serviceCode: string; holderRef: string; status: string } | null;
}

export function duplicateRefusalGrounds(f: DuplicateCheckFacts): string[] {
  const grounds: string[] = [];
  const db = f.applicant.kind === 'individual' ? 'individuals' : 'legal-entities';
  if (!f.profile) grounds.push(`the applicant ${f.applicant.iinOrBin} is not in the ${db} state database (seed 004 ¶21(1))`);
  else if (f.profile.status !== 'active')
    grounds.push(`the ${db} state database reports the applicant ${f.applicant.iinOrBin} as ${f.profile.status} (seed 004 ¶21(1))`);

  const p = f.permit;
  const duplicate = PERMIT_TRANSITIONS.duplicate;
  if (!p) grounds.push(`license ${f.licenseAncn} is not in the register of permits (seed 004 ¶21(4))`);
  // Someone else's license: say nothing more about it (its service, its status are the holder's business).
  else if (p.holderRef !== f.applicant.iinOrBin)
    grounds.push(
      `license ${p.ancn} is not held by the applicant ${f.applicant.iinOrBin}: a duplicate is issued only to the holder (seed 004 ¶13.5, ¶21(4))`,
    );
  else if (!DUPLICABLE_SERVICES.includes(p.serviceCode)) {
    grounds.push(
      `${p.ancn} is not a license to manufacture the State Flag and the State Emblem (seed 003 ¶12); this service duplicates only those (seed 004 ¶21(4))`,
    );
  } else if (!(duplicate.from as readonly string[]).includes(p.status)) {
    grounds.push(
      `license ${p.ancn} is ${p.status}: a duplicate is issued only of a license that is ${duplicate.from.join(' or ')} (${duplicate.regulation}: the register's duplicate operation)`,
    );
  }
  return grounds;
}

// ---------------------------------------------------------------------------------------------------
// The catalogue entry.

export const FLAG_EMBLEM_LICENSE_DUPLICATE_DESCRIPTOR: ServiceDescriptor = {
  code: DUPLICATE_SERVICE_CODE,
  name: {
    kk: `${FLAG_EMBLEM_LICENSE_DESCRIPTOR.name.kk} (лицензияның телнұсқасы)`,
    ru: `${FLAG_EMBLEM_LICENSE_DESCRIPTOR.name.ru} (дубликат лицензии)`,
    en: `${FLAG_EMBLEM_LICENSE_DESCRIPTOR.name.en} (duplicate)`,
  },
  licensorBody: LICENSOR_BODY,
  term: { kind: 'working-days', days: DUPLICATE_TERM_WORKING_DAYS, regulation: DUPLICATE_TERM_SOURCE },
  fee: { kind: 'free', note: DUPLICATE_FEE_NOTE },
  channels: ['portal'],
  regulation: REGULATION,
};
