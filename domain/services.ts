/**
 * The catalogue's vocabulary: what a service descriptor says (GET /v1/services, GET /v1/calendar/term)
 * and the licensor bodies. Each service's own descriptor lives in its folder (services/<family>/) and
 * the list of services in services/index.ts; the kernels know a service only by its code.
 */
import { z } from 'zod';

/**
 * A service's code, e.g. 'flag-emblem-license'. The list of codes is the registry's (services/index.ts),
 * which kernels cannot import: the composition roots hand it to the stores (StoreOptions.serviceCodes),
 * and the API's enums read it directly. Kernels check only the shape (ServiceCodeSchema).
 */
export type ServiceCode = string;

/** The shape every service code has: lowercase words joined by "-" (the register's and the stores' check). */
export const ServiceCodeSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a service code: lowercase words joined by "-"');

/** Licensor bodies (providers). Staff credentials name one of these. */
export const LICENSOR_BODIES = {
  'state-corporation': {
    kk: '"Азаматтарға арналған үкімет" мемлекеттік корпорациясы',
    ru: 'Государственная корпорация «Правительство для граждан»',
    en: 'State Corporation "Government for Citizens"',
  },
  ctrm: {
    kk: 'ҚР Сауда және интеграция министрлігінің Техникалық реттеу және метрология комитеті',
    ru: 'Комитет технического регулирования и метрологии Министерства торговли и интеграции РК',
    en: 'Committee for Technical Regulation and Metrology, Ministry of Trade and Integration',
  },
  // Complaints (seed 003 ¶16; seed 002 ¶11): the bodies that review them besides the providers above.
  /** The authorised body for assessing and controlling the quality of state services (seed 003 ¶16). */
  'quality-authority': {
    kk: 'Қазақстан Республикасының Мемлекеттік қызмет істері агенттігі',
    ru: 'Агентство Республики Казахстан по делам государственной службы',
    en: 'Agency for Civil Service Affairs (quality of state services)',
  },
  /** The reviewing body (higher administrative body) of the CTRM: its ministry (seed 003 ¶16, APPC art. 91). */
  mti: {
    kk: 'Қазақстан Республикасының Сауда және интеграция министрлігі',
    ru: 'Министерство торговли и интеграции Республики Казахстан',
    en: 'Ministry of Trade and Integration',
  },
  /** The reviewing body of the State Corporation: the ministry it reports to (seed 003 ¶16, APPC art. 91). */
  mdai: {
    kk: 'Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі',
    ru: 'Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан',
    en: 'Ministry of Digital Development, Innovation and Aerospace Industry',
  },
  // seed 001 names no provider (§1.3 of the close reading): in 2016 the MNE's Committee on Trade issued these
  // licences; ours, from configuration of the catalogue, not from the seed.
  'mne-trade': {
    kk: 'ҚР Ұлттық экономика министрлігінің Сауда комитеті',
    ru: 'Комитет торговли Министерства национальной экономики РК',
    en: 'Committee on Trade, Ministry of National Economy',
  },
  // seed 002 ¶2: the NCA's services are provided by the RSE "State Technical Service" of the ministry (MDAI today).
  sts: {
    kk: '«Мемлекеттік техникалық қызмет» шаруашылық жүргізу құқығындағы республикалық мемлекеттік кәсіпорны',
    ru: 'Республиканское государственное предприятие на праве хозяйственного ведения «Государственная техническая служба»',
    en: 'Republican State Enterprise "State Technical Service"',
  },
} as const;
export type LicensorBody = keyof typeof LICENSOR_BODIES;

export type LocalizedText = { kk: string; ru: string; en: string };

export type ServiceTerm =
  /** N working days counted from registration (seed 003 ¶9, ¶12). */
  | { kind: 'working-days'; days: number; regulation: string }
  /** N hours counted from the complete electronic application (seed 000 ¶4). */
  | { kind: 'hours'; hours: number; regulation: string };

export type ServiceFee =
  /** No fee is charged by the service; `note` says why when the regulation itself is silent. */
  | { kind: 'free'; note?: string }
  /** Fee in monthly calculation indices (MRP); tenge value per year in domain/fees.ts. */
  | { kind: 'mrp'; mrp: number; regulation: string }
  /** A fixed state-registration fee in tenge. */
  | { kind: 'tenge'; tenge: number; regulation: string };

export interface ServiceDescriptor {
  code: ServiceCode;
  name: LocalizedText;
  licensorBody: LicensorBody;
  term: ServiceTerm;
  fee: ServiceFee;
  channels: Array<'portal' | 'state-corporation' | 'provider'>;
  /** Human reference, e.g. "Seed 003: Order No. 166-НҚ of 2020-05-18 (reg. No. 20667)". */
  regulation: string;
}

/**
 * Who decides a service's applications and whose signature the result carries. Two facts, not one,
 * because they come apart: SME registration has no staff step, yet its result is the provider's.
 *  - 'staff': the licensor's employees review; an authorized person signs with ECDS (seed 003 ¶12).
 *  - 'automatic': seed 004 ¶18-1 — a service on the approved list: the system makes the checks with no
 *    staff and signs the result (permit or reasoned refusal) with its owner's transport signature.
 *  - 'registry': the request is processed by a state registry's automated checks with no staff step
 *    (seed 000 ¶5.12), but the service is not on the ¶18-1 list: the notification or the reasoned
 *    refusal is signed with the provider's ECDS (seed 000 ¶5.12-2). Not automatic mode.
 */
export interface ServiceReview {
  mode: 'staff' | 'automatic' | 'registry';
  signature: 'provider-ecds' | 'system-transport-signature';
  regulation: string;
}

export const REVIEW_MODES = ['staff', 'automatic', 'registry'] as const;

/**
 * Whether a service's term stops while an approving state body answers (the request itself is sent either
 * way). seed 004 ¶39.9 lets the executor suspend the term only "in the cases provided by the legislation on
 * state services", so this is each service's own rule, with the provision that grants or withholds it.
 */
export interface TermSuspension {
  whileApprovingBodyAnswers: boolean;
  /** The provision: the service's own act that provides the suspension, or says nothing of it. */
  regulation: string;
}
