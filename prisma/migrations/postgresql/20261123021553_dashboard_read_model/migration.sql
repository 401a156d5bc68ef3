-- AlterTable
ALTER TABLE "application" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "pending_actions" JSONB,
ADD COLUMN     "progress_at" TIMESTAMPTZ(3),
ADD COLUMN     "progress_seq" INTEGER,
ADD COLUMN     "waiting_on" TEXT;

-- CreateIndex
CREATE INDEX "application_inbox_idx" ON "application"("licensor_body", "waiting_on", "status", "next_due_at", "id");

-- CreateIndex
CREATE INDEX "application_urgent_idx" ON "application"("status", "sla_state", "next_due_at", "id");

-- CreateIndex
CREATE INDEX "application_next_due_at_id_idx" ON "application"("next_due_at", "id");

-- CreateIndex
CREATE INDEX "application_counts_idx" ON "application"("status", "service_code", "stage", "sla_state");

-- CreateIndex
CREATE INDEX "application_closed_at_idx" ON "application"("closed_at");


-- Backfill (hand-written): rows from before the read model had these columns. The earliest deadline
-- is the case term until the next progress records pending actions; a case already closed is taken
-- as closed at its last update.
UPDATE "application" SET "next_due_at" = "due_at", "pending_actions" = '[]'::jsonb WHERE "next_due_at" IS NULL;
UPDATE "application" SET "closed_at" = "updated_at" WHERE "closed_at" IS NULL AND "status" <> 'open';
