import { EMBEDDED_CALENDAR } from '../../domain/calendar';
import { REFERENCE_DATA_KINDS, versionName, versionNumber } from '../../domain/reference-data';

test('a version name reads back as its number, so a case can tell a newer version from an older one', () => {
  for (const kind of REFERENCE_DATA_KINDS) for (const n of [2, 3, 17]) expect(versionNumber(versionName(kind, n))).toBe(n);
  expect(versionName('calendar', 1)).toBe(EMBEDDED_CALENDAR.version);
  expect(versionNumber(EMBEDDED_CALENDAR.version)).toBe(1); // the build's data: kz-calendar/2024-2029@2 is version 1
  expect(versionNumber('kz-calendar@3')).toBeGreaterThan(versionNumber('kz-calendar@2'));
});
