/**
 * Prisma CLI configuration for the sqlite schema (derived by prisma/render.ts). The JavaScript schema
 * engine with a driver adapter is used because the native schema engine would be downloaded at run
 * time, and this project must work offline (docs/persistence.md). Used by scripts/db-generate.ts and
 * scripts/db-migration.ts; the app itself applies migrations with persistence/migrate.ts.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'generated', 'schema', 'sqlite.prisma'),
  migrations: { path: path.join(__dirname, 'migrations', 'sqlite') },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set (the sqlite database the Prisma CLI should use)');
    return new PrismaBetterSQLite3({ url: url.replace(/^file:/, '') });
  },
});
