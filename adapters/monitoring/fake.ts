/** In-memory monitoring system and support desk: the same idempotency semantics as the simulator. */
import type { z } from 'zod';
import { IdempotentLog, type IdempotentLogSnapshot } from '../cabinet/idempotent-log';
import {
  MonitoringRejectedError,
  StageReportSchema,
  TechnicalFailureSchema,
  type MonitoringReceipt,
  type MonitoringSystem,
  type StageReport,
  type TechnicalFailure,
} from './port';
import { describeIssues } from '../../domain/zod-issues';

function parse<T>(schema: z.ZodType<T>, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new MonitoringRejectedError(`invalid ${what}: ${describeIssues(r.error)}`);
  return r.data;
}

export interface MonitoringSnapshot {
  stages: IdempotentLogSnapshot<StageReport>;
  failures: IdempotentLogSnapshot<TechnicalFailure>;
}

export class InMemoryMonitoringSystem implements MonitoringSystem {
  private readonly stages: IdempotentLog<StageReport>;
  private readonly failures: IdempotentLog<TechnicalFailure>;

  constructor(now?: () => Date) {
    this.stages = new IdempotentLog(now);
    this.failures = new IdempotentLog(now);
  }

  snapshot(): MonitoringSnapshot {
    return { stages: this.stages.snapshot(), failures: this.failures.snapshot() };
  }

  restore(s: MonitoringSnapshot): void {
    this.stages.restore(s.stages);
    this.failures.restore(s.failures);
  }

  async reportStage(report: StageReport): Promise<MonitoringReceipt> {
    const { record, duplicate } = this.stages.put(parse(StageReportSchema, report, 'stage report'));
    return { reportId: record.id, receivedAt: record.receivedAt, duplicate };
  }

  async reportTechnicalFailure(report: TechnicalFailure): Promise<MonitoringReceipt> {
    const { record, duplicate } = this.failures.put(parse(TechnicalFailureSchema, report, 'technical-failure report'));
    return { reportId: record.id, receivedAt: record.receivedAt, duplicate };
  }

  async listStageReports(applicationId: string): Promise<Array<StageReport & { reportId: string; receivedAt: string }>> {
    return this.stages
      .list((p) => p.applicationId === applicationId)
      .map((r) => ({ ...r.payload, reportId: r.id, receivedAt: r.receivedAt }));
  }

  async listTechnicalFailures(): Promise<Array<TechnicalFailure & { reportId: string; receivedAt: string }>> {
    return this.failures.list().map((r) => ({ ...r.payload, reportId: r.id, receivedAt: r.receivedAt }));
  }
}
