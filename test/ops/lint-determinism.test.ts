/**
 * The determinism guard of eslint.config.js, run on code a workflow author might write: Node builtins,
 * I/O libraries, config and runtime imports of activities are refused in workflow files (type-only
 * imports of activities are fine), an un-awaited promise is an error everywhere, and so is an import cycle.
 */
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ROOT } from '../helpers/temporal';

// The project's own config, handed over directly: ESLint's loader uses a dynamic import jest's VM lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../eslint.config.js') as Linter.Config[];
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    ...config,
    // Probe files exist only as text: the type-aware rules get a default program for lint-probe/*.ts,
    { languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['lint-probe/*.ts'] }, tsconfigRootDir: ROOT } } },
    // and the import probes (import rules need no types) are parsed without one.
    { files: ['workflows/lint-probe.ts', 'scripts/lint-probe.ts'], ...(tseslint.configs.disableTypeChecked as Linter.Config) },
  ],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const restricted = (msgs: string[]): string[] => msgs.filter((m) => m.startsWith('@typescript-eslint/no-restricted-imports'));

test.each([
  ["import fs from 'node:fs';", 'no Node builtins'],
  ["import { randomUUID } from 'crypto';", 'no Node builtins'],
  ["import { readFile } from 'fs/promises';", 'no Node builtins'],
  ["import { Pool } from 'pg';", 'No I/O libraries'],
  ["import Database from 'better-sqlite3';", 'No I/O libraries'],
  ["import { PrismaClient } from '@prisma/client';", 'No I/O libraries'],
  ["import { Client } from '@temporalio/client';", 'No I/O libraries'],
  ["import { createCommonActivities } from '../activities/common';", 'import their types only'],
  ["import { loadConfig } from '../config';", 'must not reach config'],
])('a workflow file may not %s', async (line, why) => {
  const msgs = restricted(await problems('workflows/lint-probe.ts', `${line}\nexport const x = 1;\n`));
  expect(msgs.length).toBeGreaterThanOrEqual(1);
  for (const m of msgs) expect(m).toContain(why);
});

test('a workflow file may import @temporalio/workflow, shared case code and activity types', async () => {
  const code = [
    "import { proxyActivities } from '@temporalio/workflow';",
    "import type { CommonActivities } from '../activities/common-types';",
    "import { SEARCH_ATTRIBUTES } from './shared/case';",
    'export const acts = proxyActivities<CommonActivities>({ startToCloseTimeout: 1000 });',
    'export const key = SEARCH_ATTRIBUTES.stage;',
    '',
  ].join('\n');
  expect(await problems('workflows/lint-probe.ts', code)).toEqual([]);
});

test('the same imports are fine outside workflow code', async () => {
  expect(restricted(await problems('scripts/lint-probe.ts', "import fs from 'node:fs';\nexport const x = fs.existsSync('.');\n"))).toEqual(
    [],
  );
});

test('a floating promise is an error', async () => {
  const code = 'async function work(): Promise<void> {}\nexport function f(): void {\n  work();\n}\n';
  const msgs = await problems('lint-probe/floating.ts', code);
  expect(msgs.some((m) => m.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
});

test('an import cycle is an error anywhere (import-x/no-cycle)', async () => {
  const fs = await import('node:fs');
  const dir = path.join(ROOT, 'domain');
  const a = path.join(dir, 'lint-probe-cycle-a.ts');
  const b = path.join(dir, 'lint-probe-cycle-b.ts');
  fs.writeFileSync(a, "import { b } from './lint-probe-cycle-b';\nexport const a = (): number => b() + 1;\n");
  fs.writeFileSync(
    b,
    "import { a } from './lint-probe-cycle-a';\nexport const b = (): number => 1;\nexport const c = (): number => a();\n",
  );
  try {
    const msgs = await problems('domain/lint-probe-cycle-a.ts', fs.readFileSync(a, 'utf8'));
    expect(msgs).toContain('import-x/no-cycle: Dependency cycle detected');
  } finally {
    fs.rmSync(a, { force: true });
    fs.rmSync(b, { force: true });
  }
}, 60_000);
