/**
 * The unified notarial information system (seed 001 ¶11(3), P3), behind the e-gov gateway: the State
 * Corporation's look-up of a notarised power of attorney. Seeded with the power of attorney the counter
 * examples use, so a newcomer's first intake finds it.
 *
 * Mount point (simulators/main.ts): `/notarial-system`.
 *   GET  /powers-of-attorney/:number     → 200 record | 404 (not registered)
 *   POST /_simulator/powers-of-attorney   add a record (tests, demos)
 *   POST /_simulator/outage {calls}       the next `calls` look-ups answer 503 (an outage, never "not found")
 *   GET  /_simulator/state                the records and every look-up made
 * Latency, stalls and error rate come from the process's fault settings (faults.ts).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { NotarisedPowerOfAttorneySchema } from '../adapters/notarial-system/http';
import type { NotarisedPowerOfAttorney } from '../adapters/notarial-system/port';
import { bodyOf, injectFaults, type SimulatorFaults } from './faults';

/** The counter examples' power of attorney: BIN 180340001231 (the e-gov gateway's seeded entity) to its representative. */
export const SEEDED_POWERS_OF_ATTORNEY: NotarisedPowerOfAttorney[] = [
  {
    number: 'NT-2026-000417',
    certifiedOn: '2026-01-15',
    principalRef: '180340001231',
    representativeIin: '850315400124',
    notary: 'Notary Akhmetova G. S., Astana notarial chamber',
    validUntil: '2027-01-15',
    status: 'valid',
  },
];

export function notarialSystemRouter(opts: { faults?: SimulatorFaults; random?: () => number } = {}): Router {
  const powers = new Map(SEEDED_POWERS_OF_ATTORNEY.map((p) => [p.number, p]));
  const lookups: Array<{ number: string; found: boolean; at: string; outage?: boolean }> = [];
  let outages = 0;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));

  router.get('/powers-of-attorney/:number', (req, res) => {
    if (outages > 0) {
      outages -= 1;
      lookups.push({ number: req.params.number, found: false, outage: true, at: new Date().toISOString() });
      res.status(503).json({ message: 'simulated outage of the unified notarial information system' });
      return;
    }
    const p = powers.get(req.params.number);
    lookups.push({ number: req.params.number, found: Boolean(p), at: new Date().toISOString() });
    if (p) res.json(p);
    else res.status(404).json({ message: `no notarised power of attorney ${req.params.number}` });
  });
  router.post('/_simulator/powers-of-attorney', (req, res) => {
    const p = bodyOf(NotarisedPowerOfAttorneySchema, req, res);
    if (!p) return;
    const { validUntil, ...rest } = p;
    powers.set(p.number, validUntil ? { ...rest, validUntil } : rest);
    res.status(201).json(p);
  });
  router.post('/_simulator/outage', (req, res) => {
    const b = bodyOf(z.object({ calls: z.number().int().min(0).max(1000) }), req, res);
    if (!b) return;
    outages = b.calls;
    res.json({ outages });
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ powersOfAttorney: [...powers.values()], lookups, outages });
  });
  return router;
}
