/**
 * The fee's side effects through the e-gov payment gateway, for every service that charges one
 * (workflows/shared/payment.ts is the workflow side). One implementation; a service exposes it under the
 * activity names its workflow schedules. Those names are in recorded histories (Temporal replays by
 * activity name), so SME keeps `createFeeInvoice`/`getFeeInvoiceStatus`/`refundFee` and Flag/Emblem
 * keeps `createLicenseFeeInvoice`/`getLicenseFeeInvoiceStatus`, both bound to the functions below.
 * Every call carries the idempotency key the workflow built, so a retry never invoices or refunds twice.
 */
import type { CreateInvoiceRequest, Invoice, InvoiceStatus, PaymentGateway, Refund } from '../adapters/payment-gateway/port';

export interface PaymentActivityDeps {
  paymentGateway: PaymentGateway;
  /** Where the gateway posts its result: the API's POST /v1/callbacks/payment-gateway, when there is one. */
  paymentCallbackUrl?: string;
}

export function createPaymentActivities(deps: PaymentActivityDeps) {
  // Arrow properties: a service binds them under its own activity names, detached from this object.
  return {
    createFeeInvoice: async (input: Omit<CreateInvoiceRequest, 'callbackUrl'>): Promise<Invoice> =>
      deps.paymentGateway.createInvoice({ ...input, ...(deps.paymentCallbackUrl ? { callbackUrl: deps.paymentCallbackUrl } : {}) }),
    /** Reconciliation at the deadline: a callback may be late or lost. */
    getFeeInvoiceStatus: async (input: { invoiceId: string }): Promise<{ status: InvoiceStatus; paidAt?: string }> => {
      const r = await deps.paymentGateway.getInvoice(input.invoiceId);
      return { status: r.status, ...(r.paidAt ? { paidAt: r.paidAt } : {}) };
    },
    /** Compensation: return the fee. */
    refundFee: async (input: { idempotencyKey: string; invoiceId: string; reason: string }): Promise<Refund> =>
      deps.paymentGateway.refund(input),
  };
}

export type PaymentActivities = ReturnType<typeof createPaymentActivities>;
