/**
 * Applies the committed SQL migrations (prisma/migrations/<provider>/<name>/migration.sql) to the
 * configured database at startup and from scripts/db-migrate.ts. Idempotent, offline, no Prisma CLI.
 *
 * Why our own runner: Prisma's native schema engine is downloaded at run time (impossible offline),
 * and its JavaScript schema engine cannot read PostgreSQL's catalogue through the pg driver adapter
 * (docs/persistence.md). The bookkeeping is Prisma's own `_prisma_migrations` table (same columns,
 * checksum = SHA-256 of migration.sql), so `prisma migrate status|deploy` agree with this runner.
 *
 * Each migration runs in its own transaction together with its bookkeeping row: it is applied
 * completely or not at all. Concurrent starters are serialized (PostgreSQL: Prisma's advisory lock
 * key; SQLite: BEGIN IMMEDIATE). An applied migration whose file changed stops startup.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../config';
import { type DatabaseConfigInput, databaseConfig, redactUrl, sqliteFilePath } from './database';

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
  /** Recorded in the database but not among our files (a newer version migrated it). */
  unknown: string[];
}

export const DEFAULT_MIGRATIONS_ROOT = path.join(ROOT_DIR, 'prisma', 'migrations');
/** Prisma's advisory lock key: our runner and `prisma migrate deploy` exclude each other. */
const PG_ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export function loadMigrations(provider: 'sqlite' | 'postgresql', root = DEFAULT_MIGRATIONS_ROOT): Migration[] {
  const dir = path.join(root, provider);
  if (!fs.existsSync(dir)) throw new MigrationError(`no migrations for ${provider} in ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      const sql = fs.readFileSync(file, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Decides what to apply; throws on edited or failed migrations. */
function plan(files: Migration[], rows: AppliedRow[]): { pending: Migration[]; done: string[]; unknown: string[] } {
  const live = rows.filter((r) => r.rolled_back_at === null || r.rolled_back_at === undefined);
  const failed = live.filter((r) => r.finished_at === null || r.finished_at === undefined);
  if (failed.length > 0) {
    throw new MigrationError(
      `migration ${failed.map((r) => r.migration_name).join(', ')} failed earlier and is half-applied; ` +
        'repair the database, then mark it with `prisma migrate resolve` (docs/persistence.md)',
    );
  }
  const byName = new Map(live.map((r) => [r.migration_name, r]));
  const pending: Migration[] = [];
  const done: string[] = [];
  for (const m of files) {
    const row = byName.get(m.name);
    if (!row) pending.push(m);
    else if (row.checksum !== m.checksum) {
      throw new MigrationError(
        `migration ${m.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${m.checksum.slice(0, 12)}… on disk); add a new migration instead`,
      );
    } else done.push(m.name);
  }
  const names = new Set(files.map((m) => m.name));
  return { pending, done, unknown: live.map((r) => r.migration_name).filter((n) => !names.has(n)) };
}

function failure(m: Migration, e: unknown): MigrationError {
  return new MigrationError(`migration ${m.name} failed and was rolled back: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * WAL persists in the file, so only the first starter switches. The switch needs the file to itself and
 * SQLite may answer SQLITE_BUSY at once (its busy handler is skipped where waiting could deadlock) while the
 * worker's connection is migrating the same new file, which is what `make start` does when the API and the
 * worker start together. So no busy timeout here (a synchronous wait would block this process too): retry
 * every 100 ms for 15 s.
 */
async function switchToWal(db: { pragma(source: string, options?: { simple: boolean }): unknown }): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      // Extended codes too (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, …).
      // Not `instanceof Error`: the native module's errors may come from another realm (jest's sandbox).
      const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
      const busy = typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
      if (!busy || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function migrateSqlite(url: string, files: Migration[]): Promise<MigrationResult> {
  const { default: Database } = await import('better-sqlite3');
  const file = sqliteFilePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 0 }); // no synchronous wait during the WAL switch (below)
  try {
    await switchToWal(db);
    db.pragma('busy_timeout = 15000');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`);
    const applied: string[] = [];
    let result: ReturnType<typeof plan>;
    // One migration per IMMEDIATE transaction, re-planning each time: a concurrent starter waits on the
    // write lock, then finds the migration already recorded.
    for (;;) {
      db.exec('BEGIN IMMEDIATE');
      let m: Migration | undefined;
      try {
        result = plan(
          files,
          db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as AppliedRow[],
        );
        m = result.pending[0];
        if (m) {
          const startedAt = new Date().toISOString().replace('Z', '+00:00');
          const id = randomUUID();
          db.prepare(
            'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)',
          ).run(id, m.checksum, m.name, startedAt);
          db.exec(m.sql);
          db.prepare('UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(
            new Date().toISOString().replace('Z', '+00:00'),
            id,
          );
        }
        db.exec('COMMIT');
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw m && !(e instanceof MigrationError) ? failure(m, e) : e;
      }
      if (!m) break;
      applied.push(m.name);
    }
    return { applied, alreadyApplied: result.done.filter((n) => !applied.includes(n)), unknown: result.unknown };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, files: Migration[]): Promise<MigrationResult> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new MigrationError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_ADVISORY_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`);
    const rows = (await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"'))
      .rows;
    const { pending, done, unknown } = plan(files, rows);
    const applied: string[] = [];
    for (const m of pending) {
      // PostgreSQL DDL is transactional: the migration and its row commit together or not at all.
      await client.query('BEGIN');
      try {
        const id = randomUUID();
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw failure(m, e);
      }
      applied.push(m.name);
    }
    return { applied, alreadyApplied: done, unknown };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PG_ADVISORY_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Brings the database up to the newest committed migration. Safe to call on every start. */
export async function migrate(input: DatabaseConfigInput, options: { migrationsRoot?: string } = {}): Promise<MigrationResult> {
  const db = databaseConfig(input);
  const files = loadMigrations(db.provider, options.migrationsRoot);
  return db.provider === 'sqlite' ? migrateSqlite(db.url, files) : migratePostgres(db.url, files);
}
