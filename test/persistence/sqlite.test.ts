/**
 * The store contract and the migration runner on SQLite (a temp file per test), the embedded default.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore, migrate } from '../../persistence';
import { SERVICE_CODES } from '../../services';
import { MigrationError, loadMigrations } from '../../persistence/migrate';
import { runPrisma } from '../../prisma/cli';
import { describeStoreContract } from './contract';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-sqlite-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;
const freshUrl = (): string => `file:${path.join(tmpRoot, `db-${++n}`, 'app.sqlite')}`;

describeStoreContract(
  'sqlite',
  async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    await migrate(db);
    const store = await createStore(db, { serviceCodes: SERVICE_CODES });
    const opened = [store];
    return {
      store,
      async setSequence(documentType, last) {
        const raw = new Database(db.url.slice('file:'.length));
        raw
          .prepare(
            'INSERT INTO ancn_sequence (document_type, last_number) VALUES (?, ?) ON CONFLICT DO UPDATE SET last_number = excluded.last_number',
          )
          .run(documentType, last);
        raw.close();
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

describe('migrations on SQLite', () => {
  it('creates the data directory and the schema, then is a no-op on the next start', async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    const names = loadMigrations('sqlite').map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await migrate(db)).toEqual({ applied: names, alreadyApplied: [], unknown: [] });
    expect(await migrate({ database: db })).toEqual({ applied: [], alreadyApplied: names, unknown: [] });
    const raw = new Database(db.url.slice('file:'.length), { readonly: true });
    const tables = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name,
    );
    const rows = raw.prepare('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations').all();
    raw.close();
    expect(tables).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'ancn_sequence', 'application', 'audit_event', 'document', 'idempotency_record']),
    );
    expect(rows).toEqual(
      loadMigrations('sqlite').map((m) => ({
        migration_name: m.name,
        checksum: m.checksum,
        finished_at: expect.any(String),
        applied_steps_count: 1,
      })),
    );
  });

  it("leaves Prisma's own bookkeeping consistent: `prisma migrate status` says up to date", async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    await migrate(db);
    const status = runPrisma('sqlite', ['migrate', 'status'], db.url);
    expect(status.stdout).toContain('Database schema is up to date!');
    expect(status.status).toBe(0);
  }, 60_000);

  it('refuses to start when an applied migration was edited afterwards', async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    const root = path.join(tmpRoot, `migrations-${++n}`);
    fs.cpSync(path.join(__dirname, '../../prisma/migrations'), root, { recursive: true });
    await migrate(db, { migrationsRoot: root });
    const first = loadMigrations('sqlite', root)[0]!;
    fs.appendFileSync(path.join(root, 'sqlite', first.name, 'migration.sql'), '\n-- edited\n');
    await expect(migrate(db, { migrationsRoot: root })).rejects.toThrow(MigrationError);
    await expect(migrate(db, { migrationsRoot: root })).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    const root = path.join(tmpRoot, `migrations-${++n}`);
    fs.cpSync(path.join(__dirname, '../../prisma/migrations'), root, { recursive: true });
    await migrate(db, { migrationsRoot: root });
    fs.mkdirSync(path.join(root, 'sqlite', '99990101000000_broken'));
    fs.writeFileSync(
      path.join(root, 'sqlite', '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" ("id" TEXT);\nALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n',
    );
    await expect(migrate(db, { migrationsRoot: root })).rejects.toThrow(/99990101000000_broken failed and was rolled back/);
    const raw = new Database(db.url.slice('file:'.length), { readonly: true });
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()).toEqual([]);
    expect(raw.prepare("SELECT count(*) AS c FROM _prisma_migrations WHERE migration_name LIKE '%broken'").get()).toEqual({ c: 0 });
    raw.close();
  });

  it('lets concurrent starters migrate the same file once', async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    expect(results.flatMap((r) => r.applied)).toEqual(loadMigrations('sqlite').map((m) => m.name));
  });

  it('waits for another process holding a new database open (the worker at `make start`), then migrates', async () => {
    const db = { provider: 'sqlite' as const, url: freshUrl() };
    const file = db.url.slice('file:'.length);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const other = new Database(file);
    other.exec('CREATE TABLE held (x)');
    other.exec('BEGIN');
    other.prepare('SELECT * FROM held').all();
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        other.exec('COMMIT');
        other.close();
        resolve();
      }, 600),
    );
    const result = await migrate(db);
    await released;
    expect(result.applied).toEqual(loadMigrations('sqlite').map((m) => m.name));
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });
});
