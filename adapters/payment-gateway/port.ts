/**
 * The e-government payment gateway (ЭҮТШ / төлем шлюзі). An invoice is created synchronously; the
 * payment result arrives later as the gateway's callback (HTTP → API → Temporal signal `payment`).
 * Every call carries an idempotency key: the same key never creates a second invoice or refund.
 */
/** An invoice's state at the gateway. */
export type InvoiceStatus = 'pending' | 'paid' | 'failed' | 'expired' | 'refunded';

export interface Invoice {
  invoiceId: string;
  amountTenge: number;
  /** Where the applicant pays (portal page). */
  payUrl: string;
  /** ISO 8601; after it the gateway reports the invoice 'expired'. */
  expiresAt: string;
}

export interface CreateInvoiceRequest {
  idempotencyKey: string;
  applicationId: string;
  /** e.g. 'state-registration-fee', 'license-fee'. */
  purpose: string;
  amountTenge: number;
  payerRef: string;
  /** Where the gateway posts the result (the API's callback endpoint). */
  callbackUrl?: string;
  expiresAt: string;
}

export interface Refund {
  refundId: string;
  invoiceId: string;
  amountTenge: number;
}

export interface PaymentGateway {
  createInvoice(req: CreateInvoiceRequest): Promise<Invoice>;
  /** Current state, for reconciliation when a callback is late or lost. */
  getInvoice(invoiceId: string): Promise<{ invoiceId: string; status: InvoiceStatus; paidAt?: string }>;
  refund(req: { idempotencyKey: string; invoiceId: string; reason: string }): Promise<Refund>;
}
