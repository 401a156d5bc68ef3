/**
 * State fees in monthly calculation indices (MRP, АЕК) and the MRP's tenge value per year.
 * The MRP is set each year by the republican budget law; a fee is charged at the MRP in force on the day
 * it is charged (Kazakhstan time). Pure: used by the API, the term calculator and the reference-data
 * activity (workflows never read this table themselves: they ask that activity, so its answer is in their
 * history and a value published later never changes a replay).
 */
import { DomainError } from './errors';
import type { ServiceCode } from './services';

export interface MrpValue {
  year: number;
  tenge: number;
  /** The budget law that sets it. */
  source: string;
}

/**
 * The MRP's tenge value per calendar year. Add a row each December when the new budget law is signed.
 * 2027 is absent on purpose: the 2027–2029 budget law's value could not be confirmed from a source here.
 * A case that needs a missing year waits for it (workflows/shared/reference-data.ts); it never guesses.
 */
export const MRP_BY_YEAR: readonly MrpValue[] = [
  { year: 2024, tenge: 3692, source: 'Law of the RK "On the republican budget for 2024–2026" (signed 2023-12-05)' },
  { year: 2025, tenge: 3932, source: 'Law of the RK "On the republican budget for 2025–2027"' },
  { year: 2026, tenge: 4325, source: 'Law of the RK "On the republican budget for 2026–2028" (signed 2025-12-08)' },
];

/** Fee per service in MRP, with the provision that sets it. Free and zero-rate services are absent. */
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

/** The MRP in force on the day of `at`, or undefined when that year's budget law is not in the data. */
export function mrpOn(at: Date): MrpValue | undefined {
  const year = kzYear(at);
  return MRP_BY_YEAR.find((r) => r.year === year);
}

/** MRP in tenge for the year of `at`; REFERENCE_DATA_MISSING (503) for a year the data does not cover. */
export function mrpTenge(at: Date): number {
  const row = mrpOn(at);
  if (!row) {
    const known = MRP_BY_YEAR.map((r) => r.year).join(', ');
    throw new DomainError(
      'REFERENCE_DATA_MISSING',
      `no MRP value for ${kzYear(at)} (known years: ${known}): that year's budget law is not in the reference data yet`,
    );
  }
  return row.tenge;
}

/**
 * The MRP-denominated fee of a service in tenge on `at`. Throws for a service with no MRP fee here (a
 * free or zero-rate service: see its ServiceDescriptor), rather than charging 0 by mistake.
 */
export function feeTenge(service: ServiceCode, at: Date): number {
  const fee = FEE_MRP[service];
  if (!fee) throw new RangeError(`no MRP fee is set for ${service} in domain/fees.ts`);
  return fee.mrp * mrpTenge(at);
}
