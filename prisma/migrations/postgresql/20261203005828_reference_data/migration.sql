-- CreateTable
CREATE TABLE "reference_data_version" (
    "kind" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "act" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "published_by" TEXT NOT NULL,
    "principal" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "request_key" TEXT,

    CONSTRAINT "reference_data_version_pkey" PRIMARY KEY ("kind","number")
);

-- CreateIndex
CREATE UNIQUE INDEX "reference_data_version_version_key" ON "reference_data_version"("version");

-- CreateIndex
CREATE UNIQUE INDEX "reference_data_version_request_key_key" ON "reference_data_version"("request_key");

