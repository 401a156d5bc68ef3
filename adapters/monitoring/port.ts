/**
 * The state-services monitoring information system and the e-gov operator's support desk.
 * - Stage reports: every stage of a case goes to monitoring (seed 003 ¶14).
 * - Technical-failure reports: on a technical failure the provider tells the e-gov operator's support
 *   at once, with the service name, the application's ANCN, the applicant's IIN/BIN, the time of the
 *   error and screenshots (seed 003 ¶15; `context` stands in for the screenshots).
 * Both carry an idempotency key: a retried activity reports once.
 */
import { z } from 'zod';

export const StageReportSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  applicationId: z.string().min(1).max(200),
  serviceCode: z.string().min(1).max(100),
  stage: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
});
export type StageReport = z.infer<typeof StageReportSchema>;

/** seed 003 ¶15: every field the report must carry is required. */
export const TechnicalFailureSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  serviceName: z.string().min(1).max(300),
  applicationAncn: z.string().min(1).max(20),
  applicantRef: z.string().min(1).max(100),
  occurredAt: z.iso.datetime({ offset: true }),
  error: z.string().min(1).max(4000),
  context: z.record(z.string(), z.unknown()),
});
export type TechnicalFailure = z.infer<typeof TechnicalFailureSchema>;

export interface MonitoringReceipt {
  reportId: string;
  receivedAt: string;
  duplicate: boolean;
}

export interface MonitoringSystem {
  reportStage(report: StageReport): Promise<MonitoringReceipt>;
  reportTechnicalFailure(report: TechnicalFailure): Promise<MonitoringReceipt>;
  listStageReports(applicationId: string): Promise<Array<StageReport & { reportId: string; receivedAt: string }>>;
  listTechnicalFailures(): Promise<Array<TechnicalFailure & { reportId: string; receivedAt: string }>>;
}

export class MonitoringUnavailableError extends Error {
  override readonly name = 'MonitoringUnavailableError';
  readonly retryable = true;
}

export class MonitoringRejectedError extends Error {
  override readonly name = 'MonitoringRejectedError';
  readonly retryable = false;
}
