/**
 * Personal-cabinet simulator (the portal's notification endpoint). Behaves like the portal promises:
 * idempotency keys honoured (same key + same message → the first delivery, nothing new shown; same key
 * + different message → 409), invalid messages refused with the reasons, fault injection per run.
 *
 * Mount point (simulators/main.ts): `/cabinet`.
 *   POST /messages                          body: CabinetDeliveryRequest, header Idempotency-Key
 *   GET  /applicants/:applicantRef/messages the cabinet history (inspectable: nothing arrived twice)
 */
import express, { type Router } from 'express';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import { InMemoryPersonalCabinet } from '../adapters/cabinet/fake';
import { CabinetDeliverySchema } from '../adapters/cabinet/port';
import { faultMiddleware, type SimulatorFaults } from './ncanode';
import { describeIssues } from '../domain/zod-issues';
import { persisted, type SimulatorStore } from './store';

export interface CabinetRouterOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  now?: () => Date;
  store?: SimulatorStore;
}

export function cabinetRouter(opts: CabinetRouterOptions = {}): Router {
  const router = express.Router();
  const cabinet = new InMemoryPersonalCabinet(opts.now);
  router.use(express.json({ limit: '256kb' }));
  router.use(faultMiddleware(opts.faults ?? {}, opts.random ?? Math.random));
  router.use(persisted(opts.store, 'cabinet', cabinet).middleware);

  router.post('/messages', async (req, res) => {
    const headerKey = req.get('idempotency-key');
    const raw: unknown = req.body;
    const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const parsed = CabinetDeliverySchema.safeParse({ ...(headerKey ? { idempotencyKey: headerKey } : {}), ...body });
    if (!parsed.success) {
      res.status(400).json({ message: describeIssues(parsed.error, 'body') });
      return;
    }
    if (headerKey && headerKey !== parsed.data.idempotencyKey) {
      res.status(400).json({ message: 'Idempotency-Key header and body idempotencyKey differ' });
      return;
    }
    try {
      const receipt = await cabinet.deliver(parsed.data);
      res.status(receipt.duplicate ? 200 : 201).json(receipt);
    } catch (e) {
      if (e instanceof IdempotencyConflictError) {
        res.status(409).json({ message: e.message });
        return;
      }
      throw e;
    }
  });

  router.get('/applicants/:applicantRef/messages', async (req, res) => {
    res.json({ items: await cabinet.list(req.params.applicantRef) });
  });
  return router;
}
