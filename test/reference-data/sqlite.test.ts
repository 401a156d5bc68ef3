/** Reference data on SQLite (the embedded default), migrated like the application's database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../persistence';
import { createPrismaClient } from '../../persistence/prisma-store';
import { databaseConfig } from '../../persistence/database';
import { PrismaReferenceDataStore } from '../../reference-data/store-prisma';
import { describeReferenceDataContract } from './contract';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-reference-data-sqlite-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;

describeReferenceDataContract('sqlite', async () => {
  const db = { provider: 'sqlite' as const, url: `file:${path.join(tmpRoot, `db-${++n}`, 'app.sqlite')}` };
  await migrate(db);
  const client = createPrismaClient(databaseConfig(db));
  return { store: new PrismaReferenceDataStore(client), close: () => client.$disconnect() };
});
