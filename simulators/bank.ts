/**
 * Second-tier bank simulator (seed 000 ¶5.7): opens accounts, refuses for a founder or executive on the
 * bank's own risk list (¶3), cancels an opening. Idempotency keys honoured: the same key returns the
 * same answer and never opens a second account.
 *
 * Mount point (simulators/main.ts): `/bank`.
 *   POST /v1/account-openings                      header Idempotency-Key
 *   POST /v1/account-openings/:accountId/cancellation  header Idempotency-Key, body {reason}
 *   GET  /v1/account-openings/:accountId
 *   GET  /_simulator/state                         accounts and refusals
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { InMemoryBank } from '../adapters/bank/fake';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { IinSchema } from '../domain/identification-number';
import { persisted, type SimulatorStore } from './store';

const person = z.object({ iin: IinSchema, fullName: z.string().min(1) });
const OpenSchema = z.object({
  applicationId: z.string().min(1),
  bankCode: z.string().min(1),
  branchCode: z.string().min(1),
  legalEntityName: z.string().min(1),
  founders: z.array(person.extend({ sharePercent: z.number() })).min(1),
  executiveBody: z.object({ kind: z.enum(['sole', 'collegial']), members: z.array(person.extend({ position: z.string() })).min(1) }),
});

export function bankRouter(
  opts: { bank?: InMemoryBank; faults?: SimulatorFaults; random?: () => number; store?: SimulatorStore } = {},
): Router {
  const bank = opts.bank ?? new InMemoryBank();
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  router.use(persisted(opts.store, 'bank', bank).middleware);

  router.post('/v1/account-openings', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(OpenSchema, req, res);
    if (!key || !body) return;
    const r = await bank.openAccount({ ...body, idempotencyKey: key });
    res.status(r.status === 'opened' ? 201 : 200).json(r);
  });
  router.post('/v1/account-openings/:accountId/cancellation', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(z.object({ reason: z.string().min(1) }), req, res);
    if (!key || !body) return;
    if (!(await bank.getAccount(req.params.accountId))) {
      res.status(404).json({ message: `no account opening ${req.params.accountId}` });
      return;
    }
    res.json(await bank.cancelAccountOpening({ idempotencyKey: key, accountId: req.params.accountId, reason: body.reason }));
  });
  router.get('/v1/account-openings/:accountId', async (req, res) => {
    const a = await bank.getAccount(req.params.accountId);
    if (!a) res.status(404).json({ message: `no account opening ${req.params.accountId}` });
    else res.json(a);
  });
  router.get('/_simulator/state', (_req, res) => {
    res.json({ accounts: bank.accounts, refusals: bank.refusals });
  });
  return router;
}
