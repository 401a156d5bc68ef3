/**
 * `make mutation-check` (scripts/mutation-check.ts) changes each pinned number by its exact source text.
 * When a refactor rewrites that line the script stops with "the mutation list is out of date" — found only
 * when someone runs it. This checks every entry still names one place in its file, and that the tests it
 * runs exist, so the list is kept current by `make test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MUTATIONS } from '../../scripts/mutation-check';
import { ROOT } from '../helpers/temporal';

test.each(MUTATIONS.map((m) => [m.what, m] as const))('%s: its text occurs exactly once and its tests exist', (_what, m) => {
  const source = fs.readFileSync(path.join(ROOT, m.file), 'utf8');
  expect({ file: m.file, from: m.from, occurrences: source.split(m.from).length - 1 }).toEqual({
    file: m.file,
    from: m.from,
    occurrences: 1,
  });
  expect(m.to).not.toBe(m.from);
  for (const t of m.tests) expect({ test: t, exists: fs.existsSync(path.join(ROOT, t)) }).toEqual({ test: t, exists: true });
});
