import { FEE_MRP, feeTenge, kzYear, MRP_BY_YEAR, mrpOn, mrpTenge } from '../../domain/fees';

describe('MRP and license fees', () => {
  test('the MRP per year is the budget laws’ value: 2024 → 3 692, 2025 → 3 932, 2026 → 4 325 tenge', () => {
    expect(mrpTenge(new Date('2024-06-01T12:00:00+05:00'))).toBe(3692);
    expect(mrpTenge(new Date('2025-06-01T12:00:00+05:00'))).toBe(3932);
    expect(mrpTenge(new Date('2026-06-01T12:00:00+05:00'))).toBe(4325);
    expect(MRP_BY_YEAR.every((r) => r.source.includes('republican budget'))).toBe(true);
  });

  test('seed 003 Annex 2 item 6, Tax Code art. 554(4): 10 MRP for issuing, 1 MRP for re-issuing', () => {
    expect(FEE_MRP['flag-emblem-license']?.mrp).toBe(10);
    expect(FEE_MRP['flag-emblem-license-reissue']?.mrp).toBe(1);
    expect(FEE_MRP['flag-emblem-license']?.regulation).toContain('554(4)');
  });

  test('fees in tenge follow the year of the charge', () => {
    expect(feeTenge('flag-emblem-license', new Date('2025-12-12T11:00:00+05:00'))).toBe(39_320);
    expect(feeTenge('flag-emblem-license', new Date('2026-03-26T09:00:00+05:00'))).toBe(43_250);
    expect(feeTenge('flag-emblem-license-reissue', new Date('2026-03-26T09:00:00+05:00'))).toBe(4_325);
    expect(feeTenge('flag-emblem-license-reissue', new Date('2025-03-26T09:00:00+05:00'))).toBe(3_932);
  });

  test('the year is Kazakhstan’s (UTC+5): 31 Dec 2025 20:00 UTC is already 2026', () => {
    expect(kzYear(new Date('2025-12-31T18:59:59Z'))).toBe(2025);
    expect(kzYear(new Date('2025-12-31T19:00:00Z'))).toBe(2026);
    expect(mrpTenge(new Date('2025-12-31T19:30:00Z'))).toBe(4325);
  });

  test('a year without budget data and a service without an MRP fee are errors, never 0', () => {
    expect(() => mrpTenge(new Date('2027-02-01T10:00:00+05:00'))).toThrow(/no MRP value for 2027 \(known years: 2024, 2025, 2026\)/);
    expect(() => mrpTenge(new Date('2027-02-01T10:00:00+05:00'))).toThrow(expect.objectContaining({ code: 'REFERENCE_DATA_MISSING' }));
    // What the reference-data activity answers: nothing for a year not published, never a guess.
    expect(mrpOn(new Date('2026-12-31T18:59:59Z'))).toMatchObject({ year: 2026, tenge: 4325 });
    expect(mrpOn(new Date('2026-12-31T19:00:00Z'))).toBeUndefined();
    expect(() => feeTenge('sme-registration', new Date('2026-02-01T10:00:00+05:00'))).toThrow(/no MRP fee is set for sme-registration/);
  });
});
