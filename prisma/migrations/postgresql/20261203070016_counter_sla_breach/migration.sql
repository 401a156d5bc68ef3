-- CreateTable
CREATE TABLE "counter_sla_breach" (
    "id" SERIAL NOT NULL,
    "subject_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "branch_id" TEXT NOT NULL,
    "service_code" TEXT,
    "limit_minutes" INTEGER NOT NULL,
    "regulation" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "cause" TEXT NOT NULL,

    CONSTRAINT "counter_sla_breach_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "counter_sla_breach_recorded_at_idx" ON "counter_sla_breach"("recorded_at");

-- CreateIndex
CREATE UNIQUE INDEX "counter_sla_breach_subject_id_kind_key" ON "counter_sla_breach"("subject_id", "kind");

