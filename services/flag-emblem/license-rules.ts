/**
 * Seed 003 — license to manufacture the State Flag and the State Emblem (Order No. 166-НҚ of 2020-05-18,
 * reg. No. 20667): the regulation's numbers, its refusal grounds, the Annex 1 form and the term plan.
 * Pure and deterministic: imported by the workflow, the API module and the term calculator.
 */
import { z } from 'zod';
import { embeddedCalendar, localDateOf, type BusinessCalendar } from '../../domain/calendar';
import { isValidAncn, normaliseAncn } from '../../domain/ancn';
import { FEE_MRP } from '../../domain/fees';
import { IinOrBinSchema } from '../../domain/identification-number';
import type { ServiceDescriptor, ServiceCode, TermSuspension } from '../../domain/services';

export const REGULATION = 'Seed 003: Order No. 166-НҚ of 2020-05-18 (reg. No. 20667)';
export const LICENSOR_BODY = 'ctrm' as const;
export const LICENSED_ACTIVITY = 'Manufacture of the State Flag and the State Emblem of the Republic of Kazakhstan';

/** The regulation's terms, every one in working days. */
export const TERMS = {
  /** seed 003 ¶10: completeness check within 1 working day of registration (¶11: refusal to consider within it). */
  completenessCheckWorkingDays: 1,
  /** seed 003 ¶10: the territorial unit visits within 2 working days of registration. */
  siteVisitWorkingDays: 2,
  /** seed 003 ¶12, Annex 2 item 3: 7 working days for issuing and for re-issuing the license. */
  termWorkingDays: 7,
  /** seed 003 ¶12-1: the preliminary decision goes out no later than 3 working days before the term ends. */
  preliminaryDecisionWorkingDaysBeforeDue: 3,
  /** seed 003 ¶12-1: the applicant may object within 2 working days of receiving it. */
  objectionWorkingDays: 2,
} as const;

/**
 * seed 004 ¶39.9 allows suspending the term while an approving body answers only where the service's own
 * legislation provides it; seed 003 provides none (issue and re-issue alike). The request is still sent and
 * its answer awaited, inside the 7 working days of ¶12: no suspension or resumption notice, dueAt stays.
 */
export const TERM_SUSPENSION: TermSuspension = {
  whileApprovingBodyAnswers: false,
  regulation: 'seed 003 (no suspension provided); seed 004 ¶39.9',
};

/**
 * seed 003 ¶13 / Annex 2 item 9: the seven grounds for refusing the license. A refusal cites one or more
 * of these codes; `item` is the number in Annex 2 item 9.
 */
export const REFUSAL_GROUNDS = [
  'activity-prohibited-for-applicant-category',
  'license-fee-not-paid',
  'qualification-requirements-not-met',
  'approving-body-negative-answer',
  'court-decision-suspends-or-prohibits-activity',
  'court-temporarily-prohibits-issuing-license',
  'false-documents-or-data',
] as const;
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number];
export const RefusalGroundSchema = z.enum(REFUSAL_GROUNDS);

export const REFUSAL_GROUND_TEXT: Record<RefusalGround, { item: number; en: string }> = {
  // Annex 2 item 9(1), in full as in the Kazakh original ("...шетелдік заңды тұлғаның филиалы үшін...").
  'activity-prohibited-for-applicant-category': {
    item: 1,
    en: 'the laws of the Republic of Kazakhstan prohibit this category of individuals or legal entities, or a branch of a foreign legal entity whose subject of activity is financial services, from engaging in the activity',
  },
  'license-fee-not-paid': { item: 2, en: 'the license fee has not been paid' },
  'qualification-requirements-not-met': { item: 3, en: 'the applicant does not meet the qualification requirements' },
  'approving-body-negative-answer': {
    item: 4,
    en: 'the licensor received an answer from the approving state body that the applicant does not meet the licensing requirements',
  },
  'court-decision-suspends-or-prohibits-activity': {
    item: 5,
    en: "a court decision (sentence) in force suspends or prohibits the applicant's licensed activity",
  },
  'court-temporarily-prohibits-issuing-license': {
    item: 6,
    en: "a court, on a bailiff's motion, has temporarily prohibited issuing the applicant a license",
  },
  'false-documents-or-data': { item: 7, en: 'the documents or data submitted for the license were found to be false' },
};

