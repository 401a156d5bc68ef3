/**
 * `make bench` (README: Benchmarks): the throughput benchmark on make start's stack and on the cluster
 * profile, then the scale benchmark on both; `make bench FULL=1` (`--full`) the large sizes. Figures are
 * printed, never asserted: they depend on the machine and on what else runs on it.
 *
 *   short: throughput 40 cases per concurrency (10, 30) and the load sweep; scale 1,000 → 10,000 open cases
 *   full:  throughput 200 cases per concurrency;         scale 1,000 → 10,000 → 100,000 open cases
 *
 * The dashboard benchmark with seeded read-model rows (no Temporal) stays separate: bench/dashboard.bench.ts.
 */
import { scaleBench } from './scale.bench';
import { throughputBench } from './throughput.bench';

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const t0 = Date.now();
  for (const stack of ['dev', 'cluster'] as const) {
    await throughputBench({ stack, cases: full ? 200 : 40, concurrency: [10, 30], sweep: true }); // + max load, p99 at half
    process.stdout.write('\n');
  }
  await scaleBench({ stacks: ['dev', 'cluster'], sizes: full ? [1_000, 10_000, 100_000] : [1_000, 10_000] });
  process.stdout.write(`\nmake bench${full ? ' FULL=1' : ''}: done in ${Math.round((Date.now() - t0) / 1000)} s\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`make bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
