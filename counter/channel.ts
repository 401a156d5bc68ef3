/**
 * The State Corporation counter channel (seed 001 ¶9, ¶11, ¶12; seed 002 ¶4, ¶8): what any service
 * declares to be served at the counter, and the channel's own numbers. A kernel like reference-data/ and
 * register/: it never imports services/. A service names the channel in its descriptor (`channels`
 * includes 'state-corporation') and gives its ServiceModule a `counter` descriptor (CounterIntake); the API
 * (counter/routes.ts) and the worker (counter/activities.ts) derive everything from the registry.
 * Pure and deterministic: the workflows import it too.
 */
import type { IndividualRecord, LegalEntityRecord } from '../adapters/state-databases/port';
import type { NotarisedPowerOfAttorney } from '../adapters/notarial-system/port';
import type { BusinessCalendar } from '../domain/calendar';
import { kzMoment, toKzIso } from '../domain/calendar';
import type { LocalizedText } from '../domain/services';

// ── The channel's numbers ─────────────────────────────────────────────────────────────────────────────

/** seed 002 ¶4(2): the longest permitted wait in the queue, from the ticket to the call (seed 001 is silent). */
export const WAITING_SLA_MINUTES = 20;
/** seed 001 ¶9(2) (S1, S3–S5) and seed 002 ¶4(3): processing the request at the counter, from the call to the end of intake. */
export const SERVICE_SLA_MINUTES = 20;
/**
 * ours: an uncollected result is kept at the branch for one calendar month, then returned to the provider.
 * Seed 001 says nothing of it (close reading §1.6); one month is the usual clause of the service standards
 * of the period, chosen and cited as ours (REGULATION.md).
 */
export const RESULT_RETENTION_MONTHS = 1;
export const RESULT_RETENTION_SOURCE = 'ours (seed 001 is silent, §1.6): one calendar month, then returned to the provider';

// ── What a service declares ──────────────────────────────────────────────────────────────────────────

/** A paper document the operator marks as presented (seed 001 ¶11(6), P5). */
export interface PaperDocument {
  code: string;
  name: LocalizedText;
  required: boolean;
  /** Where the list comes from (the base regulation's list, or "ours"). */
  source: string;
}

/** The ¶12(2) limit on handing over the result, with the regulation's own wording. */
export interface HandOverLimit {
  minutes: number;
  /** S1 says "not more than 20 minutes" (аспайды); S3–S5 say "20 minutes". */
  wording: 'not-more-than' | 'exactly';
  regulation: string;
}

/** A power of attorney as the operator enters it: ¶11(2) data only when it is notarised. */
export type PowerOfAttorneyEntry =
  | { kind: 'notarised'; number: string; certifiedOn: string }
  /** Certified otherwise (by the employer, …): the PoA fields stay empty and no look-up is made. */
  | { kind: 'other' };

/** seed 001 ¶11(2): a legal entity, by its BIN (every seed 001 service; `kind` absent in older visits). */
export interface CounterLegalEntity {
  kind?: 'legal-entity';
  bin: string;
  name: string;
}
/** seed 002 ¶9 (categories 1, 4, 7): an individual, by the IIN, compared with the individuals database. */
export interface CounterIndividual {
  kind: 'individual';
  iin: string;
  name: string;
}
/** What the operator enters about the applicant, whatever the service. */
export type CounterApplicant = CounterLegalEntity | CounterIndividual;
export type CounterApplicantKind = 'legal-entity' | 'individual';

export function applicantKindOf(a: CounterApplicant): CounterApplicantKind {
  return a.kind === 'individual' ? 'individual' : 'legal-entity';
}
/** The applicant's identification number (BIN or IIN), for the form and the receipt. */
export function applicantIdOf(a: CounterApplicant): { bin: string } | { iin: string } {
  return a.kind === 'individual' ? { iin: a.iin } : { bin: a.bin };
}
export interface CounterRepresentative {
  iin: string;
  fullName: string;
  powerOfAttorney: PowerOfAttorneyEntry;
}

/** The operator's entry plus what the look-ups returned: what a service builds its application from. */
export interface CounterIntakeData<F = unknown, A extends CounterApplicant = CounterLegalEntity> {
  applicant: A;
  representative?: CounterRepresentative;
  /** The service's own part of the form (CounterIntake.form). */
  form: F;
  lookedUp: { legalEntity?: LegalEntityRecord; individual?: IndividualRecord; powerOfAttorney?: NotarisedPowerOfAttorney };
  /** The codes of the paper documents the operator marked as presented (¶11(6)). */
  paperDocuments?: readonly string[];
}

