-- CreateTable
CREATE TABLE "nca_certificate" (
    "serial" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "iin" TEXT,
    "bin" TEXT,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "cert_pem" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "case_id" TEXT,
    "request_key" TEXT,
    "status" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revocation_reason" TEXT,

    CONSTRAINT "nca_certificate_pkey" PRIMARY KEY ("serial")
);

-- CreateTable
CREATE TABLE "nca_revocation" (
    "id" SERIAL NOT NULL,
    "serial" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "case_id" TEXT,
    "request_key" TEXT NOT NULL,

    CONSTRAINT "nca_revocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nca_crl" (
    "number" INTEGER NOT NULL,
    "this_update" TIMESTAMPTZ(3) NOT NULL,
    "next_update" TIMESTAMPTZ(3) NOT NULL,
    "der" BYTEA NOT NULL,

    CONSTRAINT "nca_crl_pkey" PRIMARY KEY ("number")
);

-- CreateIndex
CREATE UNIQUE INDEX "nca_certificate_request_key_key" ON "nca_certificate"("request_key");

-- CreateIndex
CREATE INDEX "nca_certificate_iin_idx" ON "nca_certificate"("iin");

-- CreateIndex
CREATE INDEX "nca_certificate_bin_idx" ON "nca_certificate"("bin");

-- CreateIndex
CREATE UNIQUE INDEX "nca_revocation_serial_request_key_key" ON "nca_revocation"("serial", "request_key");

-- AddForeignKey
ALTER TABLE "nca_revocation" ADD CONSTRAINT "nca_revocation_serial_fkey" FOREIGN KEY ("serial") REFERENCES "nca_certificate"("serial") ON DELETE RESTRICT ON UPDATE CASCADE;

