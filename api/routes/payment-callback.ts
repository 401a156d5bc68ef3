/**
 * The e-gov payment gateway's asynchronous result: POST /v1/callbacks/payment-gateway. A real gateway
 * is configured with ONE callback URL, so the body names the case (the applicationId it was given with
 * the invoice; the workers pass this URL as the invoice's callbackUrl). Authenticated as the gateway
 * (role `gateway`) and delivered to the case as the `payment` signal (workflows/shared/payment-signal.ts),
 * with the rules of every outside event (./events.ts): unknown application 404, closed case 409, and the
 * Idempotency-Key honoured — the gateway retries with `${invoiceId}:${status}`, and a retry is answered
 * from the store without signalling again.
 */
import { Router } from 'express';
import type { PaymentEvent } from '../../workflows/shared/payment-signal';
import { paymentSignal } from '../../workflows/shared/payment-signal';
import { requirePrincipal } from '../auth';
import { parse, type ApiContext } from '../context';
import { idempotencyContext, onceForKey } from '../idempotency';
import { ZPaymentCallback, type TPaymentAccepted } from '../schemas';
import { applicationFor, send, signalCase } from './events';

export const PAYMENT_CALLBACK_PATH = '/v1/callbacks/payment-gateway';

export function paymentCallbackRouter(ctx: ApiContext): Router {
  const router = Router();
  router.post(PAYMENT_CALLBACK_PATH, async (req, res) => {
    const principal = requirePrincipal(res, ['gateway']);
    const idem = idempotencyContext(req, principal.subject, false);
    const { applicationId, ...rest } = parse(ZPaymentCallback, req.body, '', 'payment callback');
    const event: PaymentEvent = rest;
    const app = await applicationFor(ctx, applicationId, 'applicationId');
    const result = await onceForKey({ store: ctx.deps.store, mutex: ctx.mutex, now: ctx.now }, idem, 202, async () => {
      await signalCase(ctx, app, paymentSignal, event, 'payment events');
      ctx.deps.logger.info({ applicationId: app.id, invoiceId: event.invoiceId, status: event.status }, 'payment result delivered');
      const body: TPaymentAccepted = { applicationId: app.id, invoiceId: event.invoiceId, delivered: true };
      return body;
    });
    send(res, result);
  });
  return router;
}
