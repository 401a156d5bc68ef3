/**
 * Request and response schemas of the uniform resources: the single source of their TypeScript types
 * (z.infer) and of the OpenAPI document (api/openapi.ts). Service-specific bodies come from each
 * ServiceModule (`input`, `actions[].input`).
 */
import { ERROR_CODES } from '../domain/errors';
import { PRE_ACCEPTANCE_CHECKS } from './pre-acceptance';
import { ROLES } from '../domain/roles';
import { LICENSOR_BODIES, REVIEW_MODES } from '../domain/services';
import { kzMoment } from '../domain/calendar';
import { CASE_CURSOR_PATTERN } from '../persistence/case-query';
import { ALL_ADDRESSEES, COMPLAINT_REGIMES } from '../domain/complaints';
import { SERVICE_CODES } from '../services';
import { SLA_STATES, WAITING_ON } from '../workflows/shared/case';
import { SLA_BASES } from './sla';
import { z } from './zod';

const kzIso = (example: string) => z.string().openapi({ description: 'ISO 8601 with the Kazakhstan offset (+05:00)', example });

// ---- common ------------------------------------------------------------------------------------

export const ZProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:kz-services:problem:validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(ERROR_CODES),
    instance: z.string().optional(),
    errors: z.array(
      z.object({
        field: z.string().optional(),
        message: z.string(),
        check: z
          .enum(PRE_ACCEPTANCE_CHECKS)
          .optional()
          .openapi({ description: 'PRE_ACCEPTANCE_CHECK_FAILED (422): the check of seed 004 ¶21 that failed' }),
        reason: z.string().optional().openapi({ description: 'PRE_ACCEPTANCE_CHECK_FAILED (422): why, in words' }),
        regulation: z
          .string()
          .optional()
          .openapi({ description: 'PRE_ACCEPTANCE_CHECK_FAILED (422): the paragraph, e.g. "seed 004 ¶21(1)"' }),
      }),
    ),
  })
  .openapi('Problem', {
    description:
      'RFC 9457 problem details; `errors` names each offending field. A 422 PRE_ACCEPTANCE_CHECK_FAILED lists each failed check of seed 004 ¶21 with its field, reason and paragraph: nothing was started or stored.',
  });

export const ZIdempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
  .openapi({
    description: 'Client-chosen key; the same key with the same body returns the same result.',
    example: '7f9c2ba4-e88f-4d2b-9a1c-3c0e5f6a8b11',
  });

export const ZLocalizedText = z.object({ kk: z.string(), ru: z.string(), en: z.string() }).openapi('LocalizedText');

// ---- catalogue ---------------------------------------------------------------------------------

export const ZServiceEntry = z
  .object({
    code: z.enum(SERVICE_CODES),
    name: ZLocalizedText,
    provider: z.object({ code: z.string(), name: ZLocalizedText }),
    term: z.union([
      z.object({ kind: z.literal('working-days'), days: z.number().int(), regulation: z.string() }),
      z.object({ kind: z.literal('hours'), hours: z.number(), regulation: z.string() }),
    ]),
    fee: z.union([
      z.object({ kind: z.literal('free'), note: z.string().optional() }),
      z.object({ kind: z.literal('mrp'), mrp: z.number(), regulation: z.string() }),
      z.object({ kind: z.literal('tenge'), tenge: z.number(), regulation: z.string() }),
    ]),
    channels: z.array(z.enum(['portal', 'state-corporation', 'provider'])),
    regulation: z.string(),
    review: z
      .object({
        mode: z.enum(REVIEW_MODES).openapi({
          description:
            "staff: the licensor's employees review, an authorized person signs with ECDS; automatic: seed 004 ¶18-1, decided by the system without staff, signed with the system owner's transport signature; registry: a state registry's automated checks with no staff step, but signed with the provider's ECDS (not ¶18-1)",
        }),
        signature: z.enum(['provider-ecds', 'system-transport-signature']),
        regulation: z.string(),
      })
      .openapi('ServiceReview', { example: { mode: 'automatic', signature: 'system-transport-signature', regulation: 'seed 004 ¶18-1' } }),
    termSuspension: z
      .object({
        whileApprovingBodyAnswers: z.boolean().openapi({
          description:
            "seed 004 ¶39.9: the term stops while an approving state body answers only where the service's own legislation provides it; false: the request is sent and its answer awaited inside the term",
        }),
        regulation: z.string(),
      })
      .openapi('TermSuspension', {
        example: { whileApprovingBodyAnswers: false, regulation: 'seed 003 (no suspension provided); seed 004 ¶39.9' },
      }),
    complaints: z
      .object({
        regime: z.enum(COMPLAINT_REGIMES).openapi({ description: '2021: seed 003 ¶16–17 (Law art. 25, APPC); 2016: seed 002 ¶11–12' }),
        bodies: z
          .record(z.enum(ALL_ADDRESSEES), z.string())
          .openapi({ description: 'addressee → the body (licensor-body code) whose staff review it' }),
        reconsideration: z
          .boolean()
          .openapi({ description: 'an upheld complaint re-decides the case (a reconsideration run of the service)' }),
        regulation: z.string(),
      })
      .optional()
      .openapi('ServiceComplaints', {
        example: {
          regime: '2021',
          bodies: { provider: 'ctrm', 'quality-authority': 'quality-authority', 'reviewing-body': 'mti' },
          reconsideration: true,
          regulation: 'seed 003 ¶16–17',
        },
      }),
    labels: z
      .record(z.string(), ZLocalizedText)
      .openapi({ description: "kk/ru/en names of the service's own stages and actions, by code" }),
    actions: z.array(z.object({ name: z.string(), summary: z.string(), roles: z.array(z.enum(ROLES)) })),
    links: z.object({ apply: z.string(), term: z.string() }),
  })
  .openapi('Service');

