/**
 * The fault suite's knobs (scripts/fault-suite.ts): the short version by default, the full version of
 * issue 16 item 2 with FAULT_FULL=1 (a few hundred cases, a 10-minute outage, then a 10-minute stall),
 * the cluster profile with FAULT_STACK=cluster; the figures' percentiles; and how the cases spread over the
 * scenarios' variants (scripts/fault-scenarios.ts).
 */
import { optionsFromEnv, percentile } from '../../scripts/fault-suite';
import { MNE_VARIANTS, mneVariant, SCENARIOS } from '../../scripts/fault-scenarios';
import { MNE_SERVICE_CODES, MNE_SERVICES } from '../../services/mne-licensing/rules';

test('the short version by default, the full version on demand, each knob overridable', () => {
  const short = optionsFromEnv({ FAULT_SEED: '1' });
  expect(short).toMatchObject({ stack: 'embedded', cases: 24, kills: 2, temporalRestarts: 1, outageMs: 15_000, seed: 1 });
  const full = optionsFromEnv({ FAULT_FULL: '1' });
  expect(full).toMatchObject({ cases: 240, kills: 6, temporalRestarts: 2, outageMs: 600_000, stallWindowMs: 600_000 });
  // A stalled call hangs longer than the adapters' 10-second client timeout.
  expect(full.stallMs).toBeGreaterThan(10_000);
  expect(optionsFromEnv({ FAULT_STACK: 'cluster', FAULT_CASES: '60', FAULT_OUTAGE_MS: '0' })).toMatchObject({
    stack: 'cluster',
    cases: 60,
    outageMs: 0,
  });
});

test('FAULT_SCENARIOS runs a subset of the scenarios, and names the known ones when it gets another', () => {
  expect(optionsFromEnv({ FAULT_SCENARIOS: 'nca-counter, complaint' }).scenarios).toEqual(['nca-counter', 'complaint']);
  expect(optionsFromEnv({}).scenarios).toBeUndefined();
  expect(() => optionsFromEnv({ FAULT_SCENARIOS: 'nca-counter,bogus' })).toThrow(/unknown bogus \(known: sme, /);
});

test('p50 and p99 of the case times', () => {
  const d = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(percentile(d, 50)).toBe(50);
  expect(percentile(d, 99)).toBe(99);
  expect(percentile([7], 99)).toBe(7);
  expect(percentile([], 50)).toBe(0);
});

test('the scenario list spreads the cases over every service path: S1–S5 within the 24 cases of the short run', () => {
  // The suite gives flow i the kind SCENARIOS[i % n] and, within that kind, the variant floor(i / n).
  const short = optionsFromEnv({});
  const mne = new Set<string>();
  for (let i = 0; i < short.cases; i += 1) {
    const kind = SCENARIOS[i % SCENARIOS.length];
    if (kind === 'mne-counter' || kind === 'mne-portal') mne.add(`${kind}:${mneVariant(kind, Math.floor(i / SCENARIOS.length))}`);
  }
  expect(new Set([...mne].map((v) => v.split(':')[1]))).toEqual(new Set(MNE_SERVICE_CODES));
  // The counter takes only the services with a State Corporation channel (S2 has none, seed 001 annex 3).
  for (const code of MNE_VARIANTS['mne-counter']) expect(MNE_SERVICES[code].channels).toContain('state-corporation');
  expect(MNE_VARIANTS['mne-portal'][0]).toBe('mne-export-import-permit');
  expect(MNE_SERVICES['mne-export-import-permit'].channels).not.toContain('state-corporation');
  // One flow of each kind (the test in `make test`) has S1 at the counter and S2 from the portal.
  expect([mneVariant('mne-counter', 0), mneVariant('mne-portal', 0)]).toEqual(['mne-import-export-license', 'mne-export-import-permit']);
  // Every path the README lists is a scenario.
  expect([...SCENARIOS]).toEqual(expect.arrayContaining(['flag-emblem-reissue', 'mne-counter', 'mne-portal', 'nca-counter', 'nca-portal']));
});
