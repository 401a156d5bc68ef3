-- register_history is append-only (seed 004: "append-only history of every action").
--
-- Hand-written: Prisma's models cannot express triggers or functions, so `make db-migration` never
-- produces (or drops) these; prisma/migrations/models.snapshot.prisma is unchanged.
-- test/persistence/migrations.test.ts checks that the function and both triggers exist after the migrations.
-- UPDATE and DELETE are refused row by row, TRUNCATE (also TRUNCATE … CASCADE from register_entry) per
-- statement. A guard against application bugs and slips at the psql prompt, not against the table's
-- owner (who can disable triggers): the application's role should also lack UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION "register_history_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'register_history is append-only (seed 004): add a new row instead'
        USING ERRCODE = 'raise_exception', HINT = TG_OP || ' on register_history is refused by trigger ' || TG_NAME;
END;
$$;

CREATE TRIGGER "register_history_no_update_delete" BEFORE UPDATE OR DELETE ON "register_history"
    FOR EACH ROW EXECUTE FUNCTION "register_history_append_only"();

CREATE TRIGGER "register_history_no_truncate" BEFORE TRUNCATE ON "register_history"
    FOR EACH STATEMENT EXECUTE FUNCTION "register_history_append_only"();
