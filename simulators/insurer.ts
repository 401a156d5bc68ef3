/**
 * Accident-insurer simulator (seed 000 ¶5.8): concludes and cancels compulsory accident-insurance
 * policies; refuses an unknown insurer. Idempotency keys honoured.
 *
 * Mount point (simulators/main.ts): `/insurer`.
 *   POST /v1/accident-policies                          header Idempotency-Key
 *   POST /v1/accident-policies/:policyId/cancellation   header Idempotency-Key, body {reason}
 *   GET  /v1/accident-policies/:policyId
 *   GET  /_simulator/state
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { InMemoryInsurer } from '../adapters/insurer/fake';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { IinSchema } from '../domain/identification-number';
import { persisted, type SimulatorStore } from './store';

const ConcludeSchema = z.object({
  applicationId: z.string().min(1),
  insurerCode: z.string().min(1),
  policyholderName: z.string().min(1),
  policyholderHead: z.object({ iin: IinSchema, fullName: z.string().min(1) }),
});

export function insurerRouter(
  opts: { insurer?: InMemoryInsurer; faults?: SimulatorFaults; random?: () => number; store?: SimulatorStore } = {},
): Router {
  const insurer = opts.insurer ?? new InMemoryInsurer();
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  router.use(persisted(opts.store, 'insurer', insurer).middleware);

  router.post('/v1/accident-policies', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(ConcludeSchema, req, res);
    if (!key || !body) return;
    const r = await insurer.concludeAccidentInsurance({ ...body, idempotencyKey: key });
    res.status(r.status === 'concluded' ? 201 : 200).json(r);
  });
  router.post('/v1/accident-policies/:policyId/cancellation', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(z.object({ reason: z.string().min(1) }), req, res);
    if (!key || !body) return;
    if (!(await insurer.getPolicy(req.params.policyId))) {
      res.status(404).json({ message: `no policy ${req.params.policyId}` });
      return;
    }
    res.json(await insurer.cancelPolicy({ idempotencyKey: key, policyId: req.params.policyId, reason: body.reason }));
  });
  router.get('/v1/accident-policies/:policyId', async (req, res) => {
    const p = await insurer.getPolicy(req.params.policyId);
    if (!p) res.status(404).json({ message: `no policy ${req.params.policyId}` });
    else res.json(p);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ policies: insurer.policies });
  });
  return router;
}
