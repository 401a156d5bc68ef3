/**
 * The store contract and the migration runner on a REAL PostgreSQL server (started for this file by
 * scripts/postgres-test.sh; if it cannot start, every test here fails — it is never skipped).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createStore, migrate } from '../../persistence';
import { SERVICE_CODES } from '../../services';
import { loadMigrations } from '../../persistence/migrate';
import { usePostgres } from '../helpers/postgres';
import { describeStoreContract } from './contract';

const pg = usePostgres();
let n = 0;

async function sql<T extends object>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

describeStoreContract(
  'postgresql',
  async () => {
    const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`contract_${++n}`) };
    await migrate(db);
    const store = await createStore(db, { serviceCodes: SERVICE_CODES });
    const opened = [store];
    return {
      store,
      async setSequence(documentType, last) {
        await sql(
          db.url,
          'INSERT INTO ancn_sequence (document_type, last_number) VALUES ($1, $2) ON CONFLICT (document_type) DO UPDATE SET last_number = EXCLUDED.last_number',
          [documentType, last],
        );
      },
      async second() {
        const other = await createStore(db, { serviceCodes: SERVICE_CODES });
        opened.push(other);
        return other;
      },
      async cleanup() {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  },
  { sharedDatabase: true },
);

describe('migrations on PostgreSQL', () => {
  it('applies every migration in its own transaction, records it like Prisma, and is a no-op on the next start', async () => {
    const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`migrate_${++n}`) };
    const files = loadMigrations('postgresql');
    expect(await migrate(db)).toEqual({ applied: files.map((m) => m.name), alreadyApplied: [], unknown: [] });
    expect(await migrate({ database: db })).toEqual({ applied: [], alreadyApplied: files.map((m) => m.name), unknown: [] });
    const rows = await sql<{ migration_name: string; checksum: string; applied_steps_count: number; done: boolean }>(
      db.url,
      'SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS done FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows).toEqual(files.map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1, done: true })));
    const tables = (
      await sql<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    ).map((r) => r.tablename);
    expect(tables).toEqual([
      '_prisma_migrations',
      'ancn_sequence',
      'application',
      'audit_event',
      'counter_sla_breach',
      'document',
      'idempotency_record',
      'nca_certificate',
      'nca_crl',
      'nca_revocation',
      'reference_data_version',
      'register_document',
      'register_entry',
      'register_history',
    ]);
  });

  it('lets concurrent starters migrate once (advisory lock)', async () => {
    const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`concurrent_${++n}`) };
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flatMap((r) => r.applied)).toEqual(loadMigrations('postgresql').map((m) => m.name));
  });

  it('rolls a failing migration back completely (transactional DDL) and records nothing', async () => {
    const db = { provider: 'postgresql' as const, url: await pg.createDatabase(`broken_${++n}`) };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-pg-migrations-'));
    try {
      fs.cpSync(path.join(__dirname, '../../prisma/migrations'), root, { recursive: true });
      await migrate(db, { migrationsRoot: root });
      fs.mkdirSync(path.join(root, 'postgresql', '99990101000000_broken'));
      fs.writeFileSync(
        path.join(root, 'postgresql', '99990101000000_broken', 'migration.sql'),
        'CREATE TABLE "half_done" ("id" TEXT);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
      );
      await expect(migrate(db, { migrationsRoot: root })).rejects.toThrow(
        /99990101000000_broken failed and was rolled back: relation "no_such_table" does not exist/,
      );
      expect(await sql(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'")).toEqual([]);
      expect(await sql(db.url, "SELECT 1 FROM _prisma_migrations WHERE migration_name LIKE '%broken'")).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports an unreachable server as UPSTREAM_UNAVAILABLE from the store', async () => {
    const store = await createStore({ provider: 'postgresql', url: pg.url.replace(/:\d+\//, ':1/') });
    await expect(store.ping()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    await store.close();
  });
});
