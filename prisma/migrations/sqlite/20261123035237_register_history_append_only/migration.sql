-- register_history is append-only (seed 004: "append-only history of every action").
--
-- Hand-written: Prisma's models cannot express triggers, so `make db-migration` never produces (or
-- drops) these; prisma/migrations/models.snapshot.prisma is unchanged. test/persistence/migrations.test.ts
-- checks that both triggers exist after the migrations. A later migration that redefines
-- "register_history" (SQLite's copy / DROP / re-create) drops them with the table and must re-create them.
CREATE TRIGGER "register_history_no_update" BEFORE UPDATE ON "register_history"
BEGIN
    SELECT RAISE(ABORT, 'register_history is append-only (seed 004): add a new row instead');
END;

CREATE TRIGGER "register_history_no_delete" BEFORE DELETE ON "register_history"
BEGIN
    SELECT RAISE(ABORT, 'register_history is append-only (seed 004): add a new row instead');
END;
