/**
 * Persistence entry points for the composition roots (api/main.ts, worker.ts):
 *
 *   await migrate(config.database)            // idempotent; applies committed migrations
 *   const store = await createStore(config.database)
 *
 * Both also accept the whole Config. Tests use InMemoryApplicationStore (no database).
 */
import type { ApplicationStore } from './port';
import { type DatabaseConfigInput, databaseConfig } from './database';
import type * as PrismaGenerate from '../prisma/generate';
import type * as PrismaStoreModule from './prisma-store';
import type { PrismaStoreOptions } from './prisma-store';
import type { PrismaClient } from '../prisma/generated/sqlite';

export { migrate, loadMigrations, MigrationError, type MigrationResult } from './migrate';
export { InMemoryApplicationStore } from './in-memory';
export type { DatabaseConfig, DatabaseConfigInput } from './database';
export type * from './port';
export type { StoreOptions } from './records';

/**
 * The ApplicationStore for the configured database (sqlite or postgresql). The Prisma clients are
 * loaded here, not at import, so code that only needs the in-memory store never requires them.
 */
export async function createStore(input: DatabaseConfigInput, options: PrismaStoreOptions = {}): Promise<ApplicationStore> {
  // A fresh clone has no generated clients yet (git-ignored): make them, offline, before loading.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only needed on this path
  (require('../prisma/generate') as typeof PrismaGenerate).ensureClients();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaApplicationStore } = require('./prisma-store') as typeof PrismaStoreModule;
  return PrismaApplicationStore.open(databaseConfig(input), options);
}

/**
 * The process's database: the application store and the Prisma client it runs on. Every other store of
 * the process (the register's: register/database.ts) is built on this same `client`, because on SQLite
 * two clients in one process wait on each other's file lock synchronously (the driver blocks the event
 * loop). Persistence hands the client out rather than building those stores itself, so it depends on
 * no module that keeps its own tables.
 */
export async function openDatabase(
  input: DatabaseConfigInput,
  options: PrismaStoreOptions = {},
): Promise<{
  store: ApplicationStore;
  client: PrismaClient;
  close(): Promise<void>;
}> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see createStore
  (require('../prisma/generate') as typeof PrismaGenerate).ensureClients();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaApplicationStore, createPrismaClient } = require('./prisma-store') as typeof PrismaStoreModule;
  const db = databaseConfig(input);
  const client = createPrismaClient(db, options);
  const store = new PrismaApplicationStore(client, db.provider, undefined, options);
  return { store, client, close: () => store.close() };
}
