/** The register on SQLite (the embedded default): the transition matrix and concurrent writers. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../persistence';
import { PrismaRegisterStore } from '../../register/store-prisma';
import { describeConcurrency } from './concurrency';
import { describeTransitionMatrix } from './matrix';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-register-sqlite-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;
async function fresh(): Promise<{ provider: 'sqlite'; url: string }> {
  const db = { provider: 'sqlite' as const, url: `file:${path.join(tmpRoot, `db-${++n}`, 'app.sqlite')}` };
  await migrate(db);
  return db;
}

describeTransitionMatrix('sqlite', async () => {
  const store = PrismaRegisterStore.open(await fresh());
  return { store, close: () => store.close() };
});

// One client per process, as the API and the worker run: better-sqlite3 waits for a busy database
// synchronously, so two clients of one file inside one process would block each other's event loop.
// Concurrency comes from the interleaved async operations (sign, allocate, commit) on that client.
describeConcurrency('sqlite', async () => {
  const a = PrismaRegisterStore.open(await fresh());
  return { a, b: a, close: () => a.close() };
});
