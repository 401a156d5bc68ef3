/**
 * The two NCA services of seed 002 on the uniform API:
 *   POST /v1/services/nca-certificate-issue/applications   the package (category, form A1/A2/A4/A5/A6, documents)
 *   POST /v1/services/nca-certificate-revoke/applications  the A7/A8 request (serials, reason)
 *   POST /v1/applications/{id}/actions/record-nca-check    the provider's check (¶10(1)–(2))
 * Submitted by the portal (a repeat application / a revocation request, signed with the applicant's
 * currently valid NCA certificate: checked before anything starts, seed 002 ¶9 → 422 naming the problem)
 * or by the provider's staff at its counter (the package in hand; the staff member's token is the record).
 */
import { z } from '../../api/zod';
import { serviceAction, type ServiceAction, type ServiceModule } from '../../api/service-module';
import type { PreAcceptanceCheck } from '../../api/pre-acceptance';
import type { Principal } from '../../domain/roles';
import type { ServiceDescriptor } from '../../domain/services';
import type { Actor } from '../../workflows/shared/staff-decision';
import {
  issueHolder,
  NCA_LICENSOR_BODY,
  planNcaCase,
  revocationHolder,
  type NcaChannel,
  type NcaIssueInput,
  type NcaRevokeInput,
} from './case';
import { IssueForm, RevocationForm } from './forms';
import {
  DOCUMENTS,
  NCA_ISSUE_SERVICE_CODE,
  NCA_REVOKE_SERVICE_CODE,
  NCA_SERVICE_NAMES,
  portalRepeatAllowed,
  RESULT_TERM_WORKING_DAYS,
} from './rules';
import { ncaIssueCounter, ncaRevokeCounter } from './counter';
import { checkSignedRequest } from './signed-request';
import { ncaCertificateIssue, ncaCertificateRevoke, recordNcaCheckUpdate } from './workflow';

const DOCUMENT_KINDS = Object.keys(DOCUMENTS) as [keyof typeof DOCUMENTS, ...Array<keyof typeof DOCUMENTS>];
const PublicKeyPem = z.string().regex(/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/, 'a PEM "PUBLIC KEY"');
const SignedRequest = z
  .string()
  .min(100)
  .max(200_000)
  .describe('seed 002 ¶9: the request as XML signed (XMLDSig) with a currently valid NCA certificate');

export const NcaIssueApplicationSchema = z
  .object({
    package: z.object({
      category: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
      form: IssueForm,
      handedIn: z.array(z.enum(DOCUMENT_KINDS)).max(20),
      representative: z.boolean(),
      headForThemself: z.boolean().optional(),
      consentToProtectedData: z.boolean(),
      treasuryAgreementSignedOn: z.iso.date().optional(),
      provenDomains: z.array(z.string().min(1).max(253)).max(100).optional(),
    }),
    publicKeys: z.object({ signing: PublicKeyPem, authentication: PublicKeyPem }).optional(),
    signedRequest: SignedRequest.optional(),
  })
  .openapi('NcaIssueApplication');

