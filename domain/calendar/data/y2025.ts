import type { YearData } from './types';

/**
 * 2025. Computed days off on weekdays: 1, 2, 3 (transfer), 7 Jan; 10 Mar (for Sat 8 Mar); 21 Mar,
 * 24–25 Mar (for Sat 22, Sun 23 Mar); 1, 7, 9 May; 6 Jun (Kurban Ait); 7 Jul (for Sun 6 Jul);
 * 1 Sep (for Sat 30 Aug); 27 Oct (for Sat 25 Oct); 16 Dec. Working Sunday: 5 January.
 * 246 working days — the figure in the published 2025 production calendar (pobipb.kz).
 */
export const Y2025: YearData = {
  year: 2025,
  // Friday (Ministry of Labour with the Spiritual Administration of Muslims; mgorod.kz).
  kurbanAit: '2025-06-06',
  transfers: [
    {
      workingDay: '2025-01-05',
      dayOff: '2025-01-03',
      act:
        'Order of the Minister of Labour and Social Protection of the Population (November 2024; number and ' +
        'date not verified), under Labour Code art. 85(3): day of rest moved from Sunday 5 January to Friday 3 January 2025',
    },
  ],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5',
    'Transfer 5 Jan → 3 Jan: Ministry of Labour announcement, as reported by kursiv.media (2024-12-23) and energy-city.kz',
    'Moved days off 10 Mar, 24–25 Mar, 7 Jul, 1 Sep, 27 Oct and the 246 working days: 2025 calendar published by pobipb.kz; egov.kz as quoted by nur.kz (2025-08-22) and alau.kz',
    'Kurban Ait 6 June 2025: mgorod.kz',
  ],
  notes: [
    'Sources disagreed during November 2024: the first reports had 3 January as a working day; the final order made Friday 3 January a day off and SUNDAY 5 January a working day. We follow the final order — a working day on a Sunday is data, not a bug.',
  ],
};
