/** The register on a real PostgreSQL server: the transition matrix and concurrent writers (two pools). */
import { migrate } from '../../persistence';
import { PrismaRegisterStore } from '../../register/store-prisma';
import { usePostgres } from '../helpers/postgres';
import { describeConcurrency } from './concurrency';
import { describeTransitionMatrix } from './matrix';

const pg = usePostgres();
async function fresh(name: string): Promise<{ provider: 'postgresql'; url: string }> {
  const db = { provider: 'postgresql' as const, url: await pg.createDatabase(name) };
  await migrate(db);
  return db;
}

describeTransitionMatrix('postgresql', async () => {
  const store = PrismaRegisterStore.open(await fresh('register_matrix'));
  return { store, close: () => store.close() };
});

describeConcurrency('postgresql', async () => {
  const db = await fresh('register_race');
  const a = PrismaRegisterStore.open(db);
  const b = PrismaRegisterStore.open(db);
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
    },
  };
});
