/**
 * Generates the two Prisma clients (SQLite and PostgreSQL) from prisma/models.prisma, offline.
 * Idempotent: skipped when the derived schema and the Prisma version are unchanged.
 *
 *   npx tsx scripts/db-generate.ts [--force]
 */
import { generateClients } from '../prisma/generate';

const done = generateClients(process.argv.includes('--force'));
console.log(done.length ? `db-generate: generated Prisma client(s): ${done.join(', ')}` : 'db-generate: Prisma clients up to date');
