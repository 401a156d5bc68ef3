import type { YearData } from './types';

/**
 * 2029 — DERIVED FROM THE RULES, NOT CHECKED against an official production calendar (none is published
 * this early). It keeps the data a year ahead of 2028 (test/domain/calendar-coverage.test.ts); replace it
 * with the official calendar when it is published and bump CALENDAR_VERSION.
 */
export const Y2029: YearData = {
  year: 2029,
  // UNCERTAIN: astronomical projection of 10 Dhu al-Hijjah 1450, Tuesday 24 April 2029, not the
  // Spiritual Administration's announcement. A ±1 day shift changes a working day.
  kurbanAit: '2029-04-24',
  transfers: [],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5, with Constitution Day on 15 March (see y2026.ts)',
    'Kurban Ait: astronomical projection, not an announcement (see the comment above)',
    'Transfers: none known; orders are usually issued in the preceding autumn or weeks before the day',
  ],
  notes: ['The whole year is rule-derived; replace with the official production calendar when it is published and bump CALENDAR_VERSION.'],
};
