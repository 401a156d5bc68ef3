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
import type * as RegisterStoreModule from './register-store';
import type { PrismaRegisterStore } from './register-store';

export { migrate, loadMigrations, MigrationError, type MigrationResult } from './migrate';
export { InMemoryApplicationStore } from './in-memory';
export type { DatabaseConfig, DatabaseConfigInput } from './database';
export type * from './port';

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
 * Both stores of one process on ONE Prisma client: on SQLite two clients in one process wait on each
 * other's file lock synchronously (the driver blocks the event loop), so a composition root that needs
 * the application store and the register opens them together.
 */
export async function openDatabase(input: DatabaseConfigInput, options: PrismaStoreOptions = {}): Promise<{
  store: ApplicationStore;
  registerStore: PrismaRegisterStore;
  close(): Promise<void>;
}> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see createStore
  (require('../prisma/generate') as typeof PrismaGenerate).ensureClients();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaApplicationStore, createPrismaClient } = require('./prisma-store') as typeof PrismaStoreModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaRegisterStore: RegisterStoreClass } = require('./register-store') as typeof RegisterStoreModule;
  const db = databaseConfig(input);
  const client = createPrismaClient(db, options);
  const store = new PrismaApplicationStore(client, db.provider);
  const registerStore = new RegisterStoreClass(client);
  return { store, registerStore, close: () => store.close() };
}
