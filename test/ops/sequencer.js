// @ts-check
/**
 * The order jest runs the test files in: longest first, so that with 2 workers no long suite starts last
 * and runs alone at the end. Jest does this itself from its cache of the last run's durations, but CI runs
 * on a fresh clone with no cache, where jest falls back to file size, and the longest suites (the contract
 * fuzzer, the restarts, the fault suite) are short files: they started last and CI took 1,991 s against
 * 1,336 s here. So the durations of a full run are committed (test/durations.json) and used wherever jest's
 * cache has none; a file missing from both runs first, as jest does with any file it has no time for.
 *
 * Refresh the committed durations after a full run:
 *   npx jest --ci --json --outputFile=/tmp/jest.json; node test/ops/sequencer.js /tmp/jest.json
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');
const FILE = path.join(ROOT, 'test', 'durations.json');

/** @returns {Record<string, number>} seconds by path relative to the repository */
function committed() {
  try {
    return JSON.parse(fs.readFileSync(FILE, 'utf8'));
  } catch {
    return {};
  }
}

class LongestFirst extends Sequencer {
  /** @type {Record<string, number> | undefined} */
  seconds;

  /** @param {import('@jest/test-result').Test} test */
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    this.seconds ??= committed();
    const s = this.seconds[path.relative(ROOT, test.path)];
    return s == null ? undefined : s * 1000;
  }
}

module.exports = LongestFirst;

if (require.main === module) {
  const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  /** @type {Record<string, number>} */
  const out = {};
  const results = [...report.testResults].sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime));
  for (const r of results) out[path.relative(ROOT, r.name)] = Math.round((r.endTime - r.startTime) / 100) / 10;
  fs.writeFileSync(FILE, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${FILE}: ${results.length} files\n`);
}
