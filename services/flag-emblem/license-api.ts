/**
 * Seed 003 on the uniform API: the license to manufacture the State Flag and State Emblem
 * (`flag-emblem-license`) and its re-issue (`flag-emblem-license-reissue`). Same actions for both:
 * the licensor's staff record the completeness check, the site inspection, requests to approving
 * bodies, the preliminary and the final decision; the final decision then goes up the approval chain
 * (seed 004 ¶40: draft-review by each participant in turn, draft-submit by the executor after a
 * rejection; the head's approval signs it); the applicant objects, or withdraws the application while
 * its review runs (seed 004 ¶42), through the portal. Before either is accepted the system checks the
 * applicant in the state databases and, for a re-issue, the license in the register of permits (seed 004
 * ¶21–¶22, api/pre-acceptance.ts): a failure is a 422 with the reasons, and nothing starts.
 */
import { z } from '../../api/zod';
import { formatAncn } from '../../domain/ancn';
import { localDateOf, type BusinessCalendar } from '../../domain/calendar';
import type { Principal } from '../../domain/roles';
import {
  Annex1FormSchema,
  ANNEX1_REQUIREMENTS,
  ApplicantIdSchema,
  ApprovingBodyAnswerSchema,
  ApprovingBodyRequestSchema,
  CompletenessCheckSchema,
  DECISION_APPROVAL_CHAIN,
  DraftDecisionReviewSchema,
  DraftDecisionSubmitSchema,
  FINAL_DECISION_CHAIN,
  FinalDecisionSchema,
  FLAG_EMBLEM_LICENSE_DESCRIPTOR,
  FLAG_EMBLEM_LICENSE_REISSUE_DESCRIPTOR,
  ObjectionSchema,
  planFlagEmblemLicense,
  planMilestones,
  PreliminaryDecisionSchema,
  ReissueDetailsSchema,
  SiteInspectionSchema,
  WithdrawalSchema,
  type Annex1Form,
} from './license-rules';
import {
  serviceAction,
  serviceEvent,
  type ServiceAction,
  type ServiceEvent,
  type ServiceModule,
  type TermPlan,
} from '../../api/service-module';
import {
  approvingBodyAnswerSignal,
  approvingBodyRequestUpdate,
  completenessCheckUpdate,
  draftReviewUpdate,
  draftSubmitUpdate,
  finalDecisionUpdate,
  flagEmblemLicenseReissueWorkflow,
  flagEmblemLicenseWorkflow,
  objectionUpdate,
  preliminaryDecisionUpdate,
  siteInspectionUpdate,
  withdrawUpdate,
  type FlagEmblemLicenseInput,
  type FlagEmblemLicenseReissueInput,
} from './license-workflow';
import { licenseToReissueProblem, renamingNotRecorded } from './license-decision-rules';
import { applicantExists, permitInRegister, type PreAcceptanceCheck } from '../../api/pre-acceptance';
import type { Actor } from '../../workflows/shared/staff-decision';

const report = (number: string) => ({
  number,
  date: '2026-01-15',
  laboratory: 'Testing laboratory of the Kazakhstan Institute of Standardization and Metrology',
  accreditationCertificate: 'KZ.T.02.0123',
  standard: 'ҚР СТ 989' as const,
  result: 'positive' as const,
});

export const EXAMPLE_FORM: Annex1Form = {
  standardizationDocuments: [
    { name: 'State Emblem of the Republic of Kazakhstan. Specifications', number: 'ҚР СТ 989-2020' },
    { name: 'State Flag of the Republic of Kazakhstan. Specifications', number: 'ҚР СТ 1068-2020' },
  ],
  productionBase: {
    address: 'Astana, Turan avenue 12',
    description: 'Production workshop, 420 m²',
    ownership: 'leased',
    leaseAgreement: { number: 'LA-2025/118', date: '2025-06-01', lessor: 'Astana Industrial Park LLP', validUntil: '2028-05-31' },
  },
  technologicalEquipment: [
    { name: 'Hydraulic press PH-250', ownership: 'owned' },
    { name: 'Enamel kiln EK-12', ownership: 'owned' },
  ],
  measuringInstruments: [{ name: 'Spectrophotometer X-Rite Ci64', serialNumber: 'CI64-55812' }],
  colourAtlas: { name: 'Pantone Formula Guide, 2024 edition' },
  calibrationCertificates: [
    {
      instrumentSerialNumber: 'CI64-55812',
      number: 'ПС-2025/4471',
      issuedOn: '2025-11-10',
      issuedBy: 'KazStandard RSE',
      validUntil: '2028-11-09',
    },
  ],
  emblemMasterModels: [{ sizeMm: 500, testReport: report('TR-2026/011') }],
  productionReferenceSamples: [{ sizeMm: 500, testReport: report('TR-2026/013') }],
};

