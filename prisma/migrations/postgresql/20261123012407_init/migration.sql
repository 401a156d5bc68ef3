-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "application" (
    "id" TEXT NOT NULL,
    "service_code" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "ancn" TEXT NOT NULL,
    "applicant_ref" TEXT NOT NULL,
    "licensor_body" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sla_state" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "calendar_version" TEXT NOT NULL,
    "result_document_ancn" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" SERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB,
    "signature_ref" TEXT,
    "idempotency_key" TEXT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document" (
    "ancn" TEXT NOT NULL,
    "application_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,

    CONSTRAINT "document_pkey" PRIMARY KEY ("ancn")
);

-- CreateTable
CREATE TABLE "ancn_sequence" (
    "document_type" TEXT NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "ancn_sequence_pkey" PRIMARY KEY ("document_type")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("principal","key")
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

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

