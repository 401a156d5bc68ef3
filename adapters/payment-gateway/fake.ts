import type { CreateInvoiceRequest, Invoice, InvoiceStatus, PaymentGateway, Refund } from './port';

export type { InvoiceStatus } from './port';

export interface InvoiceRecord extends Invoice {
  applicationId: string;
  purpose: string;
  payerRef: string;
  callbackUrl?: string;
  status: InvoiceStatus;
  paidAt?: string;
  gatewayRef?: string;
}

/** What the gateway tells the merchant (the API's callback endpoint) when a payment settles. */
export interface GatewayEvent {
  invoiceId: string;
  applicationId: string;
  status: 'paid' | 'failed' | 'expired';
  amountTenge: number;
  at: string;
  gatewayRef: string;
}

export interface InMemoryPaymentGatewayOptions {
  now?: () => Date;
  /** Base of the pay page put into invoices. */
  payBaseUrl?: string;
  /** Called for every settled invoice (the callback); the simulator posts it to `callbackUrl`. */
  onEvent?: (event: GatewayEvent, callbackUrl: string | undefined) => void | Promise<void>;
  /** Tests: pay (or fail) each new invoice by itself after `delayMs` of real time. */
  autoPay?: { outcome: 'paid' | 'failed'; delayMs: number } | null;
}

export interface PaymentGatewaySnapshot {
  invoices: InvoiceRecord[];
  refunds: Array<Refund & { reason: string }>;
  /** Idempotency key → invoiceId (the record itself is in `invoices`). */
  invoiceByKey: Array<[string, string]>;
  refundByKey: Array<[string, Refund]>;
}

/**
 * In-memory e-gov payment gateway for tests and the simulator. Honours idempotency keys: the same key
 * never creates a second invoice or refund, and an invoice is refunded at most once.
 */
export class InMemoryPaymentGateway implements PaymentGateway {
  readonly invoices: InvoiceRecord[] = [];
  readonly refunds: Array<Refund & { reason: string }> = [];
  outage = false;
  autoPay: InMemoryPaymentGatewayOptions['autoPay'];
  private failuresLeft = 0;
  private readonly invoiceByKey = new Map<string, InvoiceRecord>();
  private readonly refundByKey = new Map<string, Refund>();
  private readonly now: () => Date;

  constructor(private readonly opts: InMemoryPaymentGatewayOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.autoPay = opts.autoPay ?? null;
  }

  /** Invoices, refunds and answers by key, as plain JSON (the simulator saves them across restarts). */
  snapshot(): PaymentGatewaySnapshot {
    return structuredClone({
      invoices: this.invoices,
      refunds: this.refunds,
      invoiceByKey: [...this.invoiceByKey].map(([k, rec]): [string, string] => [k, rec.invoiceId]),
      refundByKey: [...this.refundByKey],
    });
  }

  restore(s: PaymentGatewaySnapshot): void {
    const c = structuredClone(s);
    this.invoices.splice(0, this.invoices.length, ...c.invoices);
    this.refunds.splice(0, this.refunds.length, ...c.refunds);
    this.invoiceByKey.clear();
    for (const [k, invoiceId] of c.invoiceByKey) {
      const rec = this.invoices.find((i) => i.invoiceId === invoiceId);
      if (rec) this.invoiceByKey.set(k, rec);
    }
    this.refundByKey.clear();
    for (const [k, v] of c.refundByKey) this.refundByKey.set(k, v);
  }

  failNext(n: number): void {
    this.failuresLeft = n;
  }

  async createInvoice(req: CreateInvoiceRequest): Promise<Invoice> {
    this.available();
    const prior = this.invoiceByKey.get(req.idempotencyKey);
    if (prior) return toInvoice(prior);
    if (!Number.isInteger(req.amountTenge) || req.amountTenge <= 0) throw new Error(`payment gateway: bad amount ${req.amountTenge}`);
    const invoiceId = `INV-${String(this.invoices.length + 1).padStart(6, '0')}`;
    const rec: InvoiceRecord = {
      invoiceId,
      amountTenge: req.amountTenge,
      payUrl: `${this.opts.payBaseUrl ?? 'https://payments.example/pay'}/${invoiceId}`,
      expiresAt: req.expiresAt,
      applicationId: req.applicationId,
      purpose: req.purpose,
      payerRef: req.payerRef,
      ...(req.callbackUrl ? { callbackUrl: req.callbackUrl } : {}),
      status: 'pending',
    };
    this.invoices.push(rec);
    this.invoiceByKey.set(req.idempotencyKey, rec);
    const auto = this.autoPay;
    if (auto) setTimeout(() => void this.settle(invoiceId, auto.outcome).catch(() => undefined), auto.delayMs).unref();
    return toInvoice(rec);
  }

