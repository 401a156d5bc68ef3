-- Dashboard read model (docs/dashboards.md): waiting_on, pending_actions, next_due_at, closed_at,
-- progress_at/progress_seq (the last snapshot's version) and
-- the indexes for the inbox, the urgent lists and the counts.
--
-- Hand-written table redefinition (not ALTER TABLE ADD COLUMN) so the stored schema is exactly the one
-- Prisma makes from the models (test/persistence/migrations.test.ts). It runs inside the migration's
-- transaction, where PRAGMA foreign_keys cannot change: audit_event and document rows reference
-- "application", so foreign keys are DEFERRED for this transaction; dropping the table counts their
-- rows as violations and re-inserting every parent row under the same id settles them before COMMIT.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE "dashboard_application_copy" AS SELECT * FROM "application";

DROP TABLE "application";

CREATE TABLE "application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "service_code" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "ancn" TEXT NOT NULL,
    "applicant_ref" TEXT NOT NULL,
    "licensor_body" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sla_state" TEXT NOT NULL,
    "submitted_at" DATETIME NOT NULL,
    "registered_at" DATETIME NOT NULL,
    "due_at" DATETIME NOT NULL,
    "calendar_version" TEXT NOT NULL,
    "result_document_ancn" TEXT,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    "waiting_on" TEXT,
    "pending_actions" JSONB,
    "next_due_at" DATETIME,
    "closed_at" DATETIME,
    "progress_at" DATETIME,
    "progress_seq" INTEGER
);

-- Backfill: the earliest deadline is the case term until the next progress records pending actions;
-- a case already closed is taken as closed at its last update.
INSERT INTO "application" (
    "id", "service_code", "workflow_id", "ancn", "applicant_ref", "licensor_body", "stage", "status", "sla_state",
    "submitted_at", "registered_at", "due_at", "calendar_version", "result_document_ancn", "created_at", "updated_at",
    "waiting_on", "pending_actions", "next_due_at", "closed_at", "progress_at", "progress_seq"
)
SELECT
    "id", "service_code", "workflow_id", "ancn", "applicant_ref", "licensor_body", "stage", "status", "sla_state",
    "submitted_at", "registered_at", "due_at", "calendar_version", "result_document_ancn", "created_at", "updated_at",
    NULL, '[]', "due_at", CASE WHEN "status" <> 'open' THEN "updated_at" ELSE NULL END, NULL, NULL
FROM "dashboard_application_copy";

DROP TABLE "dashboard_application_copy";

-- The table's earlier indexes (dropped with it)
CREATE UNIQUE INDEX "application_workflow_id_key" ON "application"("workflow_id");
CREATE UNIQUE INDEX "application_ancn_key" ON "application"("ancn");
CREATE INDEX "application_service_code_stage_idx" ON "application"("service_code", "stage");
CREATE INDEX "application_licensor_body_idx" ON "application"("licensor_body");
CREATE INDEX "application_sla_state_idx" ON "application"("sla_state");
CREATE INDEX "application_registered_at_id_idx" ON "application"("registered_at", "id");

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
