/** The certificate status store contract on a real PostgreSQL server (scripts/postgres-test.sh; never skipped). */
import { migrate } from '../../persistence';
import { databaseConfig } from '../../persistence/database';
import { createPrismaClient } from '../../persistence/prisma-store';
import { PrismaCertificateStatusStore } from '../../pki/store-prisma';
import { usePostgres } from '../helpers/postgres';
import { describeStatusStoreContract } from './store-contract';

const pg = usePostgres();
let n = 0;

describeStatusStoreContract('postgresql', async () => {
  const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`nca_status_${++n}`) };
  await migrate(db);
  const client = createPrismaClient(databaseConfig(db));
  return { store: new PrismaCertificateStatusStore(client), close: () => client.$disconnect() };
});
