-- CreateTable
CREATE TABLE "register_entry" (
    "ancn" TEXT NOT NULL PRIMARY KEY,
    "register" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "service_code" TEXT NOT NULL,
    "category" TEXT,
    "holder_ref" TEXT NOT NULL,
    "holder_type" TEXT NOT NULL,
    "holder_name" TEXT,
    "licensor_body" TEXT NOT NULL,
    "activity" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "valid_from" DATETIME NOT NULL,
    "valid_until" DATETIME,
    "status" TEXT NOT NULL,
    "status_changed_at" DATETIME NOT NULL,
    "origin" TEXT NOT NULL,
    "appendices" JSONB NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "previous_ancn" TEXT,
    "replaced_by_ancn" TEXT,
    "application_id" TEXT,
    "version" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "register_history" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "entry_ancn" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "document_ancn" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "details" JSONB NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    CONSTRAINT "register_history_entry_ancn_fkey" FOREIGN KEY ("entry_ancn") REFERENCES "register_entry" ("ancn") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "register_document" (
    "ancn" TEXT NOT NULL PRIMARY KEY,
    "entry_ancn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    CONSTRAINT "register_document_entry_ancn_fkey" FOREIGN KEY ("entry_ancn") REFERENCES "register_entry" ("ancn") ON DELETE RESTRICT ON UPDATE CASCADE
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

