/**
 * HTTP client for the monitoring system and the support desk (the bundled simulator mounts them at
 * `${simulatorsUrl}/monitoring`).
 */
import { z } from 'zod';
import { IdempotencyConflictError } from '../cabinet/idempotent-log';
import {
  MonitoringRejectedError,
  MonitoringUnavailableError,
  StageReportSchema,
  TechnicalFailureSchema,
  type MonitoringReceipt,
  type MonitoringSystem,
  type StageReport,
  type TechnicalFailure,
} from './port';

const ReceiptSchema = z.object({ reportId: z.string(), receivedAt: z.string(), duplicate: z.boolean() });
const Stored = z.object({ reportId: z.string(), receivedAt: z.string() });

export class HttpMonitoringSystem implements MonitoringSystem {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async call(path: string, init: { method: 'GET' | 'POST'; body?: unknown; idempotencyKey?: string }): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method: init.method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new MonitoringUnavailableError(`monitoring system unreachable: ${(e as Error).message}`);
    }
    const body: unknown = await res.json().catch(() => undefined);
    const message = z.object({ message: z.string() }).safeParse(body).data?.message ?? res.statusText;
    if (res.status === 409 && init.idempotencyKey) throw new IdempotencyConflictError(init.idempotencyKey);
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new MonitoringUnavailableError(`monitoring system answered ${res.status}: ${message}`);
    if (!res.ok) throw new MonitoringRejectedError(`monitoring system refused (${res.status}): ${message}`);
    return body;
  }

  private receipt(body: unknown): MonitoringReceipt {
    const parsed = ReceiptSchema.safeParse(body);
    if (!parsed.success) throw new MonitoringUnavailableError('monitoring system answered an unexpected body');
    return parsed.data;
  }

  async reportStage(report: StageReport): Promise<MonitoringReceipt> {
    return this.receipt(await this.call('/stage-reports', { method: 'POST', body: report, idempotencyKey: report.idempotencyKey }));
  }

  async reportTechnicalFailure(report: TechnicalFailure): Promise<MonitoringReceipt> {
    return this.receipt(await this.call('/technical-failures', { method: 'POST', body: report, idempotencyKey: report.idempotencyKey }));
  }

  async listStageReports(applicationId: string): Promise<Array<StageReport & { reportId: string; receivedAt: string }>> {
    const body = await this.call(`/stage-reports?applicationId=${encodeURIComponent(applicationId)}`, { method: 'GET' });
    const parsed = z.object({ items: z.array(StageReportSchema.extend(Stored.shape)) }).safeParse(body);
    if (!parsed.success) throw new MonitoringUnavailableError('monitoring system answered an unexpected body');
    return parsed.data.items;
  }

  async listTechnicalFailures(): Promise<Array<TechnicalFailure & { reportId: string; receivedAt: string }>> {
    const body = await this.call('/technical-failures', { method: 'GET' });
    const parsed = z.object({ items: z.array(TechnicalFailureSchema.extend(Stored.shape)) }).safeParse(body);
    if (!parsed.success) throw new MonitoringUnavailableError('monitoring system answered an unexpected body');
    return parsed.data.items;
  }
}
