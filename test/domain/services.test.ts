/** The catalogue's review marks, and the duplicate's numbers that are ours, not the regulation's. */
// The registry first: it installs `.openapi()` on zod before any service's rules build their schemas.
import { SERVICE_CODES, SERVICE_REVIEW } from '../../services';
import { formatAncn } from '../../domain/ancn';
import { toKzIso } from '../../domain/calendar';
import {
  DuplicateApplicationSchema,
  duplicateRefusalGrounds,
  FLAG_EMBLEM_LICENSE_DUPLICATE_DESCRIPTOR,
  planFlagEmblemLicenseDuplicate,
  type DuplicateCheckFacts,
} from '../../services/flag-emblem/duplicate-rules';
import { DOCUMENT_KINDS } from '../../domain/documents';

describe('review marks (who decides, whose signature)', () => {
  test('every service has one; only the duplicate is automatic mode (seed 004 ¶18-1)', () => {
    expect(Object.keys(SERVICE_REVIEW).sort()).toEqual([...SERVICE_CODES].sort());
    expect(SERVICE_REVIEW['flag-emblem-license-duplicate']).toEqual({
      mode: 'automatic',
      signature: 'system-transport-signature',
      regulation: 'seed 004 ¶18-1',
    });
    expect(SERVICE_REVIEW['flag-emblem-license']).toMatchObject({ mode: 'staff', signature: 'provider-ecds' });
    expect(SERVICE_REVIEW['flag-emblem-license-reissue']).toMatchObject({ mode: 'staff', signature: 'provider-ecds' });
    expect(
      Object.entries(SERVICE_REVIEW)
        .filter(([, r]) => r.mode === 'automatic')
        .map(([c]) => c),
    ).toEqual(['flag-emblem-license-duplicate']);
  });

  test('SME registration: no staff step, but signed with the provider’s ECDS (seed 000 ¶5.12-2) — "registry", not automatic mode', () => {
    expect(SERVICE_REVIEW['sme-registration']).toEqual({
      mode: 'registry',
      signature: 'provider-ecds',
      regulation: expect.stringMatching(/^seed 000 ¶5\.12 .*¶5\.12-2/),
    });
  });
});

describe('flag-emblem-license-duplicate', () => {
  test("catalogue: CTRM, portal only; the 1-working-day term and the absence of a fee are ours, not the regulation's", () => {
    expect(FLAG_EMBLEM_LICENSE_DUPLICATE_DESCRIPTOR).toMatchObject({
      code: 'flag-emblem-license-duplicate',
      licensorBody: 'ctrm',
      channels: ['portal'],
      term: { kind: 'working-days', days: 1, regulation: expect.stringContaining("ours, not the regulation's") },
      fee: { kind: 'free', note: expect.stringContaining("ours, not the regulation's") },
      name: {
        en: expect.stringMatching(/State Flag and the State Emblem.*\(duplicate\)$/),
        ru: expect.stringContaining('дубликат'),
        kk: expect.stringContaining('телнұсқа'),
      },
    });
  });

  test('the duplicate is a permit document (PRM)', () => {
    expect(DOCUMENT_KINDS['license-duplicate'][0]).toBe('PRM');
  });

  test('plan (ours): Friday 18:45 before Nauryz → counts as filed Thursday 26 March 09:00 (seed 004 ¶23), due Friday 27 March 18:30', () => {
    const p = planFlagEmblemLicenseDuplicate(new Date('2026-03-20T18:45:00+05:00'));
    expect(toKzIso(p.registeredAt)).toBe('2026-03-26T09:00:00+05:00');
    expect(toKzIso(p.dueAt)).toBe('2026-03-27T18:30:00+05:00');
    expect(toKzIso(p.atRiskAt)).toBe('2026-03-27T09:00:00+05:00');
    const inHours = planFlagEmblemLicenseDuplicate(new Date('2026-04-08T11:00:00+05:00'));
    expect([toKzIso(inHours.registeredAt), toKzIso(inHours.dueAt)]).toEqual(['2026-04-08T11:00:00+05:00', '2026-04-09T18:30:00+05:00']);
  });

  test('the application: a valid PRM ANCN (normalised), lost or damaged, a valid IIN/BIN', () => {
    const ok = DuplicateApplicationSchema.safeParse({
      applicant: { kind: 'legal-entity', iinOrBin: '180340001231' },
      licenseAncn: ` ${formatAncn('PRM', 42).toLowerCase()} `,
      reason: 'damaged',
    });
    expect(ok.success && ok.data.licenseAncn).toBe(formatAncn('PRM', 42));
    const bad = DuplicateApplicationSchema.safeParse({
      applicant: { kind: 'legal-entity', iinOrBin: '180340001232' },
      licenseAncn: formatAncn('APP', 1),
      reason: 'stolen',
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['applicant.iinOrBin', 'licenseAncn', 'reason']);
  });

  describe('automatic checks (seed 004 ¶21): each failed one is a ground citing its paragraph', () => {
    const facts = (over: Partial<DuplicateCheckFacts> = {}): DuplicateCheckFacts => ({
      applicant: { kind: 'legal-entity', iinOrBin: '180340001231' },
      profile: { status: 'active' },
      licenseAncn: formatAncn('PRM', 17),
      permit: { ancn: formatAncn('PRM', 17), serviceCode: 'flag-emblem-license', holderRef: '180340001231', status: 'active' },
      ...over,
    });
    test('all pass → no grounds; a suspended or a re-issued-service license passes too', () => {
      expect(duplicateRefusalGrounds(facts())).toEqual([]);
      expect(
        duplicateRefusalGrounds(facts({ permit: { ...facts().permit!, status: 'suspended', serviceCode: 'flag-emblem-license-reissue' } })),
      ).toEqual([]);
    });
    test.each<[string, Partial<DuplicateCheckFacts>, RegExp]>([
      ['applicant unknown', { profile: null }, /not in the legal-entities state database \(seed 004 ¶21\(1\)\)/],
      [
        'applicant liquidated',
        { profile: { status: 'liquidated' } },
        /reports the applicant 180340001231 as liquidated \(seed 004 ¶21\(1\)\)/,
      ],
      ['license unknown', { permit: null }, /not in the register of permits \(seed 004 ¶21\(4\)\)/],
      [
        'someone else’s',
        { permit: { ...facts().permit!, holderRef: '190440023456', status: 'revoked' } },
        /not held by the applicant.*¶13\.5/,
      ],
      [
        'another service',
        { permit: { ...facts().permit!, serviceCode: 'sme-registration' } },
        /not a license to manufacture the State Flag and the State Emblem/,
      ],
      [
        're-issued',
        { permit: { ...facts().permit!, status: 're-issued' } },
        /is re-issued: a duplicate is issued only of a license that is active or suspended \(seed 004 ¶3\.14, ¶13\.5/,
      ],
    ])('%s', (_t, over, ground) => {
      const grounds = duplicateRefusalGrounds(facts(over));
      expect(grounds).toEqual([expect.stringMatching(ground)]);
      expect(grounds.join(' ')).not.toContain('190440023456');
    });
    test('several failures give several grounds', () => {
      expect(duplicateRefusalGrounds(facts({ profile: null, permit: null }))).toHaveLength(2);
    });
  });
});
