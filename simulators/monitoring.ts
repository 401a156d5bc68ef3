/**
 * Monitoring-system and support-desk simulator (seed 003 ¶14 stage reports, ¶15 technical failures).
 * Idempotency keys honoured (same key + same report → the first, 200; different report → 409);
 * a report missing a ¶15 field is refused with the field named; fault injection per run.
 *
 * Mount point (simulators/main.ts): `/monitoring`.
 *   POST /stage-reports, GET /stage-reports?applicationId=
 *   POST /technical-failures, GET /technical-failures
 */
import express, { type Request, type Response, type Router } from 'express';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import { InMemoryMonitoringSystem } from '../adapters/monitoring/fake';
import { MonitoringRejectedError } from '../adapters/monitoring/port';
import { faultMiddleware, type SimulatorFaults } from './ncanode';
import { persisted, type SimulatorStore } from './store';

export interface MonitoringRouterOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  now?: () => Date;
  store?: SimulatorStore;
}

export function monitoringRouter(opts: MonitoringRouterOptions = {}): Router {
  const router = express.Router();
  const monitoring = new InMemoryMonitoringSystem(opts.now);
  router.use(express.json({ limit: '1mb' }));
  router.use(faultMiddleware(opts.faults ?? {}, opts.random ?? Math.random));
  router.use(persisted(opts.store, 'monitoring', monitoring).middleware);

  const receive = (fn: (body: never) => Promise<{ duplicate: boolean }>) => async (req: Request, res: Response) => {
    const headerKey = req.get('idempotency-key');
    const raw: unknown = req.body;
    const body =
      raw && typeof raw === 'object' ? { ...(headerKey ? { idempotencyKey: headerKey } : {}), ...(raw as Record<string, unknown>) } : raw;
    try {
      const receipt = await fn(body as never);
      res.status(receipt.duplicate ? 200 : 201).json(receipt);
    } catch (e) {
      if (e instanceof IdempotencyConflictError) return void res.status(409).json({ message: e.message });
      if (e instanceof MonitoringRejectedError) return void res.status(400).json({ message: e.message });
      throw e;
    }
  };

  router.post(
    '/stage-reports',
    receive((b) => monitoring.reportStage(b)),
  );
  router.post(
    '/technical-failures',
    receive((b) => monitoring.reportTechnicalFailure(b)),
  );
  router.get('/stage-reports', async (req, res) => {
    const applicationId = typeof req.query.applicationId === 'string' ? req.query.applicationId : '';
    if (!applicationId) return void res.status(400).json({ message: 'applicationId query parameter is required' });
    res.json({ items: await monitoring.listStageReports(applicationId) });
  });
  router.get('/technical-failures', async (_req, res) => {
    res.json({ items: await monitoring.listTechnicalFailures() });
  });
  return router;
}