export const ZServiceList = z
  .object({
    items: z.array(ZServiceEntry),
    referenceData: z.object({ calendar: z.string(), mrp: z.string(), fees: z.string(), workingHours: z.string() }).openapi({
      description: 'the current reference-data versions behind the terms and fees (GET /v1/reference-data)',
      example: { calendar: 'kz-calendar@2', mrp: 'kz-mrp@2', fees: 'kz-fees@1', workingHours: 'kz-working-hours@1' },
    }),
  })
  .openapi('ServiceList');

// ---- applications ------------------------------------------------------------------------------

export const ZMilestone = z
  .object({ name: z.string(), dueAt: kzIso('2025-03-24T18:30:00.000+05:00'), regulation: z.string() })
  .openapi('Milestone');

export const ZApplicationAccepted = z
  .object({
    applicationId: z.string().openapi({ example: 'flag-emblem-license-KZ95APP00000001' }),
    serviceCode: z.enum(SERVICE_CODES),
    ancn: z.string().openapi({ example: 'KZ95APP00000001' }),
    submittedAt: kzIso('2025-03-20T19:10:00.000+05:00'),
    registeredAt: kzIso('2025-03-21T09:00:00.000+05:00'),
    dueAt: kzIso('2025-04-01T18:30:00.000+05:00'),
    milestones: z.array(ZMilestone),
    calendarVersion: z.string(),
    statusUrl: z.string().openapi({ example: '/v1/applications/flag-emblem-license-KZ95APP00000001' }),
  })
  .openapi('ApplicationAccepted', { description: 'seed 003 ¶8: "request accepted" with the date the result will be issued' });
export type TApplicationAccepted = z.infer<typeof ZApplicationAccepted>;

const ZPendingAction = z.object({
  action: z.string(),
  by: z.enum(['applicant', 'staff', 'gateway']),
  dueAt: z.string().optional(),
  who: z.array(z.string()).optional(),
});
const ZTimelineEntry = z.object({
  stage: z.string(),
  regulation: z.string().optional(),
  plannedBy: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  actor: z.string().optional(),
  note: z.string().optional(),
  moves: z
    .array(
      z.object({
        deadline: z.string(),
        from: z.string(),
        to: z.string(),
        reason: z.string(),
        calendarVersion: z.string(),
        at: z.string(),
      }),
    )
    .optional()
    .openapi({ description: 'deadlines a published decree moved during this stage, each with the act that moved it' }),
});
const ZCaseDocument = z.object({ ancn: z.string(), kind: z.string(), issuedAt: z.string() });

export const ZSlaRemaining = z
  .object({
    dueAt: kzIso('2025-04-01T18:30:00.000+05:00'),
    basis: z.enum(SLA_BASES).openapi({
      description:
        "how the figures count time: 'working-time' for terms in working days (09:00–13:00, 14:30–18:30 on working days; seed 003 ¶9), 'elapsed-time' for terms in hours (around the clock; seed 000 ¶4)",
    }),
    remainingWorkingMs: z.number().int().nullable().openapi({
      description:
        "time from now to dueAt on the `basis`; negative when overdue; null outside the calendar's years (name kept for compatibility)",
    }),
    remainingWorkingHours: z.number().nullable(),
    overdue: z.boolean(),
  })
  .openapi('SlaRemaining');