/** seed 003 ¶11: why the request is not considered further. */
export const REFUSAL_TO_CONSIDER_REASONS = ['incomplete-package', 'expired-documents'] as const;
export type RefusalToConsiderReason = (typeof REFUSAL_TO_CONSIDER_REASONS)[number];

// ---------------------------------------------------------------------------------------------------
// Identity: IIN/BIN (domain/identification-number.ts). seed 003 ¶7: the data behind it come from the
// state databases through the e-gov gateway, never from the applicant.

export const ApplicantIdSchema = z.object({
  kind: z.enum(['individual', 'legal-entity']).describe('individual (incl. sole proprietor) → IIN; legal entity → BIN'),
  iinOrBin: IinOrBinSchema,
});
export type ApplicantId = z.infer<typeof ApplicantIdSchema>;

// ---------------------------------------------------------------------------------------------------
// seed 003 Annex 1: information on conformity with the qualification requirements (the 2023 wording:
// item 8 was deleted by order No. 124-НҚ of 2023-03-30).

const isoDate = z.iso.date();
const text = z.string().trim().min(1).max(500);

/** Annex 1 footnote *: when the applicant does not own the premises or the equipment, the lease agreement. */
const LeaseAgreementSchema = z.object({
  number: text,
  date: isoDate,
  lessor: text,
  validUntil: isoDate,
});

const OwnershipSchema = z.discriminatedUnion('ownership', [
  z.object({ ownership: z.literal('owned') }),
  z.object({ ownership: z.literal('leased'), leaseAgreement: LeaseAgreementSchema }),
]);

/** A test report of an accredited laboratory against ҚР СТ 989 (Annex 1 items 6 and 7). */
const TestReportSchema = z.object({
  number: text,
  date: isoDate,
  laboratory: text,
  accreditationCertificate: text,
  standard: z.literal('ҚР СТ 989'),
  result: z.enum(['positive', 'negative']),
});

export const ANNEX1_REQUIREMENTS = [
  'standardization-documents', // item 1
  'production-base', // item 2
  'technological-equipment', // item 3
  'measuring-instruments-and-colour-atlas', // item 4
  'calibration-certificates', // item 5
  'emblem-master-models', // item 6
  'production-reference-samples', // item 7
] as const;
export type Annex1Requirement = (typeof ANNEX1_REQUIREMENTS)[number];
export const Annex1RequirementSchema = z.enum(ANNEX1_REQUIREMENTS);

