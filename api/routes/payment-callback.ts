/**
 * The e-gov payment gateway's asynchronous result: POST /v1/callbacks/payment-gateway. A real gateway
 * is configured with ONE callback URL, so the body names the case (the applicationId it was given with
 * the invoice; the workers pass this URL as the invoice's callbackUrl). Authenticated as the gateway
 * (role `gateway`) and delivered to the case as the `payment` signal (workflows/shared/payment-signal.ts),
 * with the rules of every outside event (./events.ts): unknown application 404, closed case 409.
 *
 * Idempotency: one result of one invoice for one application is one event, so the stored answer is
 * keyed by (application, invoice, status) taken from the body, whatever Idempotency-Key header the
 * gateway sends (it is still validated). A gateway that restarts its invoice numbers, or a second
 * gateway, can therefore never hit another event's stored answer (issue 16: INV-000001:paid of a new
 * run answered 409 with the old run's record). A retry of the same event is answered from the store
 * without signalling again.
 *
 * A callback we cannot accept is never dropped silently: a 5xx (Temporal or the database down) tells
 * the gateway to retry (simulators/payment-gateway.ts documents the contract); a final 4xx (unknown
 * application, closed case, conflicting body) is logged at warn, counted in
 * kz_payment_callbacks_unaccepted_total{reason,retryable} and listed for operators at
 * GET /v1/admin/payment-callbacks/unaccepted (this process's last 500; money may need refunding).
 */
import crypto from 'node:crypto';
import { Router } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { PaymentEvent } from '../../workflows/shared/payment-signal';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { isDomainError } from '../../domain/errors';
import { requirePrincipal } from '../auth';
import { rolesOf } from '../access';
import { parse, type ApiContext } from '../context';
import { ERROR_STATUS } from '../errors';
import { canonicalJson, idempotencyContext, onceForKey, type IdempotencyContext } from '../idempotency';
import { ZPaymentCallback, type TPaymentAccepted } from '../schemas';
import { z } from '../zod';
import { applicationFor, send, signalCase } from './events';

/** What can be read from a callback that failed validation, for the operator's list. */
const ZRawCallback = z
  .object({ applicationId: z.string().max(200), invoiceId: z.string().max(100), status: z.string().max(20), amountTenge: z.number() })
  .partial();

export const PAYMENT_CALLBACK_PATH = '/v1/callbacks/payment-gateway';
export const UNACCEPTED_CALLBACKS_PATH = '/v1/admin/payment-callbacks/unaccepted';

/** How many unaccepted callbacks the ops endpoint keeps (per API process). */
const UNACCEPTED_KEPT = 500;

export interface UnacceptedCallback {
  at: string;
  applicationId: string;
  invoiceId: string;
  status: string;
  amountTenge: number;
  /** What the gateway was answered. */
  httpStatus: number;
  reason: string;
  /** true: the answer was 5xx, the gateway retries by its contract; false: final, an operator's matter. */
  retryable: boolean;
  detail: string;
}

/** The stored answer's key: the event itself (application + invoice + status), never the gateway's own numbering alone. */
export function paymentEventKey(e: { applicationId: string; invoiceId: string; status: string }): string {
  return `payment:${e.applicationId}:${e.invoiceId}:${e.status}`;
}

export function paymentCallbackRouter(ctx: ApiContext, metrics?: Registry): Router {
  const router = Router();
  const unaccepted: UnacceptedCallback[] = [];
  const counter = new Counter({
    name: 'kz_payment_callbacks_unaccepted_total',
    help: 'Payment-gateway callbacks the API did not accept, by reason and whether the gateway retries',
    labelNames: ['reason', 'retryable'] as const,
    registers: metrics ? [metrics] : [],
  });

  router.post(PAYMENT_CALLBACK_PATH, async (req, res) => {
    try {
      const principal = requirePrincipal(res, rolesOf('POST /v1/callbacks/payment-gateway'));
      idempotencyContext(req, principal.subject, false); // a header, when sent, must be a valid key
      const body = parse(ZPaymentCallback, req.body, '', 'payment callback');
      const { applicationId, ...event } = body satisfies { applicationId: string } & PaymentEvent;
      const idem: IdempotencyContext = {
        principal: principal.subject,
        key: paymentEventKey(body),
        requestHash: crypto
          .createHash('sha256')
          .update(`${PAYMENT_CALLBACK_PATH}\n${canonicalJson(body)}`)
          .digest('hex'),
      };
      const app = await applicationFor(ctx, applicationId, 'applicationId');
      const result = await onceForKey({ store: ctx.deps.store, mutex: ctx.mutex, now: ctx.now }, idem, 202, async () => {
        await signalCase(ctx, app, paymentSignal, event, 'payment events');
        ctx.deps.logger.info({ applicationId: app.id, invoiceId: event.invoiceId, status: event.status }, 'payment result delivered');
        const accepted: TPaymentAccepted = { applicationId: app.id, invoiceId: event.invoiceId, delivered: true };
        return accepted;
      });
      send(res, result);
    } catch (e) {
      const raw = ZRawCallback.safeParse(req.body).data ?? {};
      const httpStatus = isDomainError(e) ? ERROR_STATUS[e.code].status : 500;
      const record: UnacceptedCallback = {
        at: ctx.now().toISOString(),
        applicationId: raw.applicationId ?? '?',
        invoiceId: raw.invoiceId ?? '?',
        status: raw.status ?? '?',
        amountTenge: raw.amountTenge ?? 0,
        httpStatus,
        reason: isDomainError(e) ? e.code : 'INTERNAL',
        retryable: httpStatus >= 500 || httpStatus === 429,
        detail: e instanceof Error ? e.message : String(e),
      };
      unaccepted.push(record);
      if (unaccepted.length > UNACCEPTED_KEPT) unaccepted.splice(0, unaccepted.length - UNACCEPTED_KEPT);
      counter.inc({ reason: record.reason, retryable: String(record.retryable) });
      const { detail: _detail, ...logged } = record;
      ctx.deps.logger.warn(
        logged,
        record.retryable ? 'payment callback not accepted now; the gateway retries' : 'payment callback refused; an operator must look',
      );
      throw e;
    }
  });

  router.get(UNACCEPTED_CALLBACKS_PATH, (_req, res) => {
    requirePrincipal(res, rolesOf('GET /v1/admin/payment-callbacks/unaccepted'));
    res.json({ items: [...unaccepted].reverse(), kept: UNACCEPTED_KEPT });
  });
  return router;
}