/** A BIN with a valid check digit (Annex 1 applicants are mostly legal entities). */
const EXAMPLE_APPLICANT = { kind: 'legal-entity' as const, iinOrBin: '180340001231' };

export const FlagEmblemLicenseApplicationSchema = z
  .object({
    /** Who applies; names and registration come from the state databases (seed 003 ¶7). */
    applicant: ApplicantIdSchema,
    /** seed 003 Annex 1. */
    form: Annex1FormSchema,
  })
  .openapi('FlagEmblemLicenseApplication', { example: { applicant: EXAMPLE_APPLICANT, form: EXAMPLE_FORM } });

export const FlagEmblemLicenseReissueApplicationSchema = z
  .object({
    applicant: ApplicantIdSchema,
    reissue: ReissueDetailsSchema,
    form: Annex1FormSchema,
  })
  .openapi('FlagEmblemLicenseReissueApplication', {
    example: {
      applicant: EXAMPLE_APPLICANT,
      reissue: { previousPermitAncn: formatAncn('PRM', 42), reason: 'holder-renamed' },
      form: EXAMPLE_FORM,
    },
  });

// --- seed 004 ¶21–¶22: the checks before acceptance ---------------------------------------------------------
// A failure blocks the submission (422, nothing started); the workflow's own look-ups (¶7, the license to
// re-issue) stay for the cases accepted before these checks and for a change between acceptance and registration.

type LicenseApplication = z.infer<typeof FlagEmblemLicenseApplicationSchema>;
type ReissueApplication = z.infer<typeof FlagEmblemLicenseReissueApplicationSchema>;

/** seed 004 ¶21(1); seed 003 ¶7: the applicant is in the individuals / legal-entities state database, and active. */
const applicantInStateDatabases = applicantExists<LicenseApplication | ReissueApplication>((input) => input.applicant);

/**
 * seed 004 ¶21(4): the license to re-issue is in the register of permits, the applicant's, active and a
 * Flag/Emblem license (seed 003 ¶12). Before these checks such a request reached the completeness check and
 * ended as a ¶11 "refusal to consider", which ¶11 keeps for an incomplete package or expired documents.
 */
const licenseToReissueInRegister = permitInRegister<ReissueApplication>(
  (input) => ({ ancn: input.reissue.previousPermitAncn, field: 'reissue.previousPermitAncn' }),
  (permit, input) => licenseToReissueProblem(permit, input.reissue.previousPermitAncn, input.applicant.iinOrBin),
);

/** seed 004 ¶21(3): a re-issue because the holder was renamed needs the new name in the legal-entities database. */
const renamingInStateDatabase: PreAcceptanceCheck<ReissueApplication> = {
  check: 'entered-data-match',
  async run(input, lookups) {
    if (input.reissue.reason !== 'holder-renamed' || input.applicant.kind !== 'legal-entity') return [];
    const [record, permit] = await Promise.all([lookups.applicant(input.applicant), lookups.permit(input.reissue.previousPermitAncn)]);
    // Without the record or the applicant's own named license there is nothing to compare: ¶21(1) or ¶21(4) says why.
    if (!record || !permit?.holderName || permit.holderRef !== input.applicant.iinOrBin) return [];
    const problem = renamingNotRecorded(record.name, permit.holderName, permit.ancn);
    return problem ? [{ field: 'reissue.reason', reason: problem }] : [];
  },
};

function actorOf(principal: Principal): Actor {
  return {
    subject: principal.subject,
    role: principal.role,
    ...(principal.licensorBody ? { licensorBody: principal.licensorBody } : {}),
    ...(principal.displayName ? { displayName: principal.displayName } : {}),
  };
}

/** Every Flag/Emblem update takes the request body plus who acted (the validators check the role and body). */
function withActor<B extends object>(body: B, principal: Principal): B & { actor: Actor } {
  return { ...body, actor: actorOf(principal) };
}

