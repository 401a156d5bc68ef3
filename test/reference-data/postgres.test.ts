/** Reference data on a real PostgreSQL server (scripts/postgres-test.sh; never skipped). */
import { migrate } from '../../persistence';
import { createPrismaClient } from '../../persistence/prisma-store';
import { databaseConfig } from '../../persistence/database';
import { PrismaReferenceDataStore } from '../../reference-data/store-prisma';
import { usePostgres } from '../helpers/postgres';
import { describeReferenceDataContract } from './contract';

const pg = usePostgres();
let n = 0;

describeReferenceDataContract('postgresql', async () => {
  const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`reference_data_${++n}`) };
  await migrate(db);
  const client = createPrismaClient(databaseConfig(db));
  return { store: new PrismaReferenceDataStore(client), close: () => client.$disconnect() };
});
