import type { YearData } from './types';

/**
 * 2026. Computed days off on weekdays: 1, 2, 7 Jan; 9 Mar (for Sun 8 Mar); 23 Mar, 24–25 Mar
 * (for Sat 21, Sun 22 Mar); 1, 7 May, 11 May (for Sat 9 May); 27 May (Kurban Ait); 6 Jul;
 * 26 Oct (for Sun 25 Oct); 16 Dec. No transfers. 31 August is a WORKING day (see notes).
 */
export const Y2026: YearData = {
  year: 2026,
  // Wednesday. Spiritual Administration of Muslims of Kazakhstan calendar for 2026, published
  // 6 Nov 2025 (zakon.kz, baq.kz, kazpravda.kz 2026-01-14); it warns dates may move by ±1 day with the new moon.
  kurbanAit: '2026-05-27',
  transfers: [],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5, as affected by the new Constitution (below)',
    'No transfers: 1–4 January rest without a transfer (Government/egov as reported by alau.kz 2025-11-19, inform.kz 2025-11-28); no other transfer order known when this data was written',
    'Moved days off 9 May → 11 May, 25 Oct → 26 Oct: mgorod.kz "Holidays in 2026"',
    'New Constitution adopted at the republican referendum of 15 March 2026 (CEC preliminary results 16 March 2026: 87.15 % in favour), in force 1 July 2026; its final provisions (art. 94 of the published draft) declare the day of adoption Constitution Day',
    'Ministry of Labour and Social Protection, as reported by taspanews.kz on 18 March 2026: 30 August is no longer Constitution Day nor a day off from 2026; 15 March is celebrated from 2027',
  ],
  notes: [
    'DISAGREEMENT — Constitution Day 2026. Calendars published in 2025 (e.g. mgorod.kz) list 30 August 2026 (Sunday) with the day off moved to Monday 31 August. After the 15 March 2026 referendum the Ministry of Labour said 30 August is no longer a holiday from 2026. CHOICE: we follow the later, official statement: 31 August 2026 is a working day. We have not seen the amending text of the Law on holidays; if it keeps 30 August for 2026, add the day off and bump CALENDAR_VERSION.',
    'Kurban Ait may shift by one day with the new moon; 27 May 2026 is the announced date.',
    'Transfers for 2026 may still be ordered during the year (they usually are announced weeks ahead); a new order means new data and a new CALENDAR_VERSION.',
  ],
};