export const Annex1FormSchema = z
  .object({
    /** Item 1: standardization documents, name and number. */
    standardizationDocuments: z.array(z.object({ name: text, number: text })).min(1),
    /** Item 2*: the production and technological base. */
    productionBase: z.object({ address: text, description: text }).and(OwnershipSchema),
    /** Item 3*: technological equipment. */
    technologicalEquipment: z.array(z.object({ name: text }).and(OwnershipSchema)).min(1),
    /** Item 4: measuring and control instruments, and the colour atlas. */
    measuringInstruments: z.array(z.object({ name: text, serialNumber: text })).min(1),
    colourAtlas: z.object({ name: text }),
    /** Item 5: calibration / metrological certification certificates. */
    calibrationCertificates: z
      .array(
        z.object({
          instrumentSerialNumber: text,
          number: text,
          issuedOn: isoDate,
          issuedBy: text,
          validUntil: isoDate,
        }),
      )
      .min(1),
    /** Item 6: the Emblem's master model of each standard size made, with a positive ҚР СТ 989 test report. */
    emblemMasterModels: z.array(z.object({ sizeMm: z.number().int().positive(), testReport: TestReportSchema })).min(1),
    /** Item 7: the production reference sample of each size made, with a positive ҚР СТ 989 test report. */
    productionReferenceSamples: z.array(z.object({ sizeMm: z.number().int().positive(), testReport: TestReportSchema })).min(1),
  })
  .superRefine((f, ctx) => {
    // Every instrument needs its certificate (items 4–5); each size needs both model and sample (items 6–7).
    const certified = new Set(f.calibrationCertificates.map((c) => c.instrumentSerialNumber));
    f.measuringInstruments.forEach((m, i) => {
      if (!certified.has(m.serialNumber)) {
        ctx.addIssue({
          code: 'custom',
          path: ['measuringInstruments', i, 'serialNumber'],
          message: `no calibration certificate for instrument ${m.serialNumber} (Annex 1 item 5)`,
        });
      }
    });
    const modelSizes = new Set(f.emblemMasterModels.map((m) => m.sizeMm));
    const sampleSizes = new Set(f.productionReferenceSamples.map((s) => s.sizeMm));
    f.emblemMasterModels.forEach((m, i) => {
      if (!sampleSizes.has(m.sizeMm)) {
        ctx.addIssue({
          code: 'custom',
          path: ['emblemMasterModels', i, 'sizeMm'],
          message: `no production reference sample for size ${m.sizeMm} mm (Annex 1 item 7)`,
        });
      }
    });
    f.productionReferenceSamples.forEach((s, i) => {
      if (!modelSizes.has(s.sizeMm)) {
        ctx.addIssue({
          code: 'custom',
          path: ['productionReferenceSamples', i, 'sizeMm'],
          message: `no master model for size ${s.sizeMm} mm (Annex 1 item 6)`,
        });
      }
    });
  });
export type Annex1Form = z.infer<typeof Annex1FormSchema>;

export interface FormFinding {
  requirement: Annex1Requirement | 'applicant-identity' | 'license-to-reissue';
  issue: 'expired' | 'negative-test-report' | 'not-found' | 'not-valid';
  message: string;
}

/**
 * What the employee's completeness check (¶10–¶11) should look at first: documents already expired on
 * the registration day and negative test reports. A hint for the employee, who still decides.
 */
