/**
 * E-gov payment gateway simulator (seed 000 ¶5.9): invoices, a pay page, refunds, and the asynchronous
 * result posted to the invoice's callbackUrl (the API's POST /v1/callbacks/payment-gateway) after
 * `callbackDelayMs`. Idempotency keys honoured: the same key never creates a second invoice or refund;
 * an invoice is refunded at most once.
 *
 * The callback contract (what a merchant can rely on, and what the API answers to):
 *   - header Idempotency-Key `${applicationId}:${invoiceId}:${status}`: one event, one key, whatever
 *     the attempt — two invoices (or two gateways' invoices for two applications) never share one;
 *   - 2xx: delivered. A network error, a timeout (10 s), 408, 429 or any 5xx: retried after 1 s, 2 s,
 *     4 s … (at most `callbackMaxBackoffMs`, or the answer's Retry-After), `callbackAttempts` times in
 *     all; any other 4xx is final: the merchant refused the event (recorded as `refused`);
 *   - the deliveries still owed are saved with the gateway's state and resumed after a restart.
 *
 * Mount point (simulators/main.ts): `/payment-gateway`.
 *   POST /v1/invoices                      header Idempotency-Key
 *   GET  /v1/invoices/:invoiceId
 *   POST /v1/invoices/:invoiceId/refunds   header Idempotency-Key, body {reason}
 *   GET  /pay/:invoiceId                   the payer's page;  POST /pay/:invoiceId pays
 *   POST /_simulator/invoices/:invoiceId/{pay|fail|expire}   test control
 *   GET  /_simulator/state                 invoices, refunds, callbacks (with delivery attempts)
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { InMemoryPaymentGateway, type GatewayEvent, type PaymentGatewaySnapshot } from '../adapters/payment-gateway/fake';
import { bodyOf, idempotencyKeyOf, injectFaults, type SimulatorFaults } from './faults';
import { persisted, type SimulatorStore } from './store';

export interface PaymentGatewayRouterOptions {
  faults?: SimulatorFaults;
  random?: () => number;
  /** Public base of this router (for the pay links), e.g. http://127.0.0.1:4010/payment-gateway. */
  publicUrl: string;
  /** Bearer token the gateway presents to the callback receiver (role `gateway`). */
  callbackToken?: () => string | undefined;
  /** Delay before the result is posted (the gateway is asynchronous). */
  callbackDelayMs?: number;
  /** Attempts per callback (1 s, 2 s, 4 s … between them); default 20 (about 8 minutes of retrying). */
  callbackAttempts?: number;
  /** The longest wait between two attempts; default 30 s. */
  callbackMaxBackoffMs?: number;
  /** Saves the gateway's state (invoices, refunds, callbacks owed) and restores it at start. */
  store?: SimulatorStore;
}

export interface CallbackRecord {
  invoiceId: string;
  status: GatewayEvent['status'];
  url: string;
  attempts: number;
  delivered: boolean;
  /** The receiver answered a final 4xx: not retried (an operator's matter on both sides). */
  refused?: boolean;
  /** Every attempt failed: no more retries. */
  gaveUp?: boolean;
  lastAnswer?: number | string;
  /** The event as posted (kept so a delivery owed can be resumed after a restart). */
  event?: GatewayEvent;
}

/** The header a callback carries: scoped to the application, the invoice and the result. */
export function callbackIdempotencyKey(event: GatewayEvent): string {
  return `${event.applicationId}:${event.invoiceId}:${event.status}`;
}

interface GatewayState {
  gateway: PaymentGatewaySnapshot;
  callbacks: CallbackRecord[];
}

const CreateSchema = z.object({
  applicationId: z.string().min(1),
  purpose: z.string().min(1),
  amountTenge: z.number().int().positive(),
  payerRef: z.string().min(1),
  callbackUrl: z.url().optional(),
  expiresAt: z.iso.datetime({ offset: true }),
});

