/**
 * Complaints (Russian «жалоба», Kazakh «шағым») against a case's decision, action or inaction, for any
 * service: the two regimes, their addressees, their terms and the pure rules the complaint workflow
 * (workflows/complaints/) and the API (api/routes/complaints.ts) share.
 *
 *  - '2021': seed 003 ch. 3 ¶16–17 in the wording of 04.11.2021 No. 583-НҚ (Law on state services
 *    art. 25; APPC art. 91(4), 100(6)) — the provider, the quality authority or the reviewing body.
 *  - '2016': seed 002 ch. 3 ¶11–12 — the head of the provider, of the Ministry, or of the State
 *    Corporation (for its employees), 5 working days; then the quality authority, 15; then the court.
 *
 * Which regime and which bodies a service has is catalogue data (ServiceDefinition.complaints).
 * Pure and deterministic: imported by workflow code.
 */
import type { BusinessCalendar } from './calendar';

/**
 * The code a complaint's own record carries in the read model (its inbox, the overview), beside the
 * services' codes: a complaint is a case of its own, against a case of any service.
 */
export const COMPLAINT_SERVICE_CODE = 'complaint';

export const COMPLAINT_REGIMES = ['2021', '2016'] as const;
export type ComplaintRegime = (typeof COMPLAINT_REGIMES)[number];

/** The addressees of each regime (seed 003 ¶16; seed 002 ¶11). */
export const ADDRESSEES = {
  '2021': ['provider', 'quality-authority', 'reviewing-body'],
  '2016': ['provider-head', 'ministry-head', 'state-corporation-head', 'quality-authority'],
} as const satisfies Record<ComplaintRegime, readonly string[]>;

export const ALL_ADDRESSEES = [
  'provider',
  'quality-authority',
  'reviewing-body',
  'provider-head',
  'ministry-head',
  'state-corporation-head',
] as const;
export type Addressee = (typeof ALL_ADDRESSEES)[number];

/** A service's complaints as its catalogue entry declares them (GET /v1/services). */
export interface ServiceComplaints {
  regime: ComplaintRegime;
  /** Addressee → the body (a licensor body code in domain/services.ts) whose staff review it there. */
  bodies: Partial<Record<Addressee, string>>;
  /**
   * The service re-decides a case when a complaint against it is upheld (its workflow accepts the
   * `reconsideration` input; docs/complaints.md). False: the provider acts outside the system.
   */
  reconsideration: boolean;
  regulation: string;
}

/** seed 003 ¶16; seed 002 ¶11. Every number here is pinned by test/domain/complaints.test.ts. */
export const COMPLAINT_TERMS = {
  /** seed 003 ¶16: a complaint no later than 3 months from the day the applicant learned of the act. */
  filingMonths: 3,
  /** seed 003 ¶16 (Law art. 25(2)): the provider that rendered the service, 5 working days from registration. */
  providerWorkingDays: 5,
  /** seed 003 ¶16 (Law art. 25(2)); seed 002 ¶11: the quality authority, 15 working days from registration. */
  qualityAuthorityWorkingDays: 15,
  /** seed 003 ¶16: the reviewing body, 20 working days from receipt. */
  reviewingBodyWorkingDays: 20,
  /** seed 003 ¶16 (Law art. 25(4)): the provider's or quality authority's term extended by at most 10 working days. */
  maxExtensionWorkingDays: 10,
  /** seed 003 ¶16: the complainant notified of the extension within 3 working days of it, with the reasons. */
  extensionNoticeWorkingDays: 3,
  /** seed 003 ¶16 (APPC art. 91(4)): the provider forwards to the reviewing body within 3 working days of receipt. */
  forwardingWorkingDays: 3,
  /** seed 002 ¶11: the head of the provider, of the Ministry or of the State Corporation, 5 working days from registration. */
  headWorkingDays2016: 5,
} as const;

/** seed 003 ¶16 (Law art. 25(4)): the only grounds for an extension. */
export const EXTENSION_GROUNDS = ['further-study', 'on-site-check', 'more-information'] as const;
export type ExtensionGround = (typeof EXTENSION_GROUNDS)[number];

export const EXTENSION_GROUND_TEXT: Readonly<Record<ExtensionGround, string>> = {
  'further-study': 'further study or checking is needed (Law on state services art. 25(4)(1))',
  'on-site-check': 'an on-site check is needed (Law on state services art. 25(4)(1))',
  'more-information': 'more information must be obtained (Law on state services art. 25(4)(2))',
};

/** What a review term counts from: registration (provider, quality authority, 2016 heads) or receipt (reviewing body). */
export interface ReviewTerm {
  workingDays: number;
  countedFrom: 'registration' | 'receipt';
  /** Whether the term may be extended (seed 003 ¶16: provider and quality authority, 2021 regime only). */
  extendable: boolean;
  regulation: string;
}

