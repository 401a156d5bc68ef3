/**
 * The receiving side every "send a message, keyed" simulator shares (the portal's cabinet, the mail
 * relay): POST /messages validates the payload (the Idempotency-Key header, when given, must match the
 * body's key), hands it to the system's idempotent ledger (adapters/cabinet/idempotent-log.ts) and
 * answers 201 (new), 200 (the same key and payload again: the first receipt, nothing new) or 409 (the
 * same key with other content); invalid payloads → 400 with the reasons. Faults per run and the state
 * saved across restarts (simulators/store.ts) come with it; each system adds its own read routes.
 */
import express, { type Router } from 'express';
import type { z } from 'zod';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import { describeIssues } from '../domain/zod-issues';
import { faultMiddleware, type SimulatorFaults } from './ncanode';
import { persisted, type Persistable, type PersistedSystem, type SimulatorStore } from './store';

export interface IdempotentOutboxOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  now?: () => Date;
  store?: SimulatorStore;
}

export function idempotentOutboxRouter<P extends { idempotencyKey: string }, S>(
  opts: IdempotentOutboxOptions,
  system: {
    /** The name its state is saved under. */
    name: string;
    schema: z.ZodType<P>;
    ledger: Persistable<S>;
    receive(payload: P): Promise<{ duplicate: boolean }>;
  },
): { router: Router; persistence: PersistedSystem } {
  const router = express.Router();
  const persistence = persisted(opts.store, system.name, system.ledger);
  router.use(express.json({ limit: '256kb' }));
  router.use(faultMiddleware(opts.faults ?? {}, opts.random ?? Math.random));
  router.use(persistence.middleware);

  router.post('/messages', async (req, res) => {
    const headerKey = req.get('idempotency-key');
    const raw: unknown = req.body;
    const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const parsed = system.schema.safeParse({ ...(headerKey ? { idempotencyKey: headerKey } : {}), ...body });
    if (!parsed.success) {
      res.status(400).json({ message: describeIssues(parsed.error, 'body') });
      return;
    }
    if (headerKey && headerKey !== parsed.data.idempotencyKey) {
      res.status(400).json({ message: 'Idempotency-Key header and body idempotencyKey differ' });
      return;
    }
    try {
      const receipt = await system.receive(parsed.data);
      res.status(receipt.duplicate ? 200 : 201).json(receipt);
    } catch (e) {
      if (e instanceof IdempotencyConflictError) {
        res.status(409).json({ message: e.message });
        return;
      }
      throw e;
    }
  });
  return { router, persistence };
}