  async getInvoice(invoiceId: string): Promise<{ invoiceId: string; status: InvoiceStatus; paidAt?: string }> {
    this.available();
    const rec = this.find(invoiceId);
    this.expireIfDue(rec);
    return { invoiceId, status: rec.status, ...(rec.paidAt ? { paidAt: rec.paidAt } : {}) };
  }

  async refund(req: { idempotencyKey: string; invoiceId: string; reason: string }): Promise<Refund> {
    this.available();
    const prior = this.refundByKey.get(req.idempotencyKey);
    if (prior) return { ...prior };
    const rec = this.find(req.invoiceId);
    if (rec.status === 'refunded') throw new Error(`payment gateway: invoice ${req.invoiceId} is already refunded`);
    if (rec.status !== 'paid')
      throw new Error(`payment gateway: invoice ${req.invoiceId} is ${rec.status}, only a paid invoice is refunded`);
    const refund: Refund = { refundId: `RF-${this.refunds.length + 1}`, invoiceId: rec.invoiceId, amountTenge: rec.amountTenge };
    rec.status = 'refunded';
    this.refunds.push({ ...refund, reason: req.reason });
    this.refundByKey.set(req.idempotencyKey, refund);
    return { ...refund };
  }

  /** The payer pays (portal pay page) or the payment is declined; the result goes to the callback. */
  async settle(invoiceId: string, outcome: 'paid' | 'failed'): Promise<GatewayEvent> {
    const rec = this.find(invoiceId);
    this.expireIfDue(rec);
    if (rec.status !== 'pending' && rec.status !== 'failed') throw new Error(`payment gateway: invoice ${invoiceId} is ${rec.status}`);
    const at = this.now().toISOString();
    rec.status = outcome;
    rec.gatewayRef = `GW-${invoiceId}-${outcome}`;
    if (outcome === 'paid') rec.paidAt = at;
    return this.emit(rec, outcome, at);
  }

  /** Ends a pending invoice as expired now, with its callback (test control). */
  async expire(invoiceId: string): Promise<GatewayEvent> {
    const rec = this.find(invoiceId);
    if (rec.status !== 'pending' && rec.status !== 'failed') throw new Error(`payment gateway: invoice ${invoiceId} is ${rec.status}`);
    rec.status = 'expired';
    return this.emit(rec, 'expired', this.now().toISOString());
  }

  private async emit(rec: InvoiceRecord, status: GatewayEvent['status'], at: string): Promise<GatewayEvent> {
    const event: GatewayEvent = {
      invoiceId: rec.invoiceId,
      applicationId: rec.applicationId,
      status,
      amountTenge: rec.amountTenge,
      at,
      gatewayRef: `GW-${rec.invoiceId}-${status}`,
    };
    await this.opts.onEvent?.(event, rec.callbackUrl);
    return event;
  }

  private expireIfDue(rec: InvoiceRecord): void {
    if ((rec.status === 'pending' || rec.status === 'failed') && this.now().getTime() > new Date(rec.expiresAt).getTime())
      rec.status = 'expired';
  }

  private find(invoiceId: string): InvoiceRecord {
    const rec = this.invoices.find((i) => i.invoiceId === invoiceId);
    if (!rec) throw new Error(`payment gateway: no invoice ${invoiceId}`);
    return rec;
  }

  private available(): void {
    if (this.outage) throw new Error('payment gateway unavailable (outage)');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('payment gateway unavailable (transient failure)');
    }
  }
}

function toInvoice(rec: InvoiceRecord): Invoice {
  return { invoiceId: rec.invoiceId, amountTenge: rec.amountTenge, payUrl: rec.payUrl, expiresAt: rec.expiresAt };
}
