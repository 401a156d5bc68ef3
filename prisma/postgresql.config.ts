/**
 * Prisma CLI configuration for the postgresql schema (derived by prisma/render.ts). The JavaScript schema
 * engine with a driver adapter is used because the native schema engine would be downloaded at run
 * time, and this project must work offline (docs/persistence.md). Used by scripts/db-generate.ts and
 * scripts/db-migration.ts; the app itself applies migrations with persistence/migrate.ts.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'generated', 'schema', 'postgresql.prisma'),
  migrations: { path: path.join(__dirname, 'migrations', 'postgresql') },
  adapter: async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set (the postgresql database the Prisma CLI should use)');
    // Short idle timeout: the CLI waits for idle pool connections to close before it exits.
    return new PrismaPg({ connectionString: url, idleTimeoutMillis: 200 });
  },
});
