/**
 * The committed migrations are the schema: applying them in order must give exactly what Prisma makes
 * from prisma/models.prisma today, on SQLite and on PostgreSQL. A model change without
 * `make db-migration NAME=…` fails here, naming the command.
 *
 * The one deliberate difference: hand-written triggers Prisma's models cannot express (docs/persistence.md
 * "Hand-written triggers"). They are excluded from the comparison BY NAME only — any other trigger or
 * function still counts as drift — and checked on their own: they must exist after the migrations.
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

/** seed 004: register_history is append-only (migration *_register_history_append_only). */
const APPEND_ONLY_TRIGGERS = {
  sqlite: ['register_history_no_delete', 'register_history_no_update'],
  postgresql: ['register_history_no_truncate', 'register_history_no_update_delete'],
};
const APPEND_ONLY_FUNCTION = 'register_history_append_only';
const APPEND_ONLY_MESSAGE = 'register_history is append-only (seed 004): add a new row instead';
const sqlList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');
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
      (
        db
          .prepare(
            `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '_prisma_migrations%' AND name NOT LIKE 'sqlite_%'
             AND NOT (type = 'trigger' AND name IN (${sqlList(APPEND_ONLY_TRIGGERS.sqlite)})) ORDER BY type, name`,
          )
          .all() as { type: string; name: string; sql: string | null }[]
      ).map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
    const triggers = (db: Database.Database): string[] =>
      (
        db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as {
          name: string;
          tbl_name: string;
          sql: string;
        }[]
      ).map((r) => `${r.name} ON ${r.tbl_name}: ${r.sql.replace(/\s+/g, ' ')}`);
    const m = new Database(migrated, { readonly: true });
    expect(describe(m)).toEqual(describe(fresh));
    expect(describe(fresh).length).toBeGreaterThan(5);
    // The hand-written append-only triggers: present after the migrations, unknown to Prisma's models.
    expect(triggers(fresh)).toEqual([]);
    expect(triggers(m)).toEqual([
      `register_history_no_delete ON register_history: CREATE TRIGGER "register_history_no_delete" BEFORE DELETE ON "register_history" BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
      `register_history_no_update ON register_history: CREATE TRIGGER "register_history_no_update" BEFORE UPDATE ON "register_history" BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`,
    ]);
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
        ...(await q(
          `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
        )),
        ...(await q(
          `SELECT conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> '_prisma_migrations'::regclass ORDER BY conname`,
        )),
        // Triggers and functions too (Prisma makes none): only the named append-only ones are left out.
        ...(await q(`SELECT pg_get_triggerdef(t.oid) AS d FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                     WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal AND t.tgname NOT IN (${sqlList(APPEND_ONLY_TRIGGERS.postgresql)}) ORDER BY t.tgname`)),
        ...(await q(`SELECT 'function ' || p.oid::regprocedure::text AS d FROM pg_proc p
                     WHERE p.pronamespace = 'public'::regnamespace AND p.proname <> '${APPEND_ONLY_FUNCTION}' ORDER BY 1`)),
      ];
    } finally {
      await c.end();
    }
  };
  const fresh = await describe(freshUrl, `${fromEmpty.postgresql}\nCREATE TABLE "_prisma_migrations" (id text);`);
  expect(await describe(migratedUrl)).toEqual(fresh);
  expect(fresh.join('\n')).toContain('timestamp with time zone 3');

  // The hand-written append-only triggers and their function: present after the migrations.
  const c = new Client({ connectionString: migratedUrl });
  await c.connect();
  try {
    const triggers = await c.query<{ d: string }>(
      `SELECT pg_get_triggerdef(t.oid) AS d FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgrelid = 'register_history'::regclass ORDER BY t.tgname`,
    );
    expect(triggers.rows.map((r) => r.d)).toEqual([
      'CREATE TRIGGER register_history_no_truncate BEFORE TRUNCATE ON public.register_history FOR EACH STATEMENT EXECUTE FUNCTION register_history_append_only()',
      'CREATE TRIGGER register_history_no_update_delete BEFORE DELETE OR UPDATE ON public.register_history FOR EACH ROW EXECUTE FUNCTION register_history_append_only()',
    ]);
    const fn = await c.query<{ src: string }>(
      `SELECT prosrc AS src FROM pg_proc WHERE proname = $1 AND pronamespace = 'public'::regnamespace`,
      [APPEND_ONLY_FUNCTION],
    );
    expect(fn.rows).toHaveLength(1);
    expect(fn.rows[0]?.src).toContain(APPEND_ONLY_MESSAGE);
  } finally {
    await c.end();
  }
});
