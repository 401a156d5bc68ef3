/** The certificate status store contract on memory and SQLite (migrated like the application's database). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../persistence';
import { databaseConfig } from '../../persistence/database';
import { createPrismaClient } from '../../persistence/prisma-store';
import { InMemoryCertificateStatusStore } from '../../pki/store-memory';
import { PrismaCertificateStatusStore } from '../../pki/store-prisma';
import { describeStatusStoreContract } from './store-contract';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-nca-store-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;

describeStatusStoreContract('memory', () =>
  Promise.resolve({ store: new InMemoryCertificateStatusStore(), close: () => Promise.resolve() }),
);

describeStatusStoreContract('sqlite', async () => {
  const db = { provider: 'sqlite' as const, url: `file:${path.join(tmpRoot, `db-${++n}`, 'app.sqlite')}` };
  await migrate(db);
  const client = createPrismaClient(databaseConfig(db));
  return { store: new PrismaCertificateStatusStore(client), close: () => client.$disconnect() };
});
