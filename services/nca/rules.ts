/**
 * Seed 002 — the standard "Issue and revocation of registration certificates of the National Certification
 * Authority of the Republic of Kazakhstan" (Order No. 51 of 22.01.2016). The intake rules as pure
 * functions, so any channel (the provider's counter, the State Corporation's counter, the portal) calls
 * the same ones. Every number is cited and pinned in test/services/nca-rules.test.ts.
 *
 * Kazakh terms: тіркеу куәлігі = registration certificate; ҰКО (Ұлттық куәландыру орталығы) = NCA.
 */
import type { HandOverLimit } from '../../counter/channel';
import { embeddedCalendar, type BusinessCalendar } from '../../domain/calendar';

export const NCA_ISSUE_SERVICE_CODE = 'nca-certificate-issue';
export const NCA_REVOKE_SERVICE_CODE = 'nca-certificate-revoke';

/** The two services' names (the catalogue, and the e-mail notice of acceptance names the service, seed 002 ¶9). */
export const NCA_SERVICE_NAMES = {
  issue: {
    kk: 'ҚР Ұлттық куәландыру орталығының тіркеу куәліктерін беру',
    ru: 'Выдача регистрационных свидетельств Национального удостоверяющего центра Республики Казахстан',
    en: 'Issue of registration certificates of the National Certification Authority of the Republic of Kazakhstan',
  },
  revoke: {
    kk: 'ҚР Ұлттық куәландыру орталығының тіркеу куәліктерін кері қайтарып алу',
    ru: 'Отзыв регистрационных свидетельств Национального удостоверяющего центра Республики Казахстан',
    en: 'Revocation of registration certificates of the National Certification Authority of the Republic of Kazakhstan',
  },
};

/** seed 002 ¶4(1): the result within 1 working day of handing in the package. */
export const RESULT_TERM_WORKING_DAYS = 1;
/** seed 002 ¶4(2): the longest wait in the queue, minutes (an SLA timer: a breach is recorded, never aborts). */
export const QUEUE_WAIT_MINUTES = 20;
/** seed 002 ¶4(3): the longest service time at the counter, minutes (SLA timer). */
export const COUNTER_SERVICE_MINUTES = 20;
/**
 * seed 002 ¶4(3), ¶8(2): the result handed over at the State Corporation (its electronic queue) within the
 * service time of not more than 20 minutes; ours: the ¶4(3) limit applied to the hand-over visit.
 */
export const COUNTER_HAND_OVER: HandOverLimit = {
  minutes: COUNTER_SERVICE_MINUTES,
  wording: 'not-more-than',
  regulation: 'seed 002 ¶4(3)',
};
/** seed 002 ¶10(3): refused when the person is under 16 years old. ours: on the day of submission. */
export const MINIMUM_AGE_YEARS = 16;
/** seed 002 ¶9 item 6: the Treasury agreement is refused if more than 3 working days passed, signing day not counted. */
export const TREASURY_AGREEMENT_MAX_WORKING_DAYS = 3;
/** seed 002 A9: the receipt refusing intake is made in 2 copies, one for each party. */
export const A9_RECEIPT_COPIES = 2;
/** seed 002 ¶9: the State Corporation's acceptance receipt carries 5 items. */
export const ACCEPTANCE_RECEIPT_ITEMS = 5;

/** seed 002 ¶9, the table of §2.4: the eight applicant categories. */
export const APPLICANT_CATEGORIES = {
  1: { form: 'A1', name: 'individual' },
  2: { form: 'A2', name: 'sole proprietor in joint entrepreneurship' },
  3: { form: 'A2', name: 'legal-entity employee' },
  4: { form: 'A4', name: 'domain owner, individual (SSL)' },
  5: { form: 'A5', name: 'domain owner, legal entity (SSL)' },
  6: { form: 'A6', name: 'Treasury-Client participant' },
  7: { form: 'A1', name: 'non-resident individual' },
  8: { form: 'A2', name: 'non-resident legal entity' },
} as const;
export type ApplicantCategory = keyof typeof APPLICANT_CATEGORIES;
export const CATEGORY_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** The documents ¶9 names (the package handed in at a counter). */
export const DOCUMENTS = {
  'application-form': 'application form with its unique number (A1, A2, A4, A5 or A6)',
  'identity-document': 'identity document (of the applicant or the representative)',
  'notarised-power-of-attorney': 'notarised power of attorney (when a third party represents the applicant)',
  'one-time-power-of-attorney': 'one-time power of attorney of the legal entity (A3)',
  'proprietor-registration-certificate': 'certificate of state registration of the sole proprietor',
  'legal-entity-registration': 'reference or certificate of state (re)registration of the legal entity (if any)',
  'domain-ownership-document': 'KazNIC domain-ownership certificate or WHOIS extract (.KZ/.ҚАЗ)',
  'treasury-agreement': 'agreement (or supplementary agreement) on ECDS use between the Treasury Committee and the client',
  'residence-document':
    "IIN-bearing proof of registration in the RK (residence permit, stateless person's or foreigner's registration certificate)",
  'non-resident-registration':
    "BIN-bearing document of the non-resident entity (branch registration or non-resident's registration certificate)",
} as const;
export type DocumentKind = keyof typeof DOCUMENTS;

/**
 * What a category's package must hold (seed 002 ¶9, table §2.4). A power of attorney is needed only when
 * a representative acts (notarised for individuals; A3 for legal entities, which always act through one).
 */
