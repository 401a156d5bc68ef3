/**
 * The e-gov gateway's look-ups in the individuals and legal-entities state databases (seed 003 ¶7):
 * identity and registration data of an applicant come from here, not from the applicant.
 * Seeded with the records the OpenAPI examples use, so a newcomer's first application finds its applicant.
 *
 * Mount point (simulators/main.ts): `/egov-gateway`.
 *   GET /individuals/:iin        → 200 record | 404
 *   GET /legal-entities/:bin     → 200 record | 404
 *   POST /_simulator/individuals, /_simulator/legal-entities   add records (tests, demos)
 *   GET  /_simulator/state       the records and every look-up made
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { IndividualRecord, LegalEntityRecord } from '../adapters/state-databases/port';
import { bodyOf, injectFaults, type SimulatorFaults } from './faults';
import { BinSchema, IinSchema } from '../domain/identification-number';
import { persisted, type SimulatorStore } from './store';

export const SEEDED_LEGAL_ENTITIES: LegalEntityRecord[] = [
  {
    bin: '180340001231',
    name: 'ТОО «Мемлекеттік Рәміздер Өндірісі»',
    registeredOn: '2018-03-14',
    legalAddress: 'Astana, Yesil district, Mangilik El avenue 55/20',
    head: { iin: '850612300414', fullName: 'Сейітов Нұрлан Ержанұлы' },
    status: 'active',
  },
];

export const SEEDED_INDIVIDUALS: IndividualRecord[] = [
  { iin: '850612300414', lastName: 'Сейітов', firstName: 'Нұрлан', middleName: 'Ержанұлы', birthDate: '1985-06-12', status: 'active' },
];

const IndividualSchema = z.object({
  iin: IinSchema,
  lastName: z.string().min(1),
  firstName: z.string().min(1),
  middleName: z.string().optional(),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['active', 'deceased']),
  soleProprietor: z.object({ registeredOn: z.string(), name: z.string(), taxAuthority: z.string() }).optional(),
});
const LegalEntitySchema = z.object({
  bin: BinSchema,
  name: z.string().min(1),
  registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  legalAddress: z.string().min(1),
  head: z.object({ iin: IinSchema, fullName: z.string().min(1) }),
  status: z.enum(['active', 'liquidated', 'in-liquidation']),
});

export function egovGatewayRouter(opts: { faults?: SimulatorFaults; random?: () => number; store?: SimulatorStore } = {}): Router {
  const individuals = new Map(SEEDED_INDIVIDUALS.map((r) => [r.iin, r]));
  const legalEntities = new Map(SEEDED_LEGAL_ENTITIES.map((r) => [r.bin, r]));
  const lookups: Array<{ kind: 'individual' | 'legal-entity'; id: string; found: boolean; at: string }> = [];
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  // Records added through /_simulator survive a restart (the look-up log is kept in memory only).
  router.use(
    persisted(opts.store, 'egov-gateway', {
      snapshot: () => ({ individuals: [...individuals.values()], legalEntities: [...legalEntities.values()] }),
      restore: (s: { individuals: IndividualRecord[]; legalEntities: LegalEntityRecord[] }) => {
        for (const r of s.individuals) individuals.set(r.iin, r);
        for (const r of s.legalEntities) legalEntities.set(r.bin, r);
      },
    }).middleware,
  );

  router.get('/individuals/:iin', (req, res) => {
    const r = individuals.get(req.params.iin);
    lookups.push({ kind: 'individual', id: req.params.iin, found: Boolean(r), at: new Date().toISOString() });
    if (r) res.json(r);
    else res.status(404).json({ message: `no individual with IIN ${req.params.iin}` });
  });
  router.get('/legal-entities/:bin', (req, res) => {
    const r = legalEntities.get(req.params.bin);
    lookups.push({ kind: 'legal-entity', id: req.params.bin, found: Boolean(r), at: new Date().toISOString() });
    if (r) res.json(r);
    else res.status(404).json({ message: `no legal entity with BIN ${req.params.bin}` });
  });
  router.post('/_simulator/individuals', (req, res) => {
    const r = bodyOf(IndividualSchema, req, res);
    if (!r) return;
    individuals.set(r.iin, r);
    res.status(201).json(r);
  });
  router.post('/_simulator/legal-entities', (req, res) => {
    const r = bodyOf(LegalEntitySchema, req, res);
    if (!r) return;
    legalEntities.set(r.bin, r);
    res.status(201).json(r);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ individuals: [...individuals.values()], legalEntities: [...legalEntities.values()], lookups });
  });
  return router;
}
