/**
 * The register's store on the database the process already opened (persistence's `openDatabase`): the
 * same Prisma client as the application store, because on SQLite two clients in one process block each
 * other. Loaded lazily, like persistence's stores, so code that runs on the in-memory store never needs
 * the generated Prisma clients; `openDatabase` has made sure they exist before this is called.
 */
import type { PrismaClient } from '../prisma/generated/sqlite';
import type * as StorePrismaModule from './store-prisma';
import type { RegisterStore } from './store';

export function registerStoreOn(db: { client: PrismaClient }): RegisterStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaRegisterStore } = require('./store-prisma') as typeof StorePrismaModule;
  return new PrismaRegisterStore(db.client);
}