export function reviewTerm(regime: ComplaintRegime, addressee: Addressee): ReviewTerm {
  const t = COMPLAINT_TERMS;
  if (regime === '2016') {
    if (addressee === 'quality-authority')
      return { workingDays: t.qualityAuthorityWorkingDays, countedFrom: 'registration', extendable: false, regulation: 'seed 002 ¶11' };
    if (addressee === 'provider-head' || addressee === 'ministry-head' || addressee === 'state-corporation-head')
      return { workingDays: t.headWorkingDays2016, countedFrom: 'registration', extendable: false, regulation: 'seed 002 ¶11' };
    throw new Error(`the 2016 regime (seed 002 ¶11) has no addressee '${addressee}'`);
  }
  if (addressee === 'provider')
    return { workingDays: t.providerWorkingDays, countedFrom: 'registration', extendable: true, regulation: 'seed 003 ¶16' };
  if (addressee === 'quality-authority')
    return { workingDays: t.qualityAuthorityWorkingDays, countedFrom: 'registration', extendable: true, regulation: 'seed 003 ¶16' };
  if (addressee === 'reviewing-body')
    return { workingDays: t.reviewingBodyWorkingDays, countedFrom: 'receipt', extendable: false, regulation: 'seed 003 ¶16' };
  throw new Error(`the 2021 regime (seed 003 ¶16) has no addressee '${addressee}'`);
}

export function isAddresseeOf(regime: ComplaintRegime, addressee: string): addressee is Addressee {
  return (ADDRESSEES[regime] as readonly string[]).includes(addressee);
}

/** A complaint's plan: when it counts as registered, its review term, and the filing check. */
export interface ComplaintPlan {
  receivedAt: Date;
  /** Ours, as seed 003 ¶9 for applications: received after hours or on a day off → the next working day's start. */
  registeredAt: Date;
  dueAt: Date;
  term: ReviewTerm;
  /** seed 003 ¶16: the last moment to file (3 months from the day the applicant learned; a day off rolls on). */
  filingDeadline: Date;
  /** Filed after filingDeadline: flagged, not rejected (the seed states no consequence). */
  lateFiling: boolean;
  /** seed 003 ¶16 (APPC art. 91(4)): for a complaint the provider received for the reviewing body. */
  forwardBy?: Date;
  calendarVersion: string;
}

export function planComplaint(
  o: { regime: ComplaintRegime; addressee: Addressee; receivedAt: Date; learnedAt: Date; viaProvider?: boolean },
  cal: BusinessCalendar,
): ComplaintPlan {
  const term = reviewTerm(o.regime, o.addressee);
  const registeredAt = cal.registrationMoment(o.receivedAt);
  const from = term.countedFrom === 'receipt' ? o.receivedAt : registeredAt;
  const filingDeadline = cal.addCalendarMonths(o.learnedAt, COMPLAINT_TERMS.filingMonths);
  const forwarding = o.viaProvider === true && o.regime === '2021' && o.addressee === 'reviewing-body';
  return {
    receivedAt: o.receivedAt,
    registeredAt,
    dueAt: cal.addWorkingDays(from, term.workingDays),
    term,
    filingDeadline,
    lateFiling: o.receivedAt.getTime() > filingDeadline.getTime(),
    ...(forwarding ? { forwardBy: cal.addWorkingDays(o.receivedAt, COMPLAINT_TERMS.forwardingWorkingDays) } : {}),
    calendarVersion: cal.version,
  };
}

/** seed 003 ¶16: the term after an extension of `days` working days, counted on from the original end. */
export function extendedDueAt(dueAt: Date, days: number, cal: BusinessCalendar): Date {
  return cal.addWorkingDays(dueAt, days);
}

/** seed 003 ¶16: the notice of an extension is due within 3 working days of the extension. */
export function extensionNoticeBy(extendedAt: Date, cal: BusinessCalendar): Date {
  return cal.addWorkingDays(extendedAt, COMPLAINT_TERMS.extensionNoticeWorkingDays);
}

/** Why an extension is refused, or undefined when it is allowed (seed 003 ¶16: once, ≤ 10 working days, provider/quality authority). */
export function whyExtensionRefused(term: ReviewTerm, alreadyExtended: boolean, days: number): string | undefined {
  if (!term.extendable)
    return `this addressee's term cannot be extended (${term.regulation}: only the provider's or the quality authority's, 2021 regime)`;
  if (alreadyExtended) return 'the term was already extended once (seed 003 ¶16)';
  if (!Number.isInteger(days) || days < 1 || days > COMPLAINT_TERMS.maxExtensionWorkingDays)
    return `an extension is 1 to ${COMPLAINT_TERMS.maxExtensionWorkingDays} working days (seed 003 ¶16), got ${days}`;
  return undefined;
}

/** seed 003 ¶17 (APPC art. 100(6)); seed 002 ¶11–12: where a dismissed complaint may go next. */
export function nextSteps(regime: ComplaintRegime, addressee: Addressee): string[] {
  if (regime === '2016')
    return addressee === 'quality-authority'
      ? ['the court (seed 002 ¶12)']
      : [
          'the authorised body for the quality of state services, 15 working days from registration (seed 002 ¶11)',
          'the court (seed 002 ¶12)',
        ];
  return addressee === 'reviewing-body'
    ? ['another reviewing body (seed 003 ¶17, APPC art. 100(6))', 'the court (seed 003 ¶17, APPC art. 100(6))']
    : ['the reviewing body (a higher administrative body or official), 20 working days from receipt (seed 003 ¶16)', 'the court (APPC)'];
}

/**
 * What a reconsideration run's input adds to its service's own input (a service whose catalogue entry
 * says `reconsideration: true` accepts it): the case and the upheld complaint it re-decides.
 */
export interface ReconsiderationOf {
  originalApplicationId: string;
  originalAncn: string;
  complaintId: string;
  complaintAncn: string;
  /** The upheld decision's ANCN. */
  decisionAncn: string;
}
