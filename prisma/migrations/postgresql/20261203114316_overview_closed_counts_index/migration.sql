-- CreateIndex
CREATE INDEX "application_closed_counts_idx" ON "application"("service_code", "stage", "sla_state", "status");

