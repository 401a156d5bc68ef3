/**
 * Legal-entities registry simulator (seed 000 ¶5.12): checks an application (a taken name is refused),
 * registers the entity and assigns its BIN. Idempotency keys honoured: the same key never registers twice.
 *
 * Mount point (simulators/main.ts): `/legal-entity-registry`.
 *   POST /v1/checks
 *   POST /v1/registrations        header Idempotency-Key
 *   GET  /v1/registrations/:bin
 *   GET  /_simulator/state
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { InMemoryLegalEntityRegistry } from '../adapters/legal-entity-registry/fake';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { IinSchema } from '../domain/identification-number';
import { persisted, type SimulatorStore } from './store';

const FactsSchema = z.object({
  applicationId: z.string().min(1),
  name: z.string().min(1),
  legalForm: z.string().min(1),
  address: z.object({
    region: z.string(),
    locality: z.string(),
    street: z.string(),
    building: z.string(),
    office: z.string().optional(),
    postalCode: z.string(),
  }),
  headIin: IinSchema,
  // Any legal form the portal sends (seed 000 ¶4: every private commercial form but the joint-stock company).
  founders: z
    .array(z.object({ iin: IinSchema, sharePercent: z.number(), partnerRole: z.enum(['full-partner', 'investor']).optional() }))
    .min(1),
});

export function legalEntityRegistryRouter(
  opts: { registry?: InMemoryLegalEntityRegistry; faults?: SimulatorFaults; random?: () => number; store?: SimulatorStore } = {},
): Router {
  const registry = opts.registry ?? new InMemoryLegalEntityRegistry();
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  router.use(persisted(opts.store, 'legal-entity-registry', registry).middleware);

  router.post('/v1/checks', async (req, res) => {
    const body = bodyOf(FactsSchema, req, res);
    if (!body) return;
    res.json(await registry.check(body));
  });
  router.post('/v1/registrations', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(FactsSchema, req, res);
    if (!key || !body) return;
    const r = await registry.register({ ...body, idempotencyKey: key });
    res.status(r.status === 'registered' ? 201 : 200).json(r);
  });
  router.get('/v1/registrations/:bin', async (req, res) => {
    const r = await registry.getByBin(req.params.bin);
    if (!r) res.status(404).json({ message: `no legal entity with BIN ${req.params.bin}` });
    else res.json(r);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ registrations: registry.registrations });
  });
  return router;
}
