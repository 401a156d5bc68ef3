-- CreateTable
CREATE TABLE "register_entry" (
    "ancn" TEXT NOT NULL,
    "register" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "service_code" TEXT NOT NULL,
    "category" TEXT,
    "holder_ref" TEXT NOT NULL,
    "holder_type" TEXT NOT NULL,
    "holder_name" TEXT,
    "licensor_body" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "valid_until" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL,
    "origin" TEXT NOT NULL,
    "appendices" JSONB NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "previous_ancn" TEXT,
    "replaced_by_ancn" TEXT,
    "application_id" TEXT,
    "version" INTEGER NOT NULL,

    CONSTRAINT "register_entry_pkey" PRIMARY KEY ("ancn")
);

-- CreateTable
CREATE TABLE "register_history" (
    "id" SERIAL NOT NULL,
    "entry_ancn" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "document_ancn" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "details" JSONB NOT NULL,
    "idempotency_key" TEXT NOT NULL,

    CONSTRAINT "register_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "register_document" (
    "ancn" TEXT NOT NULL,
    "entry_ancn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "register_document_pkey" PRIMARY KEY ("ancn")
);

-- CreateIndex
CREATE INDEX "register_entry_register_service_code_status_idx" ON "register_entry"("register", "service_code", "status");

-- CreateIndex
CREATE INDEX "register_entry_licensor_body_idx" ON "register_entry"("licensor_body");

-- CreateIndex
CREATE INDEX "register_entry_holder_ref_idx" ON "register_entry"("holder_ref");

-- CreateIndex
CREATE UNIQUE INDEX "register_history_idempotency_key_key" ON "register_history"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "register_history_entry_ancn_seq_key" ON "register_history"("entry_ancn", "seq");

-- CreateIndex
CREATE INDEX "register_document_entry_ancn_idx" ON "register_document"("entry_ancn");

-- AddForeignKey
ALTER TABLE "register_history" ADD CONSTRAINT "register_history_entry_ancn_fkey" FOREIGN KEY ("entry_ancn") REFERENCES "register_entry"("ancn") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "register_document" ADD CONSTRAINT "register_document_entry_ancn_fkey" FOREIGN KEY ("entry_ancn") REFERENCES "register_entry"("ancn") ON DELETE RESTRICT ON UPDATE CASCADE;

