/**
 * The payment step every fee-charging regulation shares: create the invoice through the e-gov payment
 * gateway, wait for the gateway's asynchronous answer (the `payment` signal, workflows/shared/
 * payment-signal.ts) until the invoice's deadline, and at the deadline ask the gateway once more (a
 * callback can be late or lost) before concluding "unpaid". Service-agnostic: the caller passes the
 * activities that reach the gateway and says what the fee is for.
 * Workflow code: deterministic, waits only through the CaseClock.
 */
import { setHandler } from '@temporalio/workflow';
import type { InvoiceStatus } from '../../adapters/payment-gateway/port';
import type { CaseClock } from './clock';
import { paymentSignal, type PaymentEvent } from './payment-signal';

export interface FeeInvoice {
  invoiceId: string;
  amountTenge: number;
  payUrl: string;
  expiresAt: string;
}

export type GatewayInvoiceStatus = InvoiceStatus;

/** The two activities the step needs (activities/payment.ts: createPaymentActivities). */
export interface PaymentStepActivities {
  createFeeInvoice(req: {
    idempotencyKey: string;
    applicationId: string;
    purpose: string;
    amountTenge: number;
    payerRef: string;
    expiresAt: string;
  }): Promise<FeeInvoice>;
  getFeeInvoiceStatus(req: { invoiceId: string }): Promise<{ status: GatewayInvoiceStatus; paidAt?: string }>;
}

export interface PaymentRequest {
  idempotencyKey: string;
  applicationId: string;
  /** e.g. 'state-registration-fee', 'license-fee'. */
  purpose: string;
  amountTenge: number;
  payerRef: string;
}

export type PaymentOutcome =
  | { status: 'paid'; invoice: FeeInvoice; paidAt: string; gatewayRef: string; via: 'callback' | 'reconciliation'; failedAttempts: number }
  | { status: 'unpaid'; invoice: FeeInvoice; reason: 'expired' | 'deadline-passed'; failedAttempts: number };

export interface CollectPaymentOptions {
  clock: CaseClock;
  activities: PaymentStepActivities;
  request: PaymentRequest;
  /** The invoice's deadline (case-clock moment); the gateway expires the invoice at it. */
  deadline: Date;
  /** Called once the invoice exists (show the pay link, record it). */
  onInvoice?: (invoice: FeeInvoice) => void | Promise<void>;
  /** Called for every gateway event about this invoice, in order (a declined card, the payment...). */
  onEvent?: (event: PaymentEvent) => void;
}

/**
 * Charges one fee. A declined payment ('failed') is not the end: the payer may try again on the same
 * invoice until its deadline. An event whose amount differs from the invoice is ignored.
 */
export async function collectPayment(opts: CollectPaymentOptions): Promise<PaymentOutcome> {
  // Registered before the invoice exists, so no callback is lost. A callback can be handled in the
  // same activation as the invoice's creation (signals first), so events are kept and matched after.
  const received: PaymentEvent[] = [];
  let invoice: FeeInvoice | null = null;
  const matches = (e: PaymentEvent): boolean =>
    invoice !== null && e.invoiceId === invoice.invoiceId && e.amountTenge === invoice.amountTenge;
  setHandler(paymentSignal, (event) => {
    received.push(event);
    if (matches(event)) opts.onEvent?.(event);
  });

  const created = await opts.activities.createFeeInvoice({ ...opts.request, expiresAt: opts.deadline.toISOString() });
  invoice = created;
  await opts.onInvoice?.(created);
  received.filter(matches).forEach((e) => opts.onEvent?.(e));
  const events = (): PaymentEvent[] => received.filter(matches);

  const final = (): PaymentEvent | undefined => events().find((e) => e.status === 'paid' || e.status === 'expired');
  await opts.clock.waitUntil(() => final() !== undefined, opts.deadline);
  const failedAttempts = events().filter((e) => e.status === 'failed').length;
  const event = final();
  if (event?.status === 'paid')
    return { status: 'paid', invoice: created, paidAt: event.at, gatewayRef: event.gatewayRef, via: 'callback', failedAttempts };
  if (event?.status === 'expired') return { status: 'unpaid', invoice: created, reason: 'expired', failedAttempts };

  // The deadline passed without a final callback: the gateway's own record decides.
  const state = await opts.activities.getFeeInvoiceStatus({ invoiceId: created.invoiceId });
  if (state.status === 'paid') {
    return {
      status: 'paid',
      invoice: created,
      paidAt: state.paidAt ?? opts.clock.now().toISOString(),
      gatewayRef: `reconciled:${created.invoiceId}`,
      via: 'reconciliation',
      failedAttempts,
    };
  }
  return { status: 'unpaid', invoice: created, reason: 'deadline-passed', failedAttempts };
}