export function precheckAnnex1(form: Annex1Form, registeredAt: Date): FormFinding[] {
  const day = localDateOf(registeredAt);
  const findings: FormFinding[] = [];
  const lease = (
    requirement: Annex1Requirement,
    o: { ownership: 'owned' } | { ownership: 'leased'; leaseAgreement: { number: string; validUntil: string } },
  ): void => {
    if (o.ownership === 'leased' && o.leaseAgreement.validUntil < day) {
      findings.push({
        requirement,
        issue: 'expired',
        message: `lease agreement ${o.leaseAgreement.number} expired on ${o.leaseAgreement.validUntil}`,
      });
    }
  };
  lease('production-base', form.productionBase);
  form.technologicalEquipment.forEach((e) => lease('technological-equipment', e));
  for (const c of form.calibrationCertificates) {
    if (c.validUntil < day)
      findings.push({
        requirement: 'calibration-certificates',
        issue: 'expired',
        message: `certificate ${c.number} expired on ${c.validUntil}`,
      });
  }
  for (const [requirement, items] of [
    ['emblem-master-models', form.emblemMasterModels],
    ['production-reference-samples', form.productionReferenceSamples],
  ] as const) {
    for (const m of items) {
      if (m.testReport.result !== 'positive') {
        findings.push({
          requirement,
          issue: 'negative-test-report',
          message: `test report ${m.testReport.number} for ${m.sizeMm} mm is not positive`,
        });
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// Re-issue (¶12: same 7-working-day term; Annex 2 item 6(2): fee 1 MRP).

export const REISSUE_REASONS = [
  'holder-renamed',
  'holder-reorganized',
  'holder-address-changed',
  'production-base-address-changed',
] as const;
export const ReissueReasonSchema = z.enum(REISSUE_REASONS);

/** A license's ANCN (seed 004 appendix), normalised (spaces removed, upper case), check digits verified. */
export const LicenseAncnSchema = z
  .string()
  .refine(isValidAncn, 'must be a valid ANCN (seed 004 appendix), e.g. KZ58PRM00000042')
  .transform(normaliseAncn)
  .refine((a) => a.slice(4, 7) === 'PRM', 'must be the ANCN of a permit (document type PRM)');

/** What the applicant files for a re-issue: the license to re-issue, why, and the current Annex 1 data. */
export const ReissueDetailsSchema = z.object({ previousPermitAncn: LicenseAncnSchema, reason: ReissueReasonSchema });
export type ReissueDetails = z.infer<typeof ReissueDetailsSchema>;

// ---------------------------------------------------------------------------------------------------
// The term plan.

export interface FlagEmblemPlan {
  submittedAt: Date;
  /** seed 003 ¶9: the day it arrives; after hours, weekends and holidays → the next working day. */
  registeredAt: Date;
  /** seed 003 ¶10–¶11: 1 working day from registration. */
  completenessCheckBy: Date;
  /** seed 003 ¶10: 2 working days from registration. */
  siteVisitBy: Date;
  /** seed 003 ¶12-1: no later than 3 working days before dueAt. */
  preliminaryDecisionBy: Date;
  /** seed 003 ¶12: 7 working days from registration. */
  dueAt: Date;
  calendarVersion: string;
}

/** The plan with the calendar version the case uses (the API: the current published one; a case: its own). */
export function planFlagEmblemLicense(submittedAt: Date, cal: BusinessCalendar = embeddedCalendar): FlagEmblemPlan {
  const registeredAt = cal.registrationMoment(submittedAt);
  const dueAt = cal.addWorkingDays(registeredAt, TERMS.termWorkingDays);
  return {
    submittedAt,
    registeredAt,
    completenessCheckBy: cal.addWorkingDays(registeredAt, TERMS.completenessCheckWorkingDays),
    siteVisitBy: cal.addWorkingDays(registeredAt, TERMS.siteVisitWorkingDays),
    preliminaryDecisionBy: cal.workingDaysBefore(dueAt, TERMS.preliminaryDecisionWorkingDaysBeforeDue),
    dueAt,
    calendarVersion: cal.version,
  };
}

/**
 * seed 003 ¶12-1: the last moment of the objection window opened by a preliminary decision received at
 * `receivedAt`. `applicantDay`: the window binds the applicant, who acts through the 24/7 portal, so it
 * ends at 23:59:59 of its last working day (issue 11 deviation 4); cases started before that rule keep 18:30.
 */
export function objectionWindowEnd(receivedAt: Date, cal: BusinessCalendar = embeddedCalendar, applicantDay = true): Date {
  return applicantDay
    ? cal.addWorkingDaysForApplicant(receivedAt, TERMS.objectionWorkingDays)
    : cal.addWorkingDays(receivedAt, TERMS.objectionWorkingDays);
}

/** The plan as the API's TermPlan (milestones in the order the case meets them). */
export function planMilestones(p: FlagEmblemPlan): Array<{ name: string; dueAt: Date; regulation: string }> {
  return [
    { name: 'completenessCheckBy', dueAt: p.completenessCheckBy, regulation: 'seed 003 ¶10, ¶11' },
    { name: 'siteVisitBy', dueAt: p.siteVisitBy, regulation: 'seed 003 ¶10' },
    { name: 'preliminaryDecisionBy', dueAt: p.preliminaryDecisionBy, regulation: 'seed 003 ¶12-1' },
    { name: 'dueAt', dueAt: p.dueAt, regulation: 'seed 003 ¶12' },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The catalogue entries.

const NAME = {
  kk: 'Қазақстан Республикасының Мемлекеттік Туын және Мемлекеттік Елтаңбасын жасау жөніндегі қызметті жүзеге асыруға лицензия беру',
  ru: 'Выдача лицензии на осуществление деятельности по изготовлению Государственного Флага и Государственного Герба Республики Казахстан',
  en: 'License to manufacture the State Flag and the State Emblem of the Republic of Kazakhstan',
};

function descriptor(code: ServiceCode, suffix: { kk: string; ru: string; en: string }): ServiceDescriptor {
  const fee = FEE_MRP[code];
  if (!fee) throw new Error(`no fee for ${code} in domain/fees.ts`);
  return {
    code,
    name: { kk: NAME.kk + suffix.kk, ru: NAME.ru + suffix.ru, en: NAME.en + suffix.en },
    licensorBody: LICENSOR_BODY,
    term: { kind: 'working-days', days: TERMS.termWorkingDays, regulation: 'seed 003 ¶12' },
    fee: { kind: 'mrp', mrp: fee.mrp, regulation: fee.regulation },
    channels: ['portal'],
    regulation: REGULATION,
  };
}

export const FLAG_EMBLEM_LICENSE_DESCRIPTOR = descriptor('flag-emblem-license', { kk: '', ru: '', en: '' });
export const FLAG_EMBLEM_LICENSE_REISSUE_DESCRIPTOR = descriptor('flag-emblem-license-reissue', {
  kk: ' (лицензияны қайта ресімдеу)',
  ru: ' (переоформление лицензии)',
  en: ' (re-issue)',
});

// ---------------------------------------------------------------------------------------------------
// Staff and applicant actions (the API's request bodies; the workflow's Update validators re-check them
// with the same schemas, plus the stage and who acts).

export const CompletenessCheckSchema = z
  .object({
    complete: z.boolean(),
    /** seed 003 ¶11: what is missing or expired, per Annex 1 requirement. */
    findings: z
      .array(
        z.object({
          requirement: z.union([Annex1RequirementSchema, z.enum(['applicant-identity', 'license-to-reissue'])]),
          reason: z.enum(REFUSAL_TO_CONSIDER_REASONS),
          note: z.string().trim().min(1).max(1000),
        }),
      )
      .default([]),
  })
  .superRefine((c, ctx) => {
    if (!c.complete && c.findings.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['findings'],
        message: 'an incomplete package needs at least one finding: what is missing or expired (seed 003 ¶11)',
      });
    if (c.complete && c.findings.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['findings'],
        message: 'a complete package has no missing or expired documents: remove the findings or set complete to false',
      });
  });
export type CompletenessCheck = z.infer<typeof CompletenessCheckSchema>;

export const SiteInspectionSchema = z
  .object({
    inspector: z.object({ fullName: text, position: text, territorialUnit: text }),
    visitedOn: isoDate,
    /** seed 003 ¶10: conformity with each qualification requirement (Annex 1 items 1–7). */
    findings: z
      .array(z.object({ requirement: Annex1RequirementSchema, conforms: z.boolean(), note: z.string().trim().max(2000).default('') }))
      .min(1),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.findings.forEach((f, i) => {
      if (seen.has(f.requirement))
        ctx.addIssue({ code: 'custom', path: ['findings', i, 'requirement'], message: `${f.requirement} is listed twice` });
      seen.add(f.requirement);
      if (!f.conforms && f.note.length === 0)
        ctx.addIssue({ code: 'custom', path: ['findings', i, 'note'], message: `say why ${f.requirement} does not conform` });
    });
    const missing = ANNEX1_REQUIREMENTS.filter((r) => !seen.has(r));
    if (missing.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['findings'],
        message: `the conclusion must cover every qualification requirement; missing: ${missing.join(', ')}`,
      });
  });
export type SiteInspection = z.infer<typeof SiteInspectionSchema>;

/** seed 003 Annex 2 item 9(4): a request to an approving state body. */
export const ApprovingBodyRequestSchema = z.object({
  body: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'approving body code, e.g. mvd'),
  question: z.string().trim().min(10).max(2000),
});
export type ApprovingBodyRequestInput = z.infer<typeof ApprovingBodyRequestSchema>;

const uniqueGrounds = z
  .array(RefusalGroundSchema)
  .min(1, 'cite at least one ground of seed 003 ¶13 / Annex 2 item 9; free text alone is not a ground')
  .refine((g) => new Set(g).size === g.length, 'each ground once');
const reasoning = z.string().trim().min(20, 'give the reasons (at least 20 characters)').max(10_000);

/** seed 003 ¶12-1: the preliminary decision to refuse, with the grounds the applicant will be heard on. */
export const PreliminaryDecisionSchema = z.object({ grounds: uniqueGrounds, reasoning });
export type PreliminaryDecisionInput = z.infer<typeof PreliminaryDecisionSchema>;

export const AttachmentSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a media type such as application/pdf'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters'),
  sizeBytes: z
    .number()
    .int()
    .positive()
    .max(20 * 1024 * 1024),
});

