/**
 * The e-gov payment gateway's asynchronous result: POST /v1/callbacks/payment-gateway, authenticated as
 * the gateway (role `gateway`), delivered to the case as the `payment` signal (outside systems' events
 * are signals). The gateway names the case by the applicationId it was given with the invoice.
 *
 * Mount (api/app.ts), after authenticateRequests and before the error handler:
 *   app.use(paymentCallbackRouter({ cases }));
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { requirePrincipal } from '../auth';
import type { CaseGateway } from '../case-gateway';
import { validationError } from '../errors';
import type { PaymentEvent } from '../../workflows/shared/payment-signal';

export const PAYMENT_CALLBACK_PATH = '/v1/callbacks/payment-gateway';

export const PaymentCallbackSchema = z.object({
  invoiceId: z.string().min(1).max(100),
  applicationId: z.string().min(1).max(200),
  status: z.enum(['paid', 'failed', 'expired']),
  amountTenge: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  gatewayRef: z.string().min(1).max(200),
});

export interface PaymentCallbackDeps {
  cases: Pick<CaseGateway, 'signal'>;
}

export function paymentCallbackRouter(deps: PaymentCallbackDeps): Router {
  const router = express.Router();
  router.post(PAYMENT_CALLBACK_PATH, express.json({ limit: '16kb' }), async (req, res) => {
    requirePrincipal(res, ['gateway']);
    const parsed = PaymentCallbackSchema.safeParse(req.body);
    if (!parsed.success) throw validationError(parsed.error, 'body', 'payment callback');
    const { applicationId, ...rest } = parsed.data;
    const event: PaymentEvent = rest;
    // UNKNOWN_APPLICATION (404) when there is no such case; the gateway retries other failures.
    await deps.cases.signal(applicationId, 'payment', event);
    res.status(202).json({ accepted: true, applicationId, invoiceId: event.invoiceId });
  });
  return router;
}
