/**
 * seed 004: the register keeps an "append-only history of every action". The store only ever inserts
 * history rows (register/store-prisma.ts); the database refuses the rest too — the triggers of
 * migration *_register_history_append_only reject UPDATE and DELETE of register_history (and TRUNCATE
 * on PostgreSQL) with one clear message, whether through the Prisma client or raw SQL, and leave the
 * rows as they were. Appending (and changing the entry itself) still works. SQLite and a real PostgreSQL.
 *
 * SQLite through Prisma's model API: the better-sqlite3 adapter classifies every trigger RAISE
 * (SQLITE_CONSTRAINT_TRIGGER) as a foreign-key violation, so the error is P2003 "Foreign key constraint
 * violated" and the trigger's message is in meta.driverAdapterError.cause.originalMessage; raw queries
 * and PostgreSQL carry it in the error message itself. `refusal` reads both.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../persistence';
import { databaseConfig, type DatabaseConfig } from '../../persistence/database';
import { createPrismaClient } from '../../persistence/prisma-store';
import { PrismaRegisterStore } from '../../register/store-prisma';
import { usePostgres } from '../helpers/postgres';
import { createHarness, permitRequest, STAFF, uniqueKey, type RegisterHarness } from '../register/helpers';

const APPEND_ONLY = /register_history is append-only \(seed 004\): add a new row instead/;

const pg = usePostgres();
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'kz-history-append-only-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

type Prisma = ReturnType<typeof createPrismaClient>;

/** The error's message plus the database's own message as the driver adapter passed it on. */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (e) {
    const cause = (e as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } }).meta?.driverAdapterError?.cause;
    const original = typeof cause?.originalMessage === 'string' ? cause.originalMessage : '';
    return `${e instanceof Error ? e.message : String(e)}\n${original}`;
  }
  throw new Error('the attempt succeeded: register_history was changed');
}

function describeAppendOnly(provider: 'sqlite' | 'postgresql', database: () => Promise<DatabaseConfig>): void {
  describe(`register_history is append-only in the database (${provider})`, () => {
    let prisma: Prisma;
    let h: RegisterHarness;
    let ancn: string;
    const rows = async (): Promise<unknown[]> => prisma.registerHistory.findMany({ orderBy: { id: 'asc' } });
    let before: unknown[];

    beforeAll(async () => {
      const db = await database();
      await migrate(db);
      // One client for the store and the direct attempts (SQLite: one client per process).
      prisma = createPrismaClient(databaseConfig(db));
      h = await createHarness(new PrismaRegisterStore(prisma));
      const entered = await h.service.enter(permitRequest(), STAFF);
      ancn = entered.entry.ancn;
      await h.service.apply(ancn, 'suspend', { reason: 'inspection', idempotencyKey: uniqueKey() }, STAFF);
      before = await rows();
      expect(before).toHaveLength(2);
    }, 120_000);
    afterAll(async () => {
      await prisma?.$disconnect();
      h?.cleanup();
    });
    afterEach(async () => {
      // Whatever was attempted, nothing changed (the appending test re-reads `before` itself).
      expect(await rows()).toEqual(before);
    });

    it('refuses UPDATE through the Prisma client (update, updateMany) with the clear message', async () => {
      const first = await prisma.registerHistory.findFirstOrThrow({ where: { entryAncn: ancn, seq: 1 } });
      expect(await refusal(prisma.registerHistory.update({ where: { id: first.id }, data: { reason: 'rewritten' } }))).toMatch(APPEND_ONLY);
      expect(await refusal(prisma.registerHistory.updateMany({ where: { entryAncn: ancn }, data: { toStatus: 'active' } }))).toMatch(
        APPEND_ONLY,
      );
    });

    it('refuses DELETE through the Prisma client (delete, deleteMany) with the clear message', async () => {
      const last = await prisma.registerHistory.findFirstOrThrow({ where: { entryAncn: ancn, seq: 2 } });
      expect(await refusal(prisma.registerHistory.delete({ where: { id: last.id } }))).toMatch(APPEND_ONLY);
      expect(await refusal(prisma.registerHistory.deleteMany({}))).toMatch(APPEND_ONLY);
    });

    it('refuses UPDATE and DELETE in raw SQL, also inside a transaction that is then rolled back', async () => {
      expect(await refusal(prisma.$executeRaw`UPDATE register_history SET reason = 'rewritten' WHERE entry_ancn = ${ancn}`)).toMatch(
        APPEND_ONLY,
      );
      expect(await refusal(prisma.$executeRawUnsafe('DELETE FROM register_history'))).toMatch(APPEND_ONLY);
      const resumeByHand = prisma.$transaction(async (tx) => {
        await tx.registerEntry.update({ where: { ancn }, data: { status: 'active' } });
        await tx.registerHistory.deleteMany({ where: { entryAncn: ancn, seq: 2 } });
      });
      expect(await refusal(resumeByHand)).toMatch(APPEND_ONLY);
      expect((await prisma.registerEntry.findUniqueOrThrow({ where: { ancn } })).status).toBe('suspended');
    });

    if (provider === 'postgresql') {
      it('refuses TRUNCATE, also TRUNCATE … CASCADE from register_entry', async () => {
        expect(await refusal(prisma.$executeRawUnsafe('TRUNCATE register_history'))).toMatch(APPEND_ONLY);
        expect(await refusal(prisma.$executeRawUnsafe('TRUNCATE register_entry CASCADE'))).toMatch(APPEND_ONLY);
        expect(await prisma.registerEntry.count()).toBe(1);
      });
    }

    it('still appends: the next operation adds history row 3 and changes the entry', async () => {
      const resumed = await h.service.apply(ancn, 'resume', { reason: 'inspection passed', idempotencyKey: uniqueKey() }, STAFF);
      expect(resumed.entry.status).toBe('active');
      const after = await prisma.registerHistory.findMany({ where: { entryAncn: ancn }, orderBy: { seq: 'asc' } });
      expect(after.map((r) => [r.seq, r.operation, r.toStatus])).toEqual([
        [1, 'enter-external-result', 'active'],
        [2, 'suspend', 'suspended'],
        [3, 'resume', 'active'],
      ]);
      expect(after.slice(0, 2)).toEqual(before);
      before = await rows();
    });
  });
}

describeAppendOnly('sqlite', async () => databaseConfig({ provider: 'sqlite', url: `file:${path.join(tmpRoot, 'app.sqlite')}` }));
describeAppendOnly('postgresql', async () =>
  databaseConfig({ provider: 'postgresql', url: await pg.createDatabase('history_append_only') }),
);
