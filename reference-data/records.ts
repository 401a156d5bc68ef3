/**
 * Reference data as versioned, sourced records: each kind (the business calendar, the MRP per year, the
 * services' fees, working hours) is a sequence of immutable versions 1, 2, 3 …; a version carries the
 * kind's whole data as of then, the act that set it and who published it. Version 1 of each kind is the
 * data compiled into this build (EMBEDDED below), so everything works with no setup; the current version
 * is the latest published. Pure: used by the stores, the API and the worker.
 */
import { EMBEDDED_CALENDAR, type CalendarData } from '../domain/calendar';
import { FEE_MRP, MRP_BY_YEAR } from '../domain/fees';
import { REFERENCE_DATA_KINDS, versionName, type Act, type ReferenceDataKind } from '../domain/reference-data';
import { z } from 'zod';

export { REFERENCE_DATA_KINDS, versionName, type ReferenceDataKind };

/** The MRP of one year and the budget law that set it. */
export interface MrpRow {
  year: number;
  tenge: number;
  /** The act in words (describeAct), also what a case records as the fee's source. */
  source: string;
  /** The act as structured data, for values published through the API. */
  act?: Act;
}

export interface MrpTable {
  years: readonly MrpRow[];
}

/** A service's fee in MRP (0: no fee) with the provision that sets it. */
export interface FeeRow {
  service: string;
  mrp: number;
  regulation: string;
}

export interface FeeTable {
  services: readonly FeeRow[];
}

/** `HH:MM` local time (UTC+5). */
export type ClockTime = string;

/** When a provider receives applications through a channel. Data only for now: terms still count with the provider's hours (domain/calendar/rules.ts). */
export interface WorkingHoursRow {
  /** 'licensor' (any licensing body) or 'state-corporation'. */
  provider: string;
  /** 'provider' (the office), 'state-corporation', 'portal'. */
  channel: string;
  /** ISO weekdays worked, 1 = Monday … 7 = Sunday (public holidays excluded by the calendar). */
  weekdays: readonly number[];
  /** Working periods of the day, in order; an empty list with `aroundTheClock` for the portal. */
  periods: ReadonlyArray<{ start: ClockTime; end: ClockTime }>;
  aroundTheClock?: boolean;
  source: string;
}

export interface WorkingHoursTable {
  schedules: readonly WorkingHoursRow[];
}

export interface KindData {
  calendar: CalendarData;
  mrp: MrpTable;
  fees: FeeTable;
  'working-hours': WorkingHoursTable;
}

/** One version of one kind. */
export interface ReferenceDataVersion<K extends ReferenceDataKind = ReferenceDataKind> {
  kind: K;
  number: number;
  /** The name a case records: the embedded calendar keeps its build name, published ones are `kz-<kind>@N`. */
  version: string;
  /** null for version 1: the data compiled into the build, sourced row by row. */
  act: Act | null;
  summary: string;
  /** null for version 1 (it has always been there). */
  publishedAt: Date | null;
  publishedBy: string;
  data: KindData[K];
}

/** What a publisher hands the store: the next number after `basedOn`, or StaleVersionError. */
export interface ReferenceDataDraft<K extends ReferenceDataKind = ReferenceDataKind> {
  kind: K;
  /** The number of the version this one was computed from (the current one when it was read). */
  basedOn: number;
  act: Act;
  summary: string;
  publishedAt: Date;
  publishedBy: string;
  /** The authenticated subject. */
  principal: string;
  data: KindData[K];
  /** A retried publish with the same key finds this version instead of publishing again. */
  requestKey?: string;
}

const SEED_002_HOURS = 'seed 002 ¶8';

