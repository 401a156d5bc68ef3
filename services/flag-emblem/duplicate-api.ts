/**
 * The duplicate of the Flag and Emblem license on the uniform API (`flag-emblem-license-duplicate`).
 * Decided in automatic mode (seed 004 ¶18-1): the portal submits, the system checks and signs; there are
 * no staff or applicant actions. Bad input (e.g. an invalid ANCN) is a 400 naming the field; nothing starts.
 */
import '../../api/zod'; // installs `.openapi()` on zod before the schema below uses it
import { formatAncn } from '../../domain/ancn';
import type { BusinessCalendar } from '../../domain/calendar';
import {
  DuplicateApplicationSchema,
  FLAG_EMBLEM_LICENSE_DUPLICATE_DESCRIPTOR,
  planFlagEmblemLicenseDuplicate,
  DUPLICATE_TERM_SOURCE,
} from './duplicate-rules';
import type { ServiceModule, TermPlan } from '../../api/service-module';
import { flagEmblemLicenseDuplicateWorkflow, type FlagEmblemLicenseDuplicateInput } from './duplicate-workflow';

/** A BIN with a valid check digit, and the first license of a fresh register. */
const EXAMPLE = {
  applicant: { kind: 'legal-entity' as const, iinOrBin: '180340001231' },
  licenseAncn: formatAncn('PRM', 42),
  reason: 'lost' as const,
};

export const FlagEmblemLicenseDuplicateApplicationSchema = DuplicateApplicationSchema.openapi('FlagEmblemLicenseDuplicateApplication', {
  description:
    'seed 004 ¶13.5, ¶18-1: a duplicate of a license to manufacture the State Flag and the State Emblem, decided without staff and signed by the system',
  example: EXAMPLE,
});

function plan(submittedAt: Date, cal: BusinessCalendar): TermPlan {
  const p = planFlagEmblemLicenseDuplicate(submittedAt, cal);
  return {
    submittedAt: p.submittedAt,
    registeredAt: p.registeredAt,
    milestones: [{ name: 'dueAt', dueAt: p.dueAt, regulation: DUPLICATE_TERM_SOURCE }],
    dueAt: p.dueAt,
    calendarVersion: p.calendarVersion,
  };
}

export const flagEmblemLicenseDuplicateModule: ServiceModule<
  typeof FlagEmblemLicenseDuplicateApplicationSchema,
  FlagEmblemLicenseDuplicateInput
> = {
  descriptor: FLAG_EMBLEM_LICENSE_DUPLICATE_DESCRIPTOR,
  input: FlagEmblemLicenseDuplicateApplicationSchema,
  workflow: flagEmblemLicenseDuplicateWorkflow,
  applicantRef: (input) => input.applicant.iinOrBin,
  plan,
  workflowInput: ({ applicationId, ancn, plan: p, calendar, input }) => ({
    applicationId,
    ancn,
    submittedAt: p.submittedAt.toISOString(),
    applicant: input.applicant,
    licenseAncn: input.licenseAncn,
    reason: input.reason,
    calendar,
  }),
  // seed 004 ¶18-1: no staff step, and nothing for the applicant to do once submitted.
  actions: [],
};
