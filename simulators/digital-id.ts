/**
 * Digital ID simulator (seed 000 ¶5.10): a biometric signature over a document hash. A biometric session
 * id starting with `fail` stands for a liveness check not passed (refused); any other for one passed.
 * Idempotency keys honoured.
 *
 * Mount point (simulators/main.ts): `/digital-id`.
 *   POST /v1/biometric-signatures   header Idempotency-Key, body {iin, biometricSessionId, documentHash}
 *   GET  /_simulator/state
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { InMemoryDigitalId } from '../adapters/digital-id/fake';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { persisted, type SimulatorStore } from './store';

const SignSchema = z.object({ iin: z.string().min(1), biometricSessionId: z.string().min(1).max(200), documentHash: z.string().min(1) });

export function digitalIdRouter(
  opts: { digitalId?: InMemoryDigitalId; faults?: SimulatorFaults; random?: () => number; store?: SimulatorStore } = {},
): Router {
  const digitalId = opts.digitalId ?? new InMemoryDigitalId();
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  router.use(persisted(opts.store, 'digital-id', digitalId).middleware);

  router.post('/v1/biometric-signatures', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(SignSchema, req, res);
    if (!key || !body) return;
    const r = await digitalId.signWithBiometrics({ ...body, idempotencyKey: key });
    res.status(r.status === 'signed' ? 201 : 200).json(r);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ signatures: digitalId.signatures });
  });
  return router;
}
