/**
 * The fault suite's knobs (scripts/fault-suite.ts): the short version by default, the full version of
 * issue 16 item 2 with FAULT_FULL=1 (a few hundred cases, a 10-minute outage, then a 10-minute stall),
 * the cluster profile with FAULT_STACK=cluster; and the figures' percentiles.
 */
import { optionsFromEnv, percentile } from '../../scripts/fault-suite';

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

test('p50 and p99 of the case times', () => {
  const d = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(percentile(d, 50)).toBe(50);
  expect(percentile(d, 99)).toBe(99);
  expect(percentile([7], 99)).toBe(7);
  expect(percentile([], 50)).toBe(0);
});
