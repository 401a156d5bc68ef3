/** One contract for the fake and the HTTP client + simulator (seed 003 ¶14 stage reports, ¶15 failures). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { IdempotencyConflictError } from '../../../adapters/cabinet/idempotent-log';
import { InMemoryMonitoringSystem } from '../../../adapters/monitoring/fake';
import { HttpMonitoringSystem } from '../../../adapters/monitoring/http';
import {
  MonitoringRejectedError,
  MonitoringUnavailableError,
  type MonitoringSystem,
  type TechnicalFailure,
} from '../../../adapters/monitoring/port';
import { monitoringRouter } from '../../../simulators/monitoring';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/monitoring', monitoringRouter());
  app.use('/down', monitoringRouter({ faults: { errorRate: 1 } }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const failure = (key: string): TechnicalFailure => ({
  idempotencyKey: key,
  serviceName: 'License to manufacture the State Flag and State Emblem',
  applicationAncn: 'KZ93APP00000017',
  applicantRef: '880101300123',
  occurredAt: '2025-06-02T10:15:00+05:00',
  error: 'legal-entities registry timed out',
  context: { step: 'check-registry', attempt: 3 },
});

describe.each<[string, () => MonitoringSystem]>([
  ['InMemoryMonitoringSystem', () => new InMemoryMonitoringSystem()],
  ['HttpMonitoringSystem + simulator', () => new HttpMonitoringSystem(`${base}/monitoring`)],
])('%s', (_name, make) => {
  it('records each stage once per idempotency key (seed 003 ¶14)', async () => {
    const monitoring = make();
    const app = `app-${Math.random()}`;
    const report = {
      idempotencyKey: `${app}:registered`,
      applicationId: app,
      serviceCode: 'flag-emblem-license',
      stage: 'registered',
      at: '2025-06-02T09:00:00+05:00',
    };
    const first = await monitoring.reportStage(report);
    expect((await monitoring.reportStage(report)).duplicate).toBe(true);
    await monitoring.reportStage({ ...report, idempotencyKey: `${app}:completeness`, stage: 'completeness-check' });
    const stages = await monitoring.listStageReports(app);
    expect(stages.map((s) => s.stage)).toEqual(['registered', 'completeness-check']);
    expect(stages[0]?.reportId).toBe(first.reportId);
  });

  it('carries every field seed 003 ¶15 asks of a technical-failure report, once per key', async () => {
    const monitoring = make();
    const key = `failure-${Math.random()}`;
    await monitoring.reportTechnicalFailure(failure(key));
    await monitoring.reportTechnicalFailure(failure(key));
    const mine = (await monitoring.listTechnicalFailures()).filter((f) => f.idempotencyKey === key);
    expect(mine).toEqual([
      expect.objectContaining({
        serviceName: failure(key).serviceName,
        applicationAncn: 'KZ93APP00000017',
        applicantRef: '880101300123',
        occurredAt: '2025-06-02T10:15:00+05:00',
        error: 'legal-entities registry timed out',
        context: { step: 'check-registry', attempt: 3 },
      }),
    ]);
  });

  it('refuses a failure report missing a ¶15 field, naming it, and records nothing', async () => {
    const monitoring = make();
    const key = `failure-${Math.random()}`;
    const { applicationAncn: _omitted, ...incomplete } = failure(key);
    const error = await monitoring.reportTechnicalFailure(incomplete as TechnicalFailure).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MonitoringRejectedError);
    expect((error as Error).message).toContain('applicationAncn');
    expect((await monitoring.listTechnicalFailures()).filter((f) => f.idempotencyKey === key)).toEqual([]);
  });

  it('the same key with a different report is a conflict', async () => {
    const monitoring = make();
    const key = `failure-${Math.random()}`;
    await monitoring.reportTechnicalFailure(failure(key));
    await expect(monitoring.reportTechnicalFailure({ ...failure(key), error: 'other' })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });
});

it('an unreachable or failing monitoring system is retryable', async () => {
  await expect(new HttpMonitoringSystem(`${base}/down`).reportTechnicalFailure(failure('k'))).rejects.toBeInstanceOf(
    MonitoringUnavailableError,
  );
  await expect(new HttpMonitoringSystem('http://127.0.0.1:9/monitoring', 2000).listTechnicalFailures()).rejects.toBeInstanceOf(
    MonitoringUnavailableError,
  );
});
