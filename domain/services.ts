/**
 * The service catalogue: what the portal shows before anyone applies (GET /v1/services) and what the
 * term calculator (GET /v1/calendar/term) plans with. One entry per regulation; the numbers here are
 * the regulation's, cited to their paragraphs and pinned in test/domain/services.test.ts.
 */
export const SERVICE_CODES = ['sme-registration', 'flag-emblem-license', 'flag-emblem-license-reissue'] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export function isServiceCode(s: string): s is ServiceCode {
  return (SERVICE_CODES as readonly string[]).includes(s);
}

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
} as const;
export type LicensorBody = keyof typeof LICENSOR_BODIES;

export type LocalizedText = { kk: string; ru: string; en: string };

export type ServiceTerm =
  /** N working days counted from registration (seed 003 ¶9, ¶12). */
  | { kind: 'working-days'; days: number; regulation: string }
  /** N hours counted from the complete electronic application (seed 000 ¶4). */
  | { kind: 'hours'; hours: number; regulation: string };

export type ServiceFee =
  | { kind: 'free' }
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
