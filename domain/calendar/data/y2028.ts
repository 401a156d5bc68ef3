import type { YearData } from './types';

/**
 * 2028 — DERIVED FROM THE RULES, NOT CHECKED against an official production calendar (none is published
 * this early). It exists so that a case can always compute its terms at least a year ahead
 * (test/domain/calendar-coverage.test.ts); replace it with the official calendar when it is published
 * and bump CALENDAR_VERSION.
 */
export const Y2028: YearData = {
  year: 2028,
  // UNCERTAIN: astronomical projection of 10 Dhu al-Hijjah 1449, Friday 5 May 2028, not the Spiritual
  // Administration's announcement (published the autumn before). A ±1 day shift changes a working day.
  kurbanAit: '2028-05-05',
  transfers: [],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5, with Constitution Day on 15 March (see y2026.ts)',
    'Kurban Ait: astronomical projection, not an announcement (see the comment above)',
    'Transfers: none known; orders are usually issued in the preceding autumn or weeks before the day',
  ],
  notes: ['The whole year is rule-derived; replace with the official production calendar when it is published and bump CALENDAR_VERSION.'],
};
