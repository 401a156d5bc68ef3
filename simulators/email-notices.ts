/**
 * Mail-relay simulator: the e-mail notices the services send (seed 002 ¶9). Nothing leaves the machine;
 * every notice lands in an outbox a newcomer can read. Idempotency keys honoured (same key + same notice →
 * the first one, nothing new mailed; same key + different notice → 409), invalid notices refused with the
 * reasons, fault injection per run.
 *
 * Mount point (simulators/main.ts): `/email-notices`.
 *   POST /messages     body: EmailNotice, header Idempotency-Key
 *   GET  /outbox[?to=] every notice sent, oldest first (only those to one address with ?to=)
 */
import express, { type Router } from 'express';
import { IdempotencyConflictError } from '../adapters/cabinet/idempotent-log';
import { InMemoryEmailNotices } from '../adapters/email-notices/fake';
import { EmailNoticeSchema } from '../adapters/email-notices/port';
import { faultMiddleware, type SimulatorFaults } from './ncanode';
import { describeIssues } from '../domain/zod-issues';
import { persisted, type SimulatorStore } from './store';

export interface EmailNoticesRouterOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  now?: () => Date;
  store?: SimulatorStore;
}

export function emailNoticesRouter(opts: EmailNoticesRouterOptions = {}): Router {
  const router = express.Router();
  const relay = new InMemoryEmailNotices(opts.now);
  router.use(express.json({ limit: '256kb' }));
  router.use(faultMiddleware(opts.faults ?? {}, opts.random ?? Math.random));
  router.use(persisted(opts.store, 'email-notices', relay).middleware);

  router.post('/messages', async (req, res) => {
    const headerKey = req.get('idempotency-key');
    const raw: unknown = req.body;
    const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const parsed = EmailNoticeSchema.safeParse({ ...(headerKey ? { idempotencyKey: headerKey } : {}), ...body });
    if (!parsed.success) {
      res.status(400).json({ message: describeIssues(parsed.error, 'body') });
      return;
    }
    if (headerKey && headerKey !== parsed.data.idempotencyKey) {
      res.status(400).json({ message: 'Idempotency-Key header and body idempotencyKey differ' });
      return;
    }
    try {
      const receipt = await relay.send(parsed.data);
      res.status(receipt.duplicate ? 200 : 201).json(receipt);
    } catch (e) {
      if (e instanceof IdempotencyConflictError) {
        res.status(409).json({ message: e.message });
        return;
      }
      throw e;
    }
  });

  router.get('/outbox', async (req, res) => {
    const to = typeof req.query['to'] === 'string' ? req.query['to'] : undefined;
    res.json({ items: await relay.outbox(to) });
  });
  return router;
}
