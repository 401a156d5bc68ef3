/**
 * The complaint resources' schemas (api/routes/complaints.ts): the routes parse with them and the OpenAPI
 * document (api/complaints-openapi.ts) is generated from the same ones; every example succeeds as-is.
 */
import { ALL_ADDRESSEES, COMPLAINT_REGIMES, EXTENSION_GROUNDS } from '../domain/complaints';
import { z } from './zod';

const iinOrBin = z.string().regex(/^\d{12}$/, 'an IIN or BIN: 12 digits');

export const ZComplaintFiling = z
  .object({
    applicationId: z.string().min(1).max(200).openapi({ description: 'the case complained against' }),
    complainant: z.object({ iinOrBin, name: z.string().min(1).max(300).optional() }).openapi({
      description: "the applicant of that case, as the portal authenticated them; another person's case is 403",
    }),
    addressee: z.enum(ALL_ADDRESSEES).openapi({
      description: "one of the case's service's addressees (GET /v1/services → complaints.bodies): seed 003 ¶16 or seed 002 ¶11",
    }),
    viaProvider: z.boolean().optional().openapi({
      description: 'seed 003 ¶16, APPC art. 91(4): filed with the provider for the reviewing body (forwarded within 3 working days)',
    }),
    learnedOn: z.iso.date().openapi({ description: 'the day the applicant learned of the act: the 3 months run from it (seed 003 ¶16)' }),
    subject: z.enum(['decision', 'action', 'inaction']),
    demands: z.string().trim().min(1).max(4000),
    channel: z
      .enum(['post', 'in-person', 'state-corporation'])
      .optional()
      .openapi({ description: 'staff registering a paper complaint: how it came (portal complaints leave it out)' }),
    incomingNumber: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "staff: the office's incoming number (seed 002 ¶11: registration is the proof of filing)" }),
  })
  .openapi('ComplaintFiling', {
    example: {
      applicationId: 'flag-emblem-license-KZ08APP00000500',
      complainant: { iinOrBin: '180340001231' },
      addressee: 'provider',
      learnedOn: '2025-03-12',
      subject: 'decision',
      demands: 'Cancel the refusal and issue the license: the verification certificate was valid.',
    },
  });
export type TComplaintFiling = z.infer<typeof ZComplaintFiling>;

export const ZComplaintAccepted = z
  .object({
    complaintId: z.string(),
    ancn: z.string(),
    against: z.object({ applicationId: z.string(), serviceCode: z.string() }),
    regime: z.enum(COMPLAINT_REGIMES),
    addressee: z.enum(ALL_ADDRESSEES),
    body: z.string(),
    receivedAt: z.string(),
    registeredAt: z.string(),
    dueAt: z.string(),
    forwardBy: z.string().optional(),
    filingDeadline: z.string(),
    lateFiling: z.boolean().openapi({ description: 'seed 003 ¶16: filed after the 3 months — flagged, not rejected' }),
    calendarVersion: z.string(),
    statusUrl: z.string(),
  })
  .openapi('ComplaintAccepted');
export type TComplaintAccepted = z.infer<typeof ZComplaintAccepted>;

const reasons = z.string().trim().min(1).max(2000);

/** The staff's actions on a complaint, by URL segment (= the workflow's Update name). */
export const ZComplaintActionBodies = {
  'complaint-extend': z
    .object({ ground: z.enum(EXTENSION_GROUNDS), workingDays: z.number().int().min(1).max(10), reasons })
    .openapi('ComplaintExtension', {
      example: { ground: 'on-site-check', workingDays: 10, reasons: 'The production site must be visited again.' },
    }),
  'complaint-extension-notice': z
    .object({ reasons: reasons.optional() })
    .openapi('ComplaintExtensionNotice', { example: { reasons: 'The production site must be visited again.' } }),
  'complaint-decision': z
    .object({
      decision: z.enum(['upheld', 'dismissed']),
      reasoning: z.string().trim().min(10).max(8000),
      remedy: z.string().trim().min(1).max(2000).optional(),
    })
    .openapi('ComplaintDecision', {
      example: { decision: 'upheld', reasoning: 'The verification certificate was valid on the day of the site visit.' },
    }),
  'complaint-forward': z.object({}).strict().openapi('ComplaintForward', { example: {} }),
  'complaint-favourable-act': z
    .object({ act: z.string().trim().min(1).max(100), description: z.string().trim().min(1).max(2000) })
    .openapi('ComplaintFavourableAct', { example: { act: 'KZ16PRM00000042', description: 'The license is issued on re-examination.' } }),
} as const;
export type ComplaintActionName = keyof typeof ZComplaintActionBodies;
export const COMPLAINT_ACTIONS = Object.keys(ZComplaintActionBodies) as [ComplaintActionName, ...ComplaintActionName[]];

/** What each complaint action does, in the inbox and the web forms. */
export const COMPLAINT_ACTION_SUMMARY: Readonly<Record<ComplaintActionName, string>> = {
  'complaint-decision': 'Decide the complaint: upheld or dismissed, with the reasons (seed 003 ¶16–17)',
  'complaint-extend': 'Extend the term once by ≤ 10 working days, with grounds (seed 003 ¶16)',
  'complaint-extension-notice': 'Notify the complainant of the extension with the reasons, within 3 working days (seed 003 ¶16)',
  'complaint-forward': 'Forward to the reviewing body within 3 working days of receipt (APPC art. 91(4))',
  'complaint-favourable-act': 'Record a favourable act fully satisfying it: not forwarded (seed 003 ¶16)',
};

/** A complaint's id in a path (and a case's, for its complaints): as the routes parse it. */
export const ZComplaintIdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(300)
    .openapi({
      param: { description: 'complaint id (complaint-<service>-<ANCN>)' },
      example: 'complaint-flag-emblem-license-KZ95APP00000001',
    }),
});
/** The applicant's cabinet: the citizen or organisation the portal authenticated. */
export const ZComplaintCabinetQuery = z.object({
  applicant: z
    .string()
    .regex(/^\d{12}$/, 'an IIN or BIN: 12 digits')
    .openapi({ description: 'IIN or BIN of the applicant', example: '180340001231' }),
});

/** GET /v1/calendar/term?service=complaint: a complaint's review term at one addressee. */
export const ZComplaintTermPlan = z
  .object({
    service: z.literal('complaint'),
    body: z.enum(ALL_ADDRESSEES),
    regime: z.enum(COMPLAINT_REGIMES),
    receivedAt: z.string(),
    registeredAt: z.string(),
    dueAt: z.string(),
    term: z.object({
      workingDays: z.number(),
      countedFrom: z.enum(['registration', 'receipt']),
      extendable: z.boolean(),
      regulation: z.string(),
    }),
    calendarVersion: z.string(),
  })
  .openapi('ComplaintTermPlan');

export const ZComplaintTermQuery = z.object({
  service: z.literal('complaint'),
  body: z.enum(ALL_ADDRESSEES).openapi({ description: 'the addressee', example: 'provider' }),
  regime: z.enum(COMPLAINT_REGIMES).default('2021'),
  registeredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'when it was received (ISO 8601 with offset); defaults to now', example: '2026-03-19T10:00:00+05:00' }),
});
