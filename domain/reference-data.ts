/**
 * Law that changes by decree, as versioned data: the calendar (holidays, Kurban Ait, transfer orders),
 * the MRP of a year, … Each published version names the act that sets it and who published it. A case
 * records the version it uses; a version published later reaches a running case as a signal that carries
 * the data itself (recorded in the case's history, so a replay never changes).
 * Pure: imported by workflows, the API and the worker.
 */
import { z } from 'zod';
import type { CalendarData } from './calendar';

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

/**
 * The number of a calendar version, to order versions that reach a case out of order (each publication's
 * broadcast runs on its own): `kz-calendar@N` → N; the build's embedded version counts as 1.
 */
export function calendarVersionNumber(version: string): number {
  const m = /@(\d+)$/.exec(version);
  return m && version.startsWith('kz-calendar@') ? Number(m[1]) : 1;
}