export function requiredDocuments(category: ApplicantCategory, o: { representative: boolean; headForThemself?: boolean }): DocumentKind[] {
  const poa: DocumentKind[] = o.representative ? ['notarised-power-of-attorney'] : [];
  // ¶9 items 3 and 8: the head applying for themself gives a work certificate / appointment order instead of the A3.
  const a3: DocumentKind[] = o.headForThemself ? [] : ['one-time-power-of-attorney'];
  switch (category) {
    case 1:
      return ['application-form', 'identity-document', ...poa];
    case 2:
      return ['application-form', 'identity-document', ...poa, 'proprietor-registration-certificate'];
    case 3:
      return ['application-form', 'identity-document', ...a3];
    case 4:
      return ['application-form', 'identity-document', ...poa, 'domain-ownership-document'];
    case 5:
      return ['application-form', 'identity-document', ...a3, 'domain-ownership-document'];
    case 6:
      return ['application-form', 'identity-document', ...a3, 'treasury-agreement'];
    case 7:
      return ['application-form', 'identity-document', ...poa, 'residence-document'];
    case 8:
      return ['application-form', 'identity-document', ...a3, 'residence-document', 'non-resident-registration'];
  }
}

/** seed 002 ¶9–¶10: the missing documents (an empty list = complete). Incomplete → the A9 receipt. */
export function missingDocuments(
  category: ApplicantCategory,
  handedIn: readonly DocumentKind[],
  o: { representative: boolean; headForThemself?: boolean },
): DocumentKind[] {
  const have = new Set(handedIn);
  return requiredDocuments(category, o).filter((d) => !have.has(d));
}

/** Whole years of age on `onDate` (YYYY-MM-DD) for a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** seed 002 ¶10(3): under 16 on the day of submission (ours: that day, from the individuals database). */
export function isUnderMinimumAge(birthDate: string, submittedOn: string): boolean {
  return ageOn(birthDate, submittedOn) < MINIMUM_AGE_YEARS;
}

/**
 * seed 002 ¶9 item 6: the Treasury agreement is not accepted if more than 3 working days passed between
 * its signing and its submission to the NCA, the signing day not counted. `workingDaysBetween` counts the
 * working days d with signedOn < d ≤ submittedOn (ours: the submission day counts when it is a working day).
 */
export function treasuryAgreementTooOld(signedOn: string, submittedOn: string, cal: BusinessCalendar = embeddedCalendar): boolean {
  return cal.workingDaysBetween(signedOn, submittedOn) > TREASURY_AGREEMENT_MAX_WORKING_DAYS;
}

/**
 * A4/A5: every name the SSL certificate will carry (the CSR's CN and SANs, or the form's domain and
 * additional domains) must be among the domains the KazNIC certificate / WHOIS extract proves. Returns the
 * names that are not proven (empty = all proven). Case-insensitive; a trailing dot ignored.
 */
export function unprovenDomains(requested: readonly string[], proven: readonly string[]): string[] {
  const norm = (d: string): string => d.trim().toLowerCase().replace(/\.$/, '');
  const ok = new Set(proven.map(norm));
  return [...new Set(requested.map(norm))].filter((d) => !ok.has(d));
}

/** seed 002 ¶10: the grounds for a reasoned refusal. */
export const REFUSAL_GROUNDS = {
  'false-information': 'seed 002 ¶10(1): false information submitted',
  'court-decision': 'seed 002 ¶10(2): a court decision in force',
  'under-16': 'seed 002 ¶10(3): the applicant is under 16 years old',
} as const;
export type RefusalGround = keyof typeof REFUSAL_GROUNDS;

/** seed 002 ¶9: a repeat application on the portal is open to every category except Treasury-Client (6). */
export function portalRepeatAllowed(category: ApplicantCategory): boolean {
  return category !== 6;
}

/** seed 002 ¶9 item 3 (law) and ours for 5, 6 and 8 (legal entities too, §5.3 step 2): the head confirms beforehand. */
export function needsHeadConfirmation(category: ApplicantCategory): boolean {
  return category === 3 || category === 5 || category === 6 || category === 8;
}

/** seed 002 ¶6: individuals, legal entities and Treasury get a signing and an authentication certificate; SSL one. */
export function certificatesFor(category: ApplicantCategory): Array<'signing' | 'authentication' | 'ssl'> {
  return category === 4 || category === 5 ? ['ssl'] : ['signing', 'authentication'];
}

/** The State Corporation-style acceptance receipt (seed 002 ¶9): exactly its 5 items. */
export interface AcceptanceReceipt {
  /** (1) date and number of the request */
  request: { number: string; acceptedAt: string };
  /** (2) the service */
  service: string;
  /** (3) number and names of the documents */
  documents: { count: number; names: string[] };
  /** (4) when and where the result is issued */
  result: { dueAt: string; place: string };
  /** (5) the accepting employee */
  employee: string;
}

export function acceptanceReceipt(p: {
  number: string;
  acceptedAt: string;
  handedIn: readonly DocumentKind[];
  dueAt: string;
  place: string;
  employee: string;
}): AcceptanceReceipt {
  return {
    request: { number: p.number, acceptedAt: p.acceptedAt },
    service: 'Issue of registration certificates of the National Certification Authority of the Republic of Kazakhstan',
    documents: { count: p.handedIn.length, names: p.handedIn.map((d) => DOCUMENTS[d]) },
    result: { dueAt: p.dueAt, place: p.place },
    employee: p.employee,
  };
}
