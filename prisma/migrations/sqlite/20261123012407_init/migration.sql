-- CreateTable
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
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "application_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "details" JSONB,
    "signature_ref" TEXT,
    "idempotency_key" TEXT,
    CONSTRAINT "audit_event_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "document" (
    "ancn" TEXT NOT NULL PRIMARY KEY,
    "application_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "idempotency_key" TEXT,
    CONSTRAINT "document_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ancn_sequence" (
    "document_type" TEXT NOT NULL PRIMARY KEY,
    "last_number" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,

    PRIMARY KEY ("principal", "key")
);

-- CreateIndex
CREATE UNIQUE INDEX "application_workflow_id_key" ON "application"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "application_ancn_key" ON "application"("ancn");

-- CreateIndex
CREATE INDEX "application_service_code_stage_idx" ON "application"("service_code", "stage");

-- CreateIndex
CREATE INDEX "application_licensor_body_idx" ON "application"("licensor_body");

-- CreateIndex
CREATE INDEX "application_sla_state_idx" ON "application"("sla_state");

-- CreateIndex
CREATE INDEX "application_registered_at_id_idx" ON "application"("registered_at", "id");

-- CreateIndex
CREATE INDEX "audit_event_application_id_at_idx" ON "audit_event"("application_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_event_application_id_idempotency_key_key" ON "audit_event"("application_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "document_idempotency_key_key" ON "document"("idempotency_key");

-- CreateIndex
CREATE INDEX "document_application_id_issued_at_idx" ON "document"("application_id", "issued_at");