/** Version 1 of each kind: what this build carries (domain/calendar/data, domain/fees.ts). */
export const EMBEDDED: { [K in ReferenceDataKind]: ReferenceDataVersion<K> } = {
  calendar: {
    kind: 'calendar',
    number: 1,
    version: EMBEDDED_CALENDAR.version,
    act: null,
    summary: 'the calendar compiled into the build (domain/calendar/data: sources per year)',
    publishedAt: null,
    publishedBy: 'build',
    data: EMBEDDED_CALENDAR,
  },
  mrp: {
    kind: 'mrp',
    number: 1,
    version: versionName('mrp', 1),
    act: null,
    summary: `the MRP compiled into the build (domain/fees.ts): ${MRP_BY_YEAR.map((r) => `${r.year} ${r.tenge} ₸`).join(', ')}`,
    publishedAt: null,
    publishedBy: 'build',
    data: { years: MRP_BY_YEAR.map((r) => ({ year: r.year, tenge: r.tenge, source: r.source })) },
  },
  fees: {
    kind: 'fees',
    number: 1,
    version: versionName('fees', 1),
    act: null,
    summary:
      'the fees compiled into the build (domain/fees.ts FEE_MRP); a service not listed charges no fee (its catalogue entry says why)',
    publishedAt: null,
    publishedBy: 'build',
    data: { services: Object.entries(FEE_MRP).flatMap(([service, f]) => (f ? [{ service, mrp: f.mrp, regulation: f.regulation }] : [])) },
  },
  'working-hours': {
    kind: 'working-hours',
    number: 1,
    version: versionName('working-hours', 1),
    act: null,
    summary: 'working hours compiled into the build (seed 002 ¶8, seed 003 Annex 2)',
    publishedAt: null,
    publishedBy: 'build',
    data: {
      schedules: [
        {
          provider: 'licensor',
          channel: 'provider',
          weekdays: [1, 2, 3, 4, 5],
          periods: [
            { start: '09:00', end: '13:00' },
            { start: '14:30', end: '18:30' },
          ],
          source: `${SEED_002_HOURS}; seed 003 Annex 2 (work schedule, item 2)`,
        },
        {
          provider: 'state-corporation',
          channel: 'state-corporation',
          weekdays: [1, 2, 3, 4, 5, 6],
          periods: [{ start: '09:00', end: '20:00' }],
          source: `${SEED_002_HOURS}: the State Corporation, Monday–Saturday 09:00–20:00 without a lunch break`,
        },
        {
          provider: 'licensor',
          channel: 'portal',
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          periods: [],
          aroundTheClock: true,
          source: `${SEED_002_HOURS}: the portal receives applications around the clock (registered by the provider's hours, seed 003 ¶9)`,
        },
      ],
    },
  },
};

// ---- the stored `data` column, checked on the way out (it is JSON; a hand edit must not crash a case) ----

const LocalDateSchema = z.iso.date();
const ActDataSchema = z.object({
  title: z.string(),
  number: z.string().optional(),
  date: z.string(),
  url: z.string().optional(),
});

export const YearDataSchema = z
  .object({
    year: z.number().int().min(2024).max(2100),
    kurbanAit: LocalDateSchema,
    transfers: z
      .array(z.object({ workingDay: LocalDateSchema, dayOff: LocalDateSchema, act: z.string().min(1).max(500) }).strict())
      .max(20),
    sources: z.array(z.string().min(1).max(1000)).max(50),
    notes: z.array(z.string().min(1).max(2000)).max(50),
  })
  .strict();

const DATA_SCHEMAS: { [K in ReferenceDataKind]: z.ZodType<KindData[K]> } = {
  calendar: z.object({ version: z.string(), years: z.array(YearDataSchema) }),
  mrp: z.object({
    years: z.array(z.object({ year: z.number().int(), tenge: z.number(), source: z.string(), act: ActDataSchema.optional() })),
  }),
  fees: z.object({ services: z.array(z.object({ service: z.string(), mrp: z.number(), regulation: z.string() })) }),
  'working-hours': z.object({
    schedules: z.array(
      z.object({
        provider: z.string(),
        channel: z.string(),
        weekdays: z.array(z.number().int()),
        periods: z.array(z.object({ start: z.string(), end: z.string() })),
        aroundTheClock: z.boolean().optional(),
        source: z.string(),
      }),
    ),
  }),
};

export const StoredActSchema = ActDataSchema;

/** The stored data of a kind, or an Error naming the version: a corrupt row is a bug, never a guess. */
export function parseKindData<K extends ReferenceDataKind>(kind: K, version: string, raw: unknown): KindData[K] {
  const r = DATA_SCHEMAS[kind].safeParse(raw);
  if (!r.success) throw new Error(`reference data ${version}: stored data is not valid ${kind} data (${r.error.issues[0]?.message ?? ''})`);
  return r.data;
}

export function isReferenceDataKind(s: string): s is ReferenceDataKind {
  return (REFERENCE_DATA_KINDS as readonly string[]).includes(s);
}