export function paymentGatewayRouter(opts: PaymentGatewayRouterOptions): {
  router: Router;
  gateway: InMemoryPaymentGateway;
  callbacks: CallbackRecord[];
  idle: () => Promise<void>;
  /** Stops retrying callbacks (the process is shutting down; what is owed stays saved). */
  stop: () => void;
} {
  const callbacks: CallbackRecord[] = [];
  const pending = new Set<Promise<void>>();
  const attempts = opts.callbackAttempts ?? 20;
  const maxBackoffMs = opts.callbackMaxBackoffMs ?? 30_000;
  let stopped = false;

  const deliver = async (rec: CallbackRecord, event: GatewayEvent): Promise<void> => {
    await sleep(opts.callbackDelayMs ?? 0);
    let waitMs = 0;
    while (!stopped && !rec.delivered && !rec.refused && rec.attempts < attempts) {
      if (rec.attempts > 0) await sleep(waitMs || Math.min(maxBackoffMs, 1000 * 2 ** (rec.attempts - 1)));
      if (stopped) return;
      rec.attempts += 1;
      waitMs = 0;
      try {
        const token = opts.callbackToken?.();
        const res = await fetch(rec.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'idempotency-key': callbackIdempotencyKey(event),
          },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer().catch(() => undefined); // the answer's body is not needed; free the connection
        rec.lastAnswer = res.status;
        rec.delivered = res.ok;
        const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
        if (!res.ok && !retryable) rec.refused = true; // final: retrying the same event will not help
        const retryAfter = Number(res.headers.get('retry-after'));
        if (retryable && Number.isFinite(retryAfter) && retryAfter > 0) waitMs = Math.min(maxBackoffMs, retryAfter * 1000);
      } catch (e) {
        rec.lastAnswer = (e as Error).message;
      }
      saved.persist();
    }
    if (!stopped && !rec.delivered && !rec.refused) {
      rec.gaveUp = true;
      saved.persist();
    }
  };
  const start = (rec: CallbackRecord, event: GatewayEvent): void => {
    const p = deliver(rec, event).finally(() => pending.delete(p));
    pending.add(p);
  };

  const gateway = new InMemoryPaymentGateway({
    payBaseUrl: `${opts.publicUrl.replace(/\/+$/, '')}/pay`,
    onEvent: (event, url) => {
      if (!url) return;
      const rec: CallbackRecord = { invoiceId: event.invoiceId, status: event.status, url, attempts: 0, delivered: false, event };
      callbacks.push(rec);
      saved.persist();
      start(rec, event);
    },
  });
  const saved = persisted<GatewayState>(opts.store, 'payment-gateway', {
    snapshot: () => ({ gateway: gateway.snapshot(), callbacks: structuredClone(callbacks) }),
    restore: (s) => {
      gateway.restore(s.gateway);
      callbacks.splice(0, callbacks.length, ...s.callbacks);
    },
  });
  // Deliveries owed when the gateway stopped are resumed (their attempt count carries on).
  for (const rec of callbacks) if (rec.event && !rec.delivered && !rec.refused && !rec.gaveUp) start(rec, rec.event);

  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(express.urlencoded({ extended: false }));
  router.use(injectFaults(opts.faults ?? {}, opts.random));
  router.use(saved.middleware);

  router.post('/v1/invoices', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(CreateSchema, req, res);
    if (!key || !body) return;
    res.status(201).json(await gateway.createInvoice({ ...body, idempotencyKey: key }));
  });
  router.get('/v1/invoices/:invoiceId', async (req, res) => {
    if (!known(req.params.invoiceId)) return notFound(res, req.params.invoiceId);
    res.json(await gateway.getInvoice(req.params.invoiceId));
  });
  router.post('/v1/invoices/:invoiceId/refunds', async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const body = key && bodyOf(z.object({ reason: z.string().min(1) }), req, res);
    if (!key || !body) return;
    if (!known(req.params.invoiceId)) return notFound(res, req.params.invoiceId);
    try {
      res.status(201).json(await gateway.refund({ idempotencyKey: key, invoiceId: req.params.invoiceId, reason: body.reason }));
    } catch (e) {
      res.status(409).json({ message: (e as Error).message });
    }
  });

  // The payer's side: a minimal pay page, as the portal would show it.
  router.get('/pay/:invoiceId', (req, res) => {
    const inv = gateway.invoices.find((i) => i.invoiceId === req.params.invoiceId);
    if (!inv) return notFound(res, req.params.invoiceId);
    res
      .type('html')
      .send(
        `<!doctype html><meta charset="utf-8"><title>Pay ${inv.invoiceId}</title><h1>${inv.purpose}</h1>` +
          `<p>Invoice ${inv.invoiceId}: ${inv.amountTenge} ₸, status ${inv.status}</p>` +
          `<form method="post"><button>Pay ${inv.amountTenge} ₸</button></form>`,
      );
  });
  router.post('/pay/:invoiceId', (req, res) => control(req.params.invoiceId, 'pay', res));
  for (const action of ['pay', 'fail', 'expire'] as const) {
    router.post(`/_simulator/invoices/:invoiceId/${action}`, (req, res) => control(req.params.invoiceId, action, res));
  }
  router.get('/_simulator/state', (_req, res) => {
    res.json({ invoices: gateway.invoices, refunds: gateway.refunds, callbacks });
  });

  function known(invoiceId: string): boolean {
    return gateway.invoices.some((i) => i.invoiceId === invoiceId);
  }
  function notFound(res: express.Response, invoiceId: string): void {
    res.status(404).json({ message: `no invoice ${invoiceId}` });
  }
  async function control(invoiceId: string, action: 'pay' | 'fail' | 'expire', res: express.Response): Promise<void> {
    if (!known(invoiceId)) return notFound(res, invoiceId);
    try {
      const event =
        action === 'expire' ? await gateway.expire(invoiceId) : await gateway.settle(invoiceId, action === 'pay' ? 'paid' : 'failed');
      res.json(event);
    } catch (e) {
      res.status(409).json({ message: (e as Error).message });
    }
  }

  return {
    router,
    gateway,
    callbacks,
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stop: () => {
      stopped = true;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms).unref()) : Promise.resolve();
}