export const ZApplicationView = z
  .object({
    applicationId: z.string(),
    serviceCode: z.string(),
    licensorBody: z.string(),
    ancn: z.string(),
    applicantRef: z.string().optional().openapi({ description: 'IIN/BIN; omitted for the viewer role' }),
    submittedAt: z.string(),
    registeredAt: z.string(),
    dueAt: z.string(),
    calendarVersion: z.string(),
    stage: z.string(),
    outcome: z.string(),
    slaState: z.string(),
    waitingOn: z.enum(WAITING_ON).optional(),
    resultDocumentAncn: z.string().nullable(),
    pendingActions: z.array(ZPendingAction),
    timeline: z.array(ZTimelineEntry),
    documents: z.array(ZCaseDocument),
    details: z.record(z.string(), z.unknown()),
    sla: ZSlaRemaining,
    /** false when the workflow could not be asked (Temporal or the worker down): fields come from the read model. */
    live: z.boolean(),
    liveError: z.string().optional(),
    links: z.object({ self: z.string(), documents: z.string(), actions: z.array(z.string()), events: z.array(z.string()) }),
  })
  .openapi('Application');
export type TApplicationView = z.infer<typeof ZApplicationView>;

/**
 * The status long poll: a client that holds a view (its ETag) asks to be answered when the case has
 * moved on from it, instead of asking again and again (api/progress-watch.ts).
 */
export const ZApplicationWaitQuery = z.object({
  changedFrom: z.string().min(1).max(100).optional().openapi({
    description: 'the ETag of the view the client holds: answer as soon as the view differs from it',
    example: '"q4Zb0n3xTzE1v0cW"',
  }),
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(30)
    .default(0)
    .openapi({ description: 'with changedFrom: how many seconds to wait for a change at most; then the view as it is', example: 20 }),
});

export const ZApplicationSummary = z
  .object({
    applicationId: z.string(),
    serviceCode: z.string(),
    licensorBody: z.string(),
    ancn: z.string(),
    stage: z.string(),
    status: z.string(),
    slaState: z.string(),
    registeredAt: z.string(),
    dueAt: z.string(),
    resultDocumentAncn: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('ApplicationSummary');
export type TApplicationSummary = z.infer<typeof ZApplicationSummary>;

export const ZApplicationList = z
  .object({ items: z.array(ZApplicationSummary), nextCursor: z.string().nullable() })
  .openapi('ApplicationList');

// ---- list, dashboard and inbox queries: the routes parse with these, the document shows them ----------

const LICENSORS = Object.keys(LICENSOR_BODIES) as [string, ...string[]];

/** A day (YYYY-MM-DD, Kazakhstan time, from 00:00) or a moment with an offset. */
export const ZMomentQuery = z.union([
  z.iso.date().transform((d) => kzMoment(d, '00:00')),
  z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
]);

const SLA_ALTERNATIVES = SLA_STATES.join('|');
/** One SLA state or several, comma-separated: `at-risk,breached`. */
export const ZSlaList = z
  .string()
  .regex(new RegExp(`^(${SLA_ALTERNATIVES})(,(${SLA_ALTERNATIVES}))*$`), `one or more of ${SLA_STATES.join(', ')}, comma-separated`)
  .transform((s) => s.split(',') as (typeof SLA_STATES)[number][])
  .openapi({ description: 'one or more SLA states, comma-separated', example: 'at-risk,breached' });

/**
 * A page cursor as a list returned it: `<sort>.<epoch ms>.<id, base64url>` (persistence/case-query.ts). Any
 * string of this shape is a position; one from the other sort order is 422 (a cross-field rule).
 */
export const ZCaseCursor = z
  .string()
  .regex(CASE_CURSOR_PATTERN, 'a nextCursor this list returned')
  .openapi({ description: 'the nextCursor of the previous page (with the same sort)' });

export const ZCaseFilterQuery = z.object({
  service: z.enum(SERVICE_CODES).optional().openapi({ example: 'flag-emblem-license' }),
  stage: z.string().min(1).max(100).optional().openapi({ example: 'completeness-check' }),
  licensor: z.enum(LICENSORS).optional().openapi({ description: 'staff: their own body only (another is 403)' }),
  sla: ZSlaList.optional(),
  waitingOn: z.enum(WAITING_ON).optional(),
  state: z.enum(['open', 'closed']).optional(),
  from: ZMomentQuery.optional().openapi({
    description:
      'period start: YYYY-MM-DD (00:00 Kazakhstan time) or ISO 8601 with offset; registration for lists and counts, closing for the on-time share',
    example: '2026-04-01',
  }),
  to: ZMomentQuery.optional().openapi({ description: 'period end (exclusive; after from, else 422)', example: '2026-05-01' }),
});

export const ZCaseListQuery = ZCaseFilterQuery.extend({
  /** dueAt: the earliest deadline first (a pending action's, else the case's); -registeredAt: newest first. */
  sort: z.enum(['dueAt', '-registeredAt']).default('-registeredAt'),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 20 }),
  cursor: ZCaseCursor.optional(),
});

