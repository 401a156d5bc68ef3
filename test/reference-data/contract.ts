/**
 * The reference-data store's contract, run on every table (in-memory, SQLite, PostgreSQL): version 1 of
 * each kind is the build's data with no setup; published versions are numbered, immutable and readable by
 * name; the current one is the latest; a publish computed from a version that is no longer current, or
 * with a request key already used, writes nothing.
 */
import { EMBEDDED_CALENDAR, kzMoment } from '../../domain/calendar';
import type { Act } from '../../domain/reference-data';
import { applyDecree, applyMrp } from '../../reference-data/decree';
import { EMBEDDED } from '../../reference-data/records';
import { RequestKeyTakenError, StaleVersionError, type ReferenceDataStore } from '../../reference-data/store';

export const ACT: Act = { title: 'Order of the Minister of Labour on the transfer of days off in 2027', number: '312', date: '2026-11-20' };
export const BUDGET_2027: Act = { title: 'Law "On the republican budget for 2027–2029"', date: '2026-12-04' };
const AT = new Date('2026-12-03T05:00:00Z');

export function describeReferenceDataContract(
  name: string,
  open: () => Promise<{ store: ReferenceDataStore; close(): Promise<void> }>,
): void {
  describe(`reference-data store contract: ${name}`, () => {
    let store: ReferenceDataStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    const publishTransfer = async (requestKey?: string) => {
      const current = await store.current('calendar');
      const applied = applyDecree(current.data, [{ kind: 'transfer', workingDay: '2027-01-16', dayOff: '2027-01-08' }], ACT);
      return store.publish({
        kind: 'calendar',
        basedOn: current.number,
        act: ACT,
        summary: applied.summary,
        publishedAt: AT,
        publishedBy: 'admin-1',
        principal: 'admin-1',
        data: { version: current.data.version, years: applied.years },
        ...(requestKey ? { requestKey } : {}),
      });
    };

    test('version 1 of every kind is the build’s data, current with no setup', async () => {
      expect(await store.current('calendar')).toEqual(EMBEDDED.calendar);
      expect((await store.current('calendar')).data).toBe(EMBEDDED_CALENDAR);
      expect((await store.current('mrp')).data.years.map((r) => [r.year, r.tenge])).toEqual([
        [2024, 3692],
        [2025, 3932],
        [2026, 4325],
      ]);
      expect((await store.current('fees')).data.services).toEqual(
        expect.arrayContaining([expect.objectContaining({ service: 'flag-emblem-license', mrp: 10 })]),
      );
      const hours = (await store.current('working-hours')).data.schedules;
      expect(hours.find((s) => s.provider === 'state-corporation')).toMatchObject({
        weekdays: [1, 2, 3, 4, 5, 6],
        periods: [{ start: '09:00', end: '20:00' }],
      });
      expect(await store.versions('mrp')).toEqual([EMBEDDED.mrp]);
      expect((await store.currentCalendar()).version).toBe(EMBEDDED_CALENDAR.version);
      expect(await store.mrpOn(kzMoment('2026-06-01', '10:00'))).toMatchObject({ year: 2026, tenge: 4325 });
      expect(await store.mrpOn(kzMoment('2027-01-05', '10:00'))).toBeUndefined();
    });

    test('a published calendar version is numbered, named, current, readable by name, and its data names it', async () => {
      const v = await publishTransfer();
      expect(v).toMatchObject({ kind: 'calendar', number: 2, version: 'kz-calendar@2', act: ACT, publishedBy: 'admin-1' });
      expect(v.data.version).toBe('kz-calendar@2');
      expect(v.publishedAt?.toISOString()).toBe(AT.toISOString());
      expect((await store.current('calendar')).version).toBe('kz-calendar@2');
      expect((await store.get('calendar', 'kz-calendar@2'))?.data).toEqual(v.data);
      expect(await store.get('calendar', EMBEDDED_CALENDAR.version)).toEqual(EMBEDDED.calendar);
      expect(await store.get('mrp', 'kz-calendar@2')).toBeNull();
      expect(await store.get('calendar', 'kz-calendar@9')).toBeNull();
      expect((await store.versions('calendar')).map((x) => x.version)).toEqual([EMBEDDED_CALENDAR.version, 'kz-calendar@2']);
      const cal = await store.currentCalendar();
      expect(cal.version).toBe('kz-calendar@2');
      expect([cal.isWorkingDay('2027-01-08'), cal.isWorkingDay('2027-01-16')]).toEqual([false, true]);
      expect((await store.calendar(EMBEDDED_CALENDAR.version))?.isWorkingDay('2027-01-08')).toBe(true);
    });

    test('a publish computed from an older version writes nothing (StaleVersionError)', async () => {
      await publishTransfer();
      const stale = applyMrp(EMBEDDED.mrp.data, EMBEDDED.mrp.version, { year: 2027, tenge: 4500, act: BUDGET_2027 });
      await store.publish({
        kind: 'mrp',
        basedOn: 1,
        act: BUDGET_2027,
        summary: stale.summary,
        publishedAt: AT,
        publishedBy: 'a',
        principal: 'a',
        data: stale.data,
      });
      await expect(
        store.publish({
          kind: 'mrp',
          basedOn: 1,
          act: BUDGET_2027,
          summary: 'again',
          publishedAt: AT,
          publishedBy: 'a',
          principal: 'a',
          data: stale.data,
        }),
      ).rejects.toBeInstanceOf(StaleVersionError);
      expect((await store.versions('mrp')).map((v) => v.number)).toEqual([1, 2]);
      expect(await store.mrpOn(kzMoment('2027-01-05', '10:00'))).toMatchObject({
        year: 2027,
        tenge: 4500,
        source: expect.stringContaining('2027–2029'),
      });
    });

    test('a request key publishes once and finds its version again', async () => {
      const v = await publishTransfer('api:k1');
      expect((await store.byRequestKey('api:k1'))?.version).toBe(v.version);
      expect(await store.byRequestKey('api:other')).toBeNull();
      const current = await store.current('calendar');
      await expect(
        store.publish({
          kind: 'calendar',
          basedOn: current.number,
          act: ACT,
          summary: 's',
          publishedAt: AT,
          publishedBy: 'a',
          principal: 'a',
          data: current.data,
          requestKey: 'api:k1',
        }),
      ).rejects.toBeInstanceOf(RequestKeyTakenError);
      expect((await store.versions('calendar')).length).toBe(2);
    });

    test('a version is immutable: what publish returned cannot be changed, and a reader sees what was published', async () => {
      const v = await publishTransfer();
      expect(() => {
        (v.data.years as unknown as unknown[]).length = 0;
      }).toThrow(TypeError);
      expect((await store.get('calendar', 'kz-calendar@2'))?.data.years.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027, 2028, 2029]);
    });
  });
}
