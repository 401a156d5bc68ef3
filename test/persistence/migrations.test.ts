/**
 * The committed migrations are the schema: applying them in order must give exactly what Prisma makes
 * from prisma/models.prisma today, on SQLite and on PostgreSQL. A model change without
 * `make db-migration NAME=…` fails here, naming the command.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../persistence/migrate';
import { MODELS_FILE, SNAPSHOT_FILE } from '../../prisma/render';
import { diffModels } from '../../scripts/db-migration';
import { usePostgres } from '../helpers/postgres';

const pg = usePostgres();
let fromEmpty: { sqlite: string; postgresql: string };

beforeAll(async () => {
  fromEmpty = await diffModels(null, fs.readFileSync(MODELS_FILE, 'utf8'), { url: await pg.createDatabase('diff_scratch') });
}, 120_000);

it('the migration snapshot matches prisma/models.prisma (else run: make db-migration NAME=…)', () => {
  expect(fs.readFileSync(SNAPSHOT_FILE, 'utf8')).toBe(fs.readFileSync(MODELS_FILE, 'utf8'));
});

it('SQLite: the committed migrations build the same schema as the models', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-drift-'));
  try {
    const migrated = path.join(dir, 'migrated.sqlite');
    await migrate({ provider: 'sqlite', url: `file:${migrated}` });
    const fresh = new Database(path.join(dir, 'fresh.sqlite'));
    fresh.exec(fromEmpty.sqlite);
    const describe = (db: Database.Database): string[] =>
      (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '_prisma_migrations%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string; sql: string | null }[]).map(
        (r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`,
      );
    const m = new Database(migrated, { readonly: true });
    expect(describe(m)).toEqual(describe(fresh));
    expect(describe(fresh).length).toBeGreaterThan(5);
    m.close();
    fresh.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('PostgreSQL: the committed migrations build the same schema as the models', async () => {
  const migratedUrl = await pg.createDatabase('drift_migrated');
  const freshUrl = await pg.createDatabase('drift_fresh');
  await migrate({ provider: 'postgresql', url: migratedUrl });
  const describe = async (url: string, setup?: string): Promise<string[]> => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      if (setup) await c.query(setup);
      const q = async (text: string): Promise<string[]> => (await c.query<{ d: string }>(text)).rows.map((r) => r.d);
      return [
        ...(await q(`SELECT concat_ws(' ', table_name, column_name, data_type, datetime_precision, is_nullable, column_default) AS d
                     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`)),
        ...(await q(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`)),
        ...(await q(`SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> '_prisma_migrations'::regclass ORDER BY conname`)),
      ];
    } finally {
      await c.end();
    }
  };
  const fresh = await describe(freshUrl, `${fromEmpty.postgresql}\nCREATE TABLE "_prisma_migrations" (id text);`);
  expect(await describe(migratedUrl)).toEqual(fresh);
  expect(fresh.join('\n')).toContain('timestamp with time zone 3');
});