export const FLAG_EMBLEM_ACTIONS_API: ServiceAction[] = [
  serviceAction({
    update: completenessCheckUpdate,
    summary:
      'seed 003 ¶10–¶11: the licensor records within 1 working day whether the package is complete; incomplete → refusal to consider further',
    roles: ['staff'],
    input: CompletenessCheckSchema.openapi('FlagEmblemCompletenessCheck', { example: { complete: true, findings: [] } }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: siteInspectionUpdate,
    summary: "seed 003 ¶10: the territorial unit's conclusion on each qualification requirement, within 2 working days of registration",
    roles: ['staff'],
    input: SiteInspectionSchema.openapi('FlagEmblemSiteInspection', {
      description:
        "visitedOn is a day from the case's registration day to today (seed 003 ¶10): the example's is the day this API started, so a case registered later sends its own visit day",
      example: {
        inspector: { fullName: 'Nurlan Zhumabekov', position: 'Chief inspector', territorialUnit: 'CTRM department for Astana' },
        // The visit day: the workflow accepts a day from registration to today (seed 003 ¶10), so the
        // example is the day the API started, valid for any case registered by then.
        visitedOn: localDateOf(new Date()),
        findings: ANNEX1_REQUIREMENTS.map((requirement) => ({ requirement, conforms: true, note: '' })),
      },
    }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: approvingBodyRequestUpdate,
    summary:
      'seed 003 Annex 2 item 9(4): ask an approving state body; its answer (the approving-body-answer event) is awaited until the answer-by moment, 3 working days before the term so that a negative answer can be heard (¶12-1); the term is not suspended: seed 003 provides no suspension, which seed 004 ¶39.9 allows only where the service’s law does',
    roles: ['staff'],
    input: ApprovingBodyRequestSchema.openapi('FlagEmblemApprovingBodyRequest', {
      example: { body: 'mvd', question: 'Does the production site meet the security requirements for state symbols?' },
    }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: preliminaryDecisionUpdate,
    summary:
      'seed 003 ¶12-1: before any refusal, the preliminary decision with its grounds (no later than 3 working days before the term ends)',
    roles: ['staff'],
    input: PreliminaryDecisionSchema.openapi('FlagEmblemPreliminaryDecision', {
      example: {
        grounds: ['qualification-requirements-not-met'],
        reasoning: 'Annex 1 item 5: the spectrophotometer CI64-55812 has no valid verification certificate.',
      },
    }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: objectionUpdate,
    summary: "seed 003 ¶12-1: the applicant's objection to the preliminary decision, within 2 working days of receiving it",
    roles: ['portal'],
    input: ObjectionSchema.openapi('FlagEmblemObjection', {
      example: {
        text: 'The certificate for CI64-55812 was renewed on 2026-03-25; a copy is attached.',
        attachments: [
          {
            fileName: 'certificate-CI64-55812.pdf',
            mediaType: 'application/pdf',
            sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
            sizeBytes: 183204,
          },
        ],
      },
    }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: finalDecisionUpdate,
    summary: 'seed 003 ¶12–¶13: issue the license, or refuse citing grounds of Annex 2 item 9 (only after the hearing)',
    roles: ['staff'],
    input: FinalDecisionSchema.openapi('FlagEmblemFinalDecision', { example: { decision: 'issue' } }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: draftReviewUpdate,
    summary:
      "seed 004 ¶40.2-4: the next participant of the final decision's approval chain approves (on to the next; the head's approval signs and issues it) or rejects it back to the executor, saying what to rework",
    roles: ['staff'],
    input: DraftDecisionReviewSchema.openapi('FlagEmblemDraftReview', { example: { chain: FINAL_DECISION_CHAIN, verdict: 'approve' } }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: draftSubmitUpdate,
    summary:
      "seed 004 ¶40.3: after a rejection, the executor resubmits the final decision's draft (possibly changed); it climbs the chain again from the first participant",
    roles: ['staff'],
    input: DraftDecisionSubmitSchema.openapi('FlagEmblemDraftSubmit', {
      example: {
        chain: FINAL_DECISION_CHAIN,
        content: {
          decision: 'refuse',
          grounds: ['qualification-requirements-not-met'],
          reasoning: 'Annex 1 item 5: the verification certificate ПС-2025/4471 names another instrument serial number.',
          objectionConsidered: 'The certificate attached to the objection is for serial CI64-55871, not CI64-55812.',
        },
      },
    }),
    toUpdateArg: withActor,
  }),
  serviceAction({
    update: withdrawUpdate,
    summary:
      'seed 004 ¶42: the applicant withdraws the application; allowed only until the review ends (the head of the licensor body signs the final decision, or a refusal to consider), it stops the review',
    roles: ['portal'],
    input: WithdrawalSchema.openapi('FlagEmblemWithdrawal', {
      example: { reason: 'We are moving production to Almaty and will apply there.' },
    }),
    toUpdateArg: withActor,
  }),
];

const ApprovingBodyAnswerApiSchema = ApprovingBodyAnswerSchema.openapi('FlagEmblemApprovingBodyAnswer', {
  example: {
    requestId: 'mvd-req-000001',
    conforms: true,
    summary: 'The production site at Astana, Turan avenue 12 meets the security requirements for manufacturing state symbols.',
    answeredAt: '2026-03-30T11:20:00+05:00',
  },
});

const approvingBodyAnswer = serviceEvent({
  summary:
    "seed 003 Annex 2 item 9(4), seed 004 ¶35–42: an approving state body's answer to the licensor's request, through the e-gov gateway",
  roles: ['gateway'],
  input: ApprovingBodyAnswerApiSchema,
  signal: approvingBodyAnswerSignal,
  toSignalArg: (input) => input,
});

/** Outside systems' events of both services (POST /v1/applications/{id}/events/{name}). */
export const FLAG_EMBLEM_EVENTS_API: ServiceEvent[] = [approvingBodyAnswer];

function plan(submittedAt: Date, cal: BusinessCalendar): TermPlan {
  const p = planFlagEmblemLicense(submittedAt, cal);
  return {
    submittedAt: p.submittedAt,
    registeredAt: p.registeredAt,
    milestones: planMilestones(p),
    dueAt: p.dueAt,
    calendarVersion: p.calendarVersion,
  };
}

export const flagEmblemLicenseModule: ServiceModule<typeof FlagEmblemLicenseApplicationSchema, FlagEmblemLicenseInput> = {
  descriptor: FLAG_EMBLEM_LICENSE_DESCRIPTOR,
  input: FlagEmblemLicenseApplicationSchema,
  workflow: flagEmblemLicenseWorkflow,
  applicantRef: (input) => input.applicant.iinOrBin,
  preAcceptance: [applicantInStateDatabases],
  plan,
  workflowInput: ({ applicationId, ancn, plan: p, calendar, input }) => ({
    applicationId,
    ancn,
    submittedAt: p.submittedAt.toISOString(),
    applicant: input.applicant,
    form: input.form,
    calendar,
    // Recorded in the case's history: a later change of the chain in code does not touch running cases.
    approvalChain: approvalChain(),
  }),
  actions: FLAG_EMBLEM_ACTIONS_API,
  events: FLAG_EMBLEM_EVENTS_API,
};

/** seed 004 ¶40: the licensor's approval chain as of the submission (the workflow's input). */
function approvalChain(): Array<{ subject: string; title: string }> {
  return DECISION_APPROVAL_CHAIN.map((p) => ({ subject: p.subject, title: p.title }));
}

export const flagEmblemLicenseReissueModule: ServiceModule<
  typeof FlagEmblemLicenseReissueApplicationSchema,
  FlagEmblemLicenseReissueInput
> = {
  descriptor: FLAG_EMBLEM_LICENSE_REISSUE_DESCRIPTOR,
  input: FlagEmblemLicenseReissueApplicationSchema,
  workflow: flagEmblemLicenseReissueWorkflow,
  applicantRef: (input) => input.applicant.iinOrBin,
  preAcceptance: [applicantInStateDatabases, renamingInStateDatabase, licenseToReissueInRegister],
  plan,
  workflowInput: ({ applicationId, ancn, plan: p, calendar, input }) => ({
    applicationId,
    ancn,
    submittedAt: p.submittedAt.toISOString(),
    applicant: input.applicant,
    form: input.form,
    reissue: input.reissue,
    calendar,
    approvalChain: approvalChain(),
  }),
  actions: FLAG_EMBLEM_ACTIONS_API,
  events: FLAG_EMBLEM_EVENTS_API,
};
