/**
 * A real PostgreSQL server for one test file: started in beforeAll (scripts/postgres-test.sh: temp
 * data dir, free port, installs Debian's postgresql when missing), stopped and deleted in afterAll.
 * If the server cannot start, beforeAll throws and every test of the file FAILS — never a silent skip.
 *
 *   const pg = usePostgres();
 *   it('…', async () => { const url = await pg.createDatabase('t1'); … });
 */
import { startTestPostgres, type TestPostgres } from '../../scripts/db-postgres';

export interface PostgresHandle {
  /** URL of the server's default database `app`. */
  readonly url: string;
  createDatabase(name: string): Promise<string>;
}

export function usePostgres(): PostgresHandle {
  let server: TestPostgres | null = null;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  }, 60_000);
  const need = (): TestPostgres => {
    if (!server) throw new Error('PostgreSQL test server is not running (its start failed: see the beforeAll error above)');
    return server;
  };
  return {
    get url(): string {
      return need().url;
    },
    createDatabase: (name) => need().createDatabase(name),
  };
}
