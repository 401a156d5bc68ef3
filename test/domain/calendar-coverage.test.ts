/**
 * The one test that reads today's date on purpose: the business calendar must reach the end of next
 * year, so the gap that would stop cases on 1 January is caught a year ahead (add the year's data, or
 * its rule-derived placeholder, and bump CALENDAR_VERSION: docs/calendar.md).
 */
import { calendarCoverage, CALENDAR_YEARS } from '../../domain/calendar';
import { kzYear } from '../../domain/fees';

test('the calendar data reaches at least the end of next year (Kazakhstan time)', () => {
  const nextYear = kzYear(new Date()) + 1;
  expect(Math.max(...CALENDAR_YEARS.map((y) => y.year))).toBeGreaterThanOrEqual(nextYear);
  expect(calendarCoverage().lastDate >= `${nextYear}-12-31`).toBe(true);
});