/** seed 003 ¶12-1: the applicant's objection to the preliminary decision. */
export const ObjectionSchema = z.object({
  text: z.string().trim().min(1).max(20_000),
  attachments: z.array(AttachmentSchema).max(20).default([]),
});
export type ObjectionInput = z.infer<typeof ObjectionSchema>;

/** seed 003 ¶12: the license, or a reasoned refusal citing ¶13 grounds. */
export const FinalDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('issue') }),
  z.object({
    decision: z.literal('refuse'),
    grounds: uniqueGrounds,
    reasoning,
    /** seed 003 ¶12-1: how the objection was considered (required when there was one). */
    objectionConsidered: z.string().trim().min(1).max(10_000).optional(),
  }),
]);
export type FinalDecisionInput = z.infer<typeof FinalDecisionSchema>;

/** seed 004 ¶42: the applicant withdraws the application while its review is still running. */
export const WithdrawalSchema = z.object({ reason: z.string().trim().min(1).max(2000).optional() });
export type WithdrawalInput = z.infer<typeof WithdrawalSchema>;

/** The approving body's answer: one shape for every licensing service (domain/approving-body.ts). */
export { ApprovingBodyAnswerSchema, type ApprovingBodyAnswer } from '../../domain/approving-body';

// --- approval of the final decision (seed 004 ¶35–40) ---------------------------------------------------

