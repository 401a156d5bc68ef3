import type { YearData } from './types';

/**
 * 2024. Checked against the production calendar published on egov.kz as reported by the press.
 * Computed days off on weekdays: 1–2 Jan; 8, 21, 22 Mar, 25 Mar (for Sat 23 Mar); 1, 7, 8, 9 May;
 * 8 Jul (for Sat 6 Jul); 30 Aug; 25 Oct; 16 Dec. Working Saturday: 4 May.
 */
export const Y2024: YearData = {
  year: 2024,
  // Sunday: a religious holiday, so no day off moves (mgorod.kz 2024-01-04, citing egov.kz).
  kurbanAit: '2024-06-16',
  transfers: [
    {
      workingDay: '2024-05-04',
      dayOff: '2024-05-08',
      act:
        'Order of the acting Minister of Labour and Social Protection of the Population of 17 April 2024 ' +
        '"On the transfer of a day of rest in 2024", under Labour Code art. 85(3) (order number not verified)',
    },
  ],
  sources: [
    'Law "On holidays in the Republic of Kazakhstan" of 13 Dec 2001 No. 267-II, art. 5 (as amended in 2022)',
    'Transfer 4 May → 8 May: the order above, as quoted by nur.kz and sputnik.kz on 18 April 2024',
    'Kurban Ait 16 June 2024 and the moved days off (25 Mar, 8 Jul): egov.kz calendar as reported by mgorod.kz (2024-01-04) and aqshamnews.kz',
    'Time zone: the whole country on UTC+5 from 1 March 2024 00:00 (Government decree of December 2023 amending the procedure for computing time; number not verified)',
  ],
  notes: [
    '7 January 2024 and Kurban Ait (16 June 2024) fell on Sundays: religious holidays never move, so 8 January and 17 June are working days.',
    'Moments before 2024-03-01 00:00 +05:00 are outside the calendar (the country was partly on UTC+6); local dates from 2024-01-01 are answered.',
  ],
};
