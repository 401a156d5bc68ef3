/**
 * The reference-data store on the database the process already opened (persistence's `openDatabase`):
 * the same Prisma client as the application store (on SQLite two clients in one process block each
 * other). Loaded lazily, like the register's, so code on the in-memory store never needs the clients.
 */
import type { PrismaClient } from '../prisma/generated/sqlite';
import type * as StorePrismaModule from './store-prisma';
import type { ReferenceDataStore } from './store';

export function referenceDataStoreOn(db: { client: PrismaClient }): ReferenceDataStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of the generated clients
  const { PrismaReferenceDataStore } = require('./store-prisma') as typeof StorePrismaModule;
  return new PrismaReferenceDataStore(db.client);
}
