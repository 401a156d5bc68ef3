/**
 * The exact contract (issue 16 item 3), short form in `make test`: the whole system as `make start` runs
 * it, and Schemathesis (pinned, .tools/ virtualenv from scripts/setup-schemathesis.sh) with every check,
 * every phase and a few examples per operation, once per role (anonymous, portal, staff, viewer, admin,
 * operator, gateway), the roles at once; the coverage phase only on the operations the role is admitted to
 * (scripts/contract.sh says why). Each role must find 0 failures and 0 errors; a server error is a
 * failure of the not_a_server_error check. `make contract` is the long form (more examples, one role after
 * another). The reports are kept in test-artifacts/contract-short/<role>.txt.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from '../helpers/stack';
import { ROOT } from '../helpers/temporal';

const OUT = path.join(ROOT, 'test-artifacts', 'contract-short');
/** Examples per operation in the short form (make contract: 20). */
const MAX_EXAMPLES = '3';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('contract');
}, 180_000);
afterAll(async () => {
  await stack?.stop();
}, 60_000);

test('Schemathesis with every check, as every role: 0 failures, 0 errors, 0 server errors', async () => {
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      'bash',
      [path.join(ROOT, 'scripts', 'contract.sh')],
      {
        cwd: ROOT,
        env: { ...process.env, API_URL: stack.api, DATA_DIR: stack.dataDir, CONTRACT_OUT: OUT, MAX_EXAMPLES, PARALLEL: '1' },
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`contract (short form, ${seconds} s):\n${output}`);
  // A role's summary line: "N passed in Ts" when clean, "N failures, M errors, ..." when not.
  const failing = output.split('\n').filter((l) => /^contract: /.test(l) && /failure|error/.test(l));
  const details = failing.map((l) => {
    const role = /^contract: ([\w-]+):/.exec(l)?.[1] ?? '';
    const file = path.join(OUT, `${role}.txt`);
    return fs.existsSync(file) ? `${l}\n${fs.readFileSync(file, 'utf8').split('FAILURES')[1]?.slice(0, 3000) ?? ''}` : l;
  });
  expect(details).toEqual([]);
  // Each role also ran the coverage phase on its admitted operations: a broken list of them would skip it.
  const roles = (process.env.ROLES ?? 'anonymous portal staff viewer admin operator gateway').split(/\s+/).filter(Boolean);
  const covered = roles.filter((role) => {
    const file = path.join(OUT, `${role}-coverage.txt`);
    return fs.existsSync(file) && /Coverage \(in [0-9.]+s\)/.test(fs.readFileSync(file, 'utf8'));
  });
  expect(covered).toEqual(roles);
  expect(code).toBe(0);
}, 600_000);
