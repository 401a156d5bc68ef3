-- CreateTable
CREATE TABLE "nca_certificate" (
    "serial" TEXT NOT NULL PRIMARY KEY,
    "profile" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "iin" TEXT,
    "bin" TEXT,
    "not_before" DATETIME NOT NULL,
    "not_after" DATETIME NOT NULL,
    "cert_pem" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "case_id" TEXT,
    "request_key" TEXT,
    "status" TEXT NOT NULL,
    "revoked_at" DATETIME,
    "revocation_reason" TEXT
);

-- CreateTable
CREATE TABLE "nca_revocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "serial" TEXT NOT NULL,
    "revoked_at" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "case_id" TEXT,
    "request_key" TEXT NOT NULL,
    CONSTRAINT "nca_revocation_serial_fkey" FOREIGN KEY ("serial") REFERENCES "nca_certificate" ("serial") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "nca_crl" (
    "number" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "this_update" DATETIME NOT NULL,
    "next_update" DATETIME NOT NULL,
    "der" BLOB NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "nca_certificate_request_key_key" ON "nca_certificate"("request_key");

-- CreateIndex
CREATE INDEX "nca_certificate_iin_idx" ON "nca_certificate"("iin");

-- CreateIndex
CREATE INDEX "nca_certificate_bin_idx" ON "nca_certificate"("bin");

-- CreateIndex
CREATE UNIQUE INDEX "nca_revocation_serial_request_key_key" ON "nca_revocation"("serial", "request_key");

