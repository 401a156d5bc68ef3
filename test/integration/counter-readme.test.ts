/**
 * The README's counter walk-through ("At the State Corporation counter"), run as it is written: its `sh`
 * blocks, in order, by bash against the real stack (`make start`'s processes, startStack()), from a directory
 * whose `./.data` is the stack's data directory. The operator calls a ticket and registers the S1 application
 * with a notarised PoA; the provider concludes and its approval chain signs the licence; the operator hands it
 * over. A README change that breaks a command fails here.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../helpers/stack';
import { ROOT } from '../helpers/temporal';

jest.setTimeout(300_000);

const SECTION = '## At the State Corporation counter';

/** The `sh` blocks of the README's counter section, in order. */
function counterBlocks(readme: string): string[] {
  const start = readme.indexOf(SECTION);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

let stack: Stack;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-readme-'));
  stack = await startStack('counter-readme');
  fs.symlinkSync(stack.dataDir, path.join(dir, '.data'));
}, 200_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the README's counter walk-through works as written: ticket, intake, receipt, approval chain, hand-over", async () => {
  const blocks = counterBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  expect(blocks).toHaveLength(3);
  expect(blocks[0]).toContain('API=http://127.0.0.1:3000');
  // The stack runs on its own ports; everything else is the README's text.
  const script = ['set -euo pipefail', ...blocks].join('\n').replace('API=http://127.0.0.1:3000', `API=${stack.api}`);
  const out = await new Promise<string>((resolve, reject) =>
    execFile('bash', ['-c', script], { cwd: dir, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
  expect(out).toContain('plannedResultDate'); // the signed receipt
  expect(out).toMatch(/"state":"in-approval"[\s\S]*"state":"signed"/); // the chain: the head, then the authorized person signs
  expect(out).toContain('"status":"applicant-at-counter"');
  expect(out).toContain('"status":"handed-over"');
});