export const NcaRevokeApplicationSchema = z
  .object({
    form: RevocationForm,
    reason: z.enum(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']),
    signedRequest: SignedRequest.optional(),
  })
  .openapi('NcaRevokeApplication');

/** seed 002 ¶9: a portal request carries a signature by the applicant's currently valid NCA certificate; the counter's does not. */
function signedByValidCertificate<T extends { signedRequest?: string }>(
  holderOf: (input: T) => { iin?: string; bin?: string },
  extra?: (input: T) => string | null,
): PreAcceptanceCheck<T> {
  return {
    check: 'signed-by-valid-certificate',
    async run(input, lookups) {
      if (lookups.principal?.role !== 'portal') return [];
      const problem = extra?.(input);
      if (problem) return [{ field: 'package.category', reason: problem }];
      if (!input.signedRequest)
        return [{ field: 'signedRequest', reason: 'a portal request is signed with a currently valid NCA certificate' }];
      const holder = holderOf(input);
      const check = await checkSignedRequest(input.signedRequest, lookups.nca(), holder, new Date());
      // A7 names only the IIN, A8 only the BIN: the other id is not compared.
      return check.ok ? [] : [{ field: 'signedRequest', reason: `${check.problem}: ${check.message}` }];
    },
  };
}

function actorOf(principal: Principal): Actor {
  return {
    subject: principal.subject,
    role: principal.role,
    ...(principal.licensorBody ? { licensorBody: principal.licensorBody } : {}),
    ...(principal.displayName ? { displayName: principal.displayName } : {}),
  };
}

function channelOf(principal: Principal): NcaChannel {
  // seed 002 ¶3: the provider's counter, the State Corporation's counter (its operator forwards), the portal.
  if (principal.role === 'operator' && principal.branch)
    return { kind: 'state-corporation', branchId: principal.branch, operator: principal.subject };
  return principal.role === 'staff' ? { kind: 'provider-counter', employee: principal.subject } : { kind: 'portal' };
}

const CheckSchema = z
  .object({
    falseInformation: z.array(z.string().trim().min(3).max(1000)).max(20).optional(),
    courtDecision: z.object({ number: z.string().trim().min(1).max(60), date: z.iso.date() }).optional(),
  })
  .openapi('NcaCheck', { example: {} });

const NCA_ACTIONS: ServiceAction[] = [
  serviceAction({
    update: recordNcaCheckUpdate,
    summary:
      "seed 002 ¶10(1)–(2): the provider's check — false information found, or a court decision in force; none: the certificates are issued",
    roles: ['staff'],
    input: CheckSchema,
    toUpdateArg: (b, p) => ({ ...b, actor: actorOf(p) }),
  }),
];

const NAME = NCA_SERVICE_NAMES;

function descriptor(code: string, name: ServiceDescriptor['name']): ServiceDescriptor {
  return {
    code,
    name,
    licensorBody: NCA_LICENSOR_BODY,
    term: { kind: 'working-days', days: RESULT_TERM_WORKING_DAYS, regulation: 'seed 002 ¶4(1)' },
    fee: { kind: 'free', note: 'seed 002 ¶7: free of charge' },
    // seed 002 ¶3: the provider, the State Corporation, the portal.
    channels: ['provider', 'state-corporation', 'portal'],
    regulation: 'Seed 002: standard of the state service (Order No. 51 of 22.01.2016), ¶4, ¶6, ¶9–¶10',
  };
}

function plan(submittedAt: Date, cal: Parameters<ServiceModule['plan']>[1]) {
  const p = planNcaCase(submittedAt, cal);
  return {
    submittedAt: p.submittedAt,
    registeredAt: p.registeredAt,
    milestones: [{ name: 'dueAt', dueAt: p.dueAt, regulation: 'seed 002 ¶4(1)' }],
    dueAt: p.dueAt,
    calendarVersion: p.calendarVersion,
  };
}

export function ncaIssueModule(): ServiceModule<typeof NcaIssueApplicationSchema, NcaIssueInput> {
  return {
    descriptor: descriptor(NCA_ISSUE_SERVICE_CODE, NAME.issue),
    input: NcaIssueApplicationSchema,
    workflow: ncaCertificateIssue,
    applicantRef: (app) => {
      const h = issueHolder(app.package.form);
      return h.bin ?? h.iin;
    },
    preAcceptance: [
      signedByValidCertificate(
        (app) => issueHolder(app.package.form),
        (app) =>
          portalRepeatAllowed(app.package.category) ? null : 'seed 002 ¶9: Treasury-Client participants (category 6) apply at the counter',
      ),
    ],
    plan,
    workflowInput: ({ applicationId, ancn, plan: p, calendar, input, principal }) => ({
      applicationId,
      ancn,
      serviceCode: NCA_ISSUE_SERVICE_CODE,
      submittedAt: p.submittedAt.toISOString(),
      application: input,
      channel: channelOf(principal),
      calendar,
    }),
    actions: NCA_ACTIONS,
    submitters: ['portal', 'staff'],
    // seed 002 ¶9: the repeat application is the applicant's signed electronic document, kept under its ANCN.
    signedApplication: (app) => app.signedRequest,
    counter: ncaIssueCounter(),
  };
}

export function ncaRevokeModule(): ServiceModule<typeof NcaRevokeApplicationSchema, NcaRevokeInput> {
  return {
    descriptor: descriptor(NCA_REVOKE_SERVICE_CODE, NAME.revoke),
    input: NcaRevokeApplicationSchema,
    workflow: ncaCertificateRevoke,
    applicantRef: (app) => {
      const h = revocationHolder(app.form);
      return h.bin ?? h.iin ?? '';
    },
    preAcceptance: [signedByValidCertificate((app) => revocationHolder(app.form))],
    plan,
    workflowInput: ({ applicationId, ancn, plan: p, calendar, input, principal }) => ({
      applicationId,
      ancn,
      serviceCode: NCA_REVOKE_SERVICE_CODE,
      submittedAt: p.submittedAt.toISOString(),
      application: input,
      channel: channelOf(principal),
      calendar,
    }),
    actions: [],
    submitters: ['portal', 'staff'],
    signedApplication: (app) => app.signedRequest,
    counter: ncaRevokeCounter(),
  };
}
