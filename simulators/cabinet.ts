/**
 * Personal-cabinet simulator (the portal's notification endpoint). Behaves like the portal promises:
 * idempotency keys honoured (same key + same message → the first delivery, nothing new shown; same key
 * + different message → 409), invalid messages refused with the reasons, fault injection per run
 * (the shared receiving side: simulators/idempotent-outbox.ts).
 *
 * Mount point (simulators/main.ts): `/cabinet`.
 *   POST /messages                          body: CabinetDeliveryRequest, header Idempotency-Key
 *   GET  /applicants/:applicantRef/messages the cabinet history (inspectable: nothing arrived twice)
 */
import type { Router } from 'express';
import { InMemoryPersonalCabinet } from '../adapters/cabinet/fake';
import { CabinetDeliverySchema } from '../adapters/cabinet/port';
import { idempotentOutboxRouter, type IdempotentOutboxOptions } from './idempotent-outbox';

export type CabinetRouterOptions = IdempotentOutboxOptions;

export function cabinetRouter(opts: CabinetRouterOptions = {}): Router {
  const cabinet = new InMemoryPersonalCabinet(opts.now);
  const { router } = idempotentOutboxRouter(opts, {
    name: 'cabinet',
    schema: CabinetDeliverySchema,
    ledger: cabinet,
    receive: (d) => cabinet.deliver(d),
  });
  router.get('/applicants/:applicantRef/messages', async (req, res) => {
    res.json({ items: await cabinet.list(req.params.applicantRef) });
  });
  return router;
}
