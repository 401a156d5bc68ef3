/**
 * Law that changes by decree, as versioned data: the calendar (holidays, Kurban Ait, transfer orders),
 * the MRP of a year, … Each published version names the act that sets it and who published it. A case
 * records the version it uses; a version published later reaches a running case as a signal that carries
 * the data itself (recorded in the case's history, so a replay never changes).
 * Pure: imported by workflows, the API and the worker.
 */
import { z } from 'zod';
import { EMBEDDED_CALENDAR, type CalendarData } from './calendar';

export const REFERENCE_DATA_KINDS = ['calendar', 'mrp', 'fees', 'working-hours'] as const;
export type ReferenceDataKind = (typeof REFERENCE_DATA_KINDS)[number];

/** `kz-calendar@3`, `kz-mrp@2` … (ours: the number alone says the order, the prefix the kind). */
export function versionName(kind: ReferenceDataKind, number: number): string {
  if (kind === 'calendar' && number === 1) return EMBEDDED_CALENDAR.version;
  return `kz-${kind}@${number}`;
}

/**
 * The number in a version's name (versionName read back), to order versions that reach a case out of
 * order (each publication's broadcast runs on its own); version 1 — the build's data — for any other name.
 */
export function versionNumber(version: string): number {
  const m = /^kz-[a-z-]+@(\d+)$/.exec(version);
  return m ? Number(m[1]) : 1;
}

/** The act (decree, order, law) that sets a value: "Order of the Minister … No. 123 of 2024-04-17". */
export const ActSchema = z
  .object({
    title: z.string().trim().min(1).max(500).describe('e.g. "Order of the Minister of Labour and Social Protection"'),
    number: z.string().trim().min(1).max(100).optional().describe('the act\'s number, e.g. "123"'),
    date: z.iso.date().describe('the day the act was adopted (YYYY-MM-DD)'),
    url: z.url().max(2000).optional().describe('where the act is published, e.g. adilet.zan.kz'),
  })
  .strict();
export type Act = z.infer<typeof ActSchema>;

/** "Order of the Minister … No. 123 of 2024-04-17". */
export function describeAct(act: Act): string {
  return `${act.title}${act.number ? ` No. ${act.number}` : ''} of ${act.date}`;
}

/** A new calendar version reaches the running cases: they recompute the deadlines still ahead of them. */
export interface CalendarPublished {
  kind: 'calendar';
  version: string;
  act: Act;
  /** What changed, in words: "2024-05-08 declared a day off, Saturday 2024-05-04 a working day". */
  summary: string;
  publishedAt: string;
  publishedBy: string;
  calendar: CalendarData;
}

/** A year's MRP was published: a case waiting for it asks again at once. */
export interface MrpPublished {
  kind: 'mrp';
  version: string;
  act: Act;
  publishedAt: string;
  publishedBy: string;
  year: number;
  tenge: number;
}

export type ReferenceDataPublished = CalendarPublished | MrpPublished;