/**
 * seed 002 ¶9–¶10, A9: a service whose regulation refuses an incomplete package at the counter with a
 * receipt (instead of the operator being unable to go on) declares it; signing with a required paper
 * document unmarked then issues that receipt, listing the missing documents, and nothing is forwarded.
 */
export interface IncompletePackageReceipt {
  /** The receipt's name, e.g. "Receipt refusing to accept the documents (A9)". */
  title: string;
  /** Copies made (seed 002 A9: 2, one for each party). */
  copies: number;
  regulation: string;
}

/** What the visit needs to know of a service (plain data: it goes into the visit workflow's history). */
export interface CounterServiceTerms {
  serviceCode: string;
  title: LocalizedText;
  /**
   * seed 001 ¶11(3): which state databases the intake asks; seed 002 ¶9: the individuals database for an
   * individual applicant (`individual`, absent in older visits = not asked).
   */
  lookups: { legalEntity: boolean; notarisedPowerOfAttorney: boolean; individual?: boolean };
  /** Who may apply at the counter (absent = legal entities only, as seed 001). */
  applicants?: readonly CounterApplicantKind[];
  paperDocuments: readonly PaperDocument[];
  serviceMinutes: { minutes: number; regulation: string };
  handOver: HandOverLimit;
  /** seed 002 A9: an incomplete package ends the visit with this receipt (absent: the operator cannot sign). */
  incompletePackage?: IncompletePackageReceipt;
  /** The regulation of the acceptance receipt (absent: seed 001 ¶9(1)). */
  receiptRegulation?: string;
}

/**
 * The counter descriptor a service's module carries (ServiceModule.counter). `form` is a zod schema
 * (the service's own fields); `toApplication` builds the module's application input from the intake
 * (the worker parses it with the module's own input schema before forwarding, so a counter application
 * is the same application as a portal one).
 */
export interface CounterIntake<F = unknown, A extends CounterApplicant = CounterLegalEntity> {
  terms: Omit<CounterServiceTerms, 'serviceCode' | 'title'>;
  /**
   * The paper documents for this very package when the list depends on what is entered (seed 002 ¶9: by
   * the applicant's category, and a power of attorney only with a representative); absent: terms.paperDocuments.
   */
  paperDocumentsFor?(form: F, o: { representative: boolean }): readonly PaperDocument[];
  /** Cross-checks of the applicant against the form (e.g. the same IIN), each naming its field. */
  check?(applicant: A, form: F): Array<{ field: string; message: string }>;
  /** The service's part of the intake form (a zod schema, typed loosely so the kernel needs no zod type). */
  form: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: F }
      | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }> } };
  };
  /** An example of the form part that succeeds (OpenAPI, README). */
  formExample: F;
  toApplication(intake: CounterIntakeData<F, A>): unknown;
}

// ── State Corporation hours (reference data, not code) ───────────────────────────────────────────────

/** The reference-data working-hours row this channel reads (seed 002 ¶8(2)). */
export interface CounterHours {
  weekdays: readonly number[];
  periods: ReadonlyArray<{ start: string; end: string }>;
  source: string;
}

/**
 * Is the State Corporation open at `at`: a weekday of its schedule, not a public holiday or a day off of
 * the calendar, within one of its periods (seed 002 ¶8(2): Mon–Sat 09:00–20:00, no lunch, except Sundays
 * and holidays). A Saturday is open unless the calendar lists it as a holiday or a moved day off.
 */
export function isCounterOpen(hours: CounterHours, cal: BusinessCalendar, at: Date): boolean {
  const local = cal.localDateOf(at);
  const weekday = isoWeekday(local);
  if (!hours.weekdays.includes(weekday)) return false;
  if (weekday <= 5 && !cal.isWorkingDay(local)) return false;
  const special = cal.specialDaysOf(Number(local.slice(0, 4))).find((d) => d.date === local);
  if (special && !special.working) return false;
  return hours.periods.some((p) => at.getTime() >= kzMoment(local, p.start).getTime() && at.getTime() < kzMoment(local, p.end).getTime());
}

/** 1 = Monday … 7 = Sunday of a YYYY-MM-DD date. */
export function isoWeekday(localDate: string): number {
  const d = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Why a moment is outside the State Corporation's hours, in words (for a refused booking). */
export function describeHours(hours: CounterHours): string {
  const names = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return `${hours.weekdays.map((d) => names[d]).join(', ')} ${hours.periods.map((p) => `${p.start}–${p.end}`).join(', ')}, except public holidays (${hours.source})`;
}

/** The moment `minutes` after `from` (SLA timers count wall-clock minutes). */
export function minutesAfter(from: Date, minutes: number): Date {
  return new Date(from.getTime() + minutes * 60_000);
}

export { toKzIso };
