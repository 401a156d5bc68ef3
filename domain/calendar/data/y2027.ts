import type { YearData } from './types';

/**
 * 2027 — DERIVED FROM THE RULES, NOT CHECKED against an official production calendar (none was
 * published when this was written). Computed days off on weekdays: 1 Jan, 4 Jan (for Sat 2 Jan),
 * 7 Jan; 8 Mar; 15 Mar (Constitution Day); 22, 23 Mar, 24 Mar (for Sun 21 Mar); 3 May (for Sat 1 May),
 * 7 May, 10 May (for Sun 9 May); 6 Jul; 25 Oct; 16 Dec. No transfers known.
 */
export const Y2027: YearData = {
  year: 2027,
  // UNCERTAIN: the Spiritual Administration's 2027 calendar was not available. Astronomical
  // projections of 10 Dhu al-Hijjah 1448 give Sunday 16 May 2027 (a Sunday changes nothing: religious
  // holidays never move). If it is announced as Monday 17 May, that day becomes a day off: update here.
  kurbanAit: '2027-05-16',
  transfers: [],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5, with Constitution Day on 15 March under the Constitution adopted on 15 March 2026 (see y2026.ts)',
    'Kurban Ait: astronomical projection, not an announcement (see the comment above)',
    'Transfers: none known; orders are usually issued in the preceding autumn or weeks before the day',
  ],
  notes: [
    'Constitution Day 15 March 2027 (Monday) is a day off and 30 August 2027 (Monday) is a working day — the choice explained in y2026.ts.',
    'The whole year is rule-derived; replace with the official production calendar when it is published and bump CALENDAR_VERSION.',
  ],
};
