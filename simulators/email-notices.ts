/**
 * Mail-relay simulator: the e-mail notices the services send (seed 002 ¶9). Nothing leaves the machine;
 * every notice lands in an outbox a newcomer can read. Two doors to one outbox:
 *   - HTTP (the shared receiving side, simulators/idempotent-outbox.ts): idempotency keys honoured (same
 *     key + same notice → the first one, nothing new mailed; same key + different notice → 409), invalid
 *     notices refused with the reasons, fault injection per run;
 *   - SMTP (simulators/smtp.ts, started by simulators/main.ts on SIMULATORS_SMTP_PORT): a retry is
 *     recognised by its Message-ID, derived from the idempotency key (adapters/email-notices/smtp.ts).
 *
 * Mount point (simulators/main.ts): `/email-notices`.
 *   POST /messages     body: EmailNotice, header Idempotency-Key
 *   GET  /outbox[?to=] every notice sent, oldest first (only those to one address with ?to=), by either door
 */
import type { Router } from 'express';
import { InMemoryEmailNotices } from '../adapters/email-notices/fake';
import { EmailNoticeSchema } from '../adapters/email-notices/port';
import { idempotentOutboxRouter, type IdempotentOutboxOptions } from './idempotent-outbox';

export type EmailNoticesRouterOptions = IdempotentOutboxOptions;

export interface EmailNoticesSimulator {
  router: Router;
  /** The outbox both doors write to. */
  relay: InMemoryEmailNotices;
  /** Saves the outbox (the SMTP door calls it after each accepted message, before its 250). */
  persist(): void;
}

export function emailNoticesSimulator(opts: EmailNoticesRouterOptions = {}): EmailNoticesSimulator {
  const relay = new InMemoryEmailNotices(opts.now);
  const { router, persistence } = idempotentOutboxRouter(opts, {
    name: 'email-notices',
    schema: EmailNoticeSchema,
    ledger: relay,
    receive: (n) => relay.send(n),
  });
  router.get('/outbox', async (req, res) => {
    const to = typeof req.query['to'] === 'string' ? req.query['to'] : undefined;
    res.json({ items: await relay.outbox(to) });
  });
  return { router, relay, persist: () => persistence.persist() };
}

export function emailNoticesRouter(opts: EmailNoticesRouterOptions = {}): Router {
  return emailNoticesSimulator(opts).router;
}
