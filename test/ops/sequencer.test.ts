/**
 * On a fresh clone (CI: no jest cache) the test files run longest first by the committed durations
 * (test/ops/sequencer.js), not by file size, which started the long, short-filed suites last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/temporal';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LongestFirst = require('../ops/sequencer.js') as new (options: object) => {
  sort(tests: FakeTest[]): FakeTest[];
};

interface FakeTest {
  path: string;
  context: { config: { cache: boolean; id: string; cacheDirectory: string }; hasteFS: { getSize(p: string): number } };
  duration?: number;
}

const durations = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'durations.json'), 'utf8')) as Record<string, number>;

/** A jest test with no cached duration (cache off, as on a fresh clone), of the given file size. */
function fresh(rel: string, size: number): FakeTest {
  return {
    path: path.join(ROOT, rel),
    context: { config: { cache: false, id: 'fresh', cacheDirectory: '/nonexistent' }, hasteFS: { getSize: () => size } },
  };
}

test('with no cache, the longest committed suite runs first even when its file is the smallest', () => {
  const byTime = Object.entries(durations).sort((a, b) => b[1] - a[1]);
  const longest = byTime[0]![0];
  const shortest = byTime[byTime.length - 1]![0];
  expect(durations[longest]!).toBeGreaterThan(durations[shortest]!);
  const order = new LongestFirst({}).sort([fresh(shortest, 100_000), fresh(longest, 10)]).map((t) => path.relative(ROOT, t.path));
  expect(order).toEqual([longest, shortest]);
});

test('a file with no committed duration (a new test) runs before the timed ones, as jest does', () => {
  const [timed] = Object.keys(durations);
  const order = new LongestFirst({})
    .sort([fresh(timed!, 100_000), fresh('test/ops/not-yet-timed.test.ts', 10)])
    .map((t) => path.relative(ROOT, t.path));
  expect(order).toEqual(['test/ops/not-yet-timed.test.ts', timed]);
});

test('the committed durations name test files that exist', () => {
  const missing = Object.keys(durations).filter((rel) => !fs.existsSync(path.join(ROOT, rel)));
  expect(missing).toEqual([]);
});