/** seed 004 ¶40.2-4: the chain that approves the final decision (no zod: the API's auth module reads it too). */
export { DECISION_APPROVAL_CHAIN, FINAL_DECISION_CHAIN } from '../../domain/approval-chains';
import { FINAL_DECISION_CHAIN } from '../../domain/approval-chains';

const chainName = z.literal(FINAL_DECISION_CHAIN, {
  error: `chain must be '${FINAL_DECISION_CHAIN}' (the final decision's approval chain)`,
});

/** seed 004 ¶40.3: the executor (re)submits the draft decision to the chain, after a rejection possibly changed. */
export const DraftDecisionSubmitSchema = z.object({ chain: chainName, content: FinalDecisionSchema });
export type DraftDecisionSubmit = z.infer<typeof DraftDecisionSubmitSchema>;

/** seed 004 ¶40.2-4: a participant approves (the head's approval signs) or rejects saying what to rework. */
export const DraftDecisionReviewSchema = z
  .object({ chain: chainName, verdict: z.enum(['approve', 'reject']), comment: z.string().trim().min(1).max(5000).optional() })
  .refine((r) => r.verdict === 'approve' || r.comment !== undefined, {
    message: 'a rejection says what to rework (comment)',
    path: ['comment'],
  });
export type DraftDecisionReview = z.infer<typeof DraftDecisionReviewSchema>;