export const ZInboxQuery = z.object({
  service: z.enum(SERVICE_CODES).optional(),
  licensor: z.enum(LICENSORS).optional().openapi({ description: 'required for admin and viewer; staff: their own body' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZCaseCursor.optional(),
});

export const ZActionResult = z
  .object({
    applicationId: z.string(),
    action: z.string(),
    result: z.unknown().openapi({ description: 'what the workflow returned for the update' }),
  })
  .openapi('ActionResult');

export const ZDocumentSummary = z
  .object({ ancn: z.string(), kind: z.string(), issuedAt: z.string(), href: z.string() })
  .openapi('DocumentSummary');
export const ZDocumentList = z.object({ items: z.array(ZDocumentSummary) }).openapi('DocumentList');

/**
 * The e-gov payment gateway's result, posted to the one callback URL the gateway is configured with
 * (POST /v1/callbacks/payment-gateway); it names the case by the applicationId given with the invoice.
 * Everything but applicationId is the `payment` signal (workflows/shared/payment-signal.ts).
 */
export const ZPaymentCallback = z
  .object({
    invoiceId: z.string().min(1).max(100),
    applicationId: z.string().min(1).max(200),
    status: z.enum(['paid', 'failed', 'expired']),
    amountTenge: z.number().int().positive(),
    at: z.iso.datetime({ offset: true }),
    gatewayRef: z.string().min(1).max(200),
  })
  .openapi('PaymentCallback', {
    description: "The e-government payment gateway's callback: the fee's result for one invoice",
    example: {
      invoiceId: 'INV-2025-000117',
      applicationId: 'sme-registration-KZ95APP00000001',
      status: 'paid',
      amountTenge: 25_558, // 6.5 MRP at the 2025 MRP (domain/fees.ts)
      at: '2025-03-26T10:15:00+05:00',
      gatewayRef: 'EPAY-7731902',
    },
  });
export type TPaymentCallback = z.infer<typeof ZPaymentCallback>;

export const ZPaymentAccepted = z
  .object({ applicationId: z.string(), invoiceId: z.string(), delivered: z.literal(true) })
  .openapi('PaymentCallbackAccepted');
export type TPaymentAccepted = z.infer<typeof ZPaymentAccepted>;

export const ZUnacceptedCallbacks = z
  .object({
    items: z.array(
      z.object({
        at: z.string(),
        applicationId: z.string(),
        invoiceId: z.string(),
        status: z.string(),
        amountTenge: z.number(),
        httpStatus: z.number().int(),
        reason: z.string(),
        retryable: z.boolean(),
        detail: z.string(),
      }),
    ),
    kept: z.number().int(),
  })
  .openapi('UnacceptedPaymentCallbacks');

export const ZEventAccepted = z
  .object({ applicationId: z.string(), event: z.string(), delivered: z.literal(true) })
  .openapi('EventAccepted', { description: 'the event was delivered to the case as a signal; the workflow decides what it means' });
export type TEventAccepted = z.infer<typeof ZEventAccepted>;

// ---- calendar ----------------------------------------------------------------------------------

export const ZTermQuery = z.object({
  service: z.enum([...SERVICE_CODES, 'complaint'], { error: 'unknown service code' }).openapi({
    description: "a service code, or 'complaint' with body (+ regime, registeredAt): seed 003 ¶16, seed 002 ¶11",
    example: 'flag-emblem-license',
  }),
  body: z
    .enum(ALL_ADDRESSEES)
    .optional()
    .openapi({ description: 'service=complaint: the addressee whose review term to compute', example: 'provider' }),
  regime: z.enum(COMPLAINT_REGIMES).optional().openapi({ description: 'service=complaint: 2021 (default) or 2016' }),
  registeredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: 'service=complaint: when the complaint was received; defaults to now', example: '2026-03-19T10:00:00+05:00' }),
  submittedAt: z.iso.datetime({ offset: true }).optional().openapi({
    description: 'ISO 8601 with offset; defaults to now. A moment outside the published calendar is 422 INVALID_DATE',
    example: '2025-03-20T19:10:00+05:00',
  }),
});

export const ZTermPlan = z
  .object({
    service: z.string(),
    submittedAt: z.string(),
    registeredAt: z.string(),
    milestones: z.array(ZMilestone),
    dueAt: z.string(),
    calendarVersion: z.string(),
  })
  .openapi('TermPlan');
export type TTermPlan = z.infer<typeof ZTermPlan>;

// ---- health ------------------------------------------------------------------------------------

export const ZHealth = z.object({ status: z.literal('ok') }).openapi('Health');
export const ZReady = z
  .object({
    status: z.enum(['ready', 'not-ready']),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), error: z.string().optional() })),
  })
  .openapi('Readiness');
