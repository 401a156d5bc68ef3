/**
 * State fees in monthly calculation indices (MRP, АЕК) and the MRP's tenge value per year.
 * The MRP is set each year by the republican budget law; a fee is charged at the value of the year in
 * which it is charged (Kazakhstan time). Pure: used by workflows, the API and the term calculator.
 */
import type { ServiceCode } from './services';

export interface MrpValue {
  year: number;
  tenge: number;
  /** The budget law that sets it. */
  source: string;
}

/** The MRP's tenge value per calendar year. Add a row each December when the new budget law is signed. */
export const MRP_BY_YEAR: readonly MrpValue[] = [
  { year: 2025, tenge: 3932, source: 'Law of the RK "On the republican budget for 2025–2027"' },
  { year: 2026, tenge: 4325, source: 'Law of the RK "On the republican budget for 2026–2028" (signed 2025-12-08)' },
];

/** Fee per service in MRP, with the provision that sets it. Free services are absent. */
export const FEE_MRP: Partial<Record<ServiceCode, { mrp: number; regulation: string }>> = {
  // seed 003 Annex 2 item 6(1), Tax Code art. 554(4): license fee for issuing the license — 10 MRP
  'flag-emblem-license': { mrp: 10, regulation: 'seed 003 Annex 2 item 6(1); Tax Code art. 554(4)' },
  // seed 003 Annex 2 item 6(2), Tax Code art. 554(4): license fee for re-issuing it — 1 MRP
  'flag-emblem-license-reissue': { mrp: 1, regulation: 'seed 003 Annex 2 item 6(2); Tax Code art. 554(4)' },
};

/** The year of a moment in Kazakhstan (UTC+5, one zone since 2024-03-01): 2025-12-31T20:00Z is already 2026. */
export function kzYear(at: Date): number {
  return new Date(at.getTime() + 5 * 3600_000).getUTCFullYear();
}

/** MRP in tenge for the year of `at`; throws for a year the budget data does not cover. */
export function mrpTenge(at: Date): number {
  const year = kzYear(at);
  const row = MRP_BY_YEAR.find((r) => r.year === year);
  if (!row) {
    const known = MRP_BY_YEAR.map((r) => r.year).join(', ');
    throw new RangeError(`no MRP value for ${year} (known years: ${known}); add it from that year's budget law to domain/fees.ts`);
  }
  return row.tenge;
}

/**
 * The MRP-denominated fee of a service in tenge on `at`. Throws for a service with no MRP fee here (a
 * free service, or a fee fixed in tenge: see its ServiceDescriptor), rather than charging 0 by mistake.
 */
export function feeTenge(service: ServiceCode, at: Date): number {
  const fee = FEE_MRP[service];
  if (!fee) throw new RangeError(`no MRP fee is set for ${service} in domain/fees.ts`);
  return fee.mrp * mrpTenge(at);
}
