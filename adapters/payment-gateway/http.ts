/** HTTP client for the e-gov payment gateway (the simulator mounts it at `${simulatorsUrl}/payment-gateway`). */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import type { CreateInvoiceRequest, Invoice, PaymentGateway, Refund } from './port';

export const InvoiceSchema = z.object({ invoiceId: z.string(), amountTenge: z.number().int(), payUrl: z.string(), expiresAt: z.string() });
export const InvoiceStateSchema = z.object({
  invoiceId: z.string(),
  status: z.enum(['pending', 'paid', 'failed', 'expired', 'refunded']),
  paidAt: z.string().optional(),
});
export const RefundSchema = z.object({ refundId: z.string(), invoiceId: z.string(), amountTenge: z.number().int() });

export class HttpPaymentGateway implements PaymentGateway {
  private readonly http: JsonHttpClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new JsonHttpClient({ baseUrl, system: 'payment gateway', ...(timeoutMs ? { timeoutMs } : {}) });
  }

  async createInvoice(req: CreateInvoiceRequest): Promise<Invoice> {
    const { idempotencyKey, ...body } = req;
    return this.http.call('POST', '/v1/invoices', InvoiceSchema, { body, idempotencyKey });
  }

  async getInvoice(invoiceId: string): Promise<z.infer<typeof InvoiceStateSchema>> {
    return this.http.call('GET', `/v1/invoices/${encodeURIComponent(invoiceId)}`, InvoiceStateSchema);
  }

  async refund(req: { idempotencyKey: string; invoiceId: string; reason: string }): Promise<Refund> {
    return this.http.call('POST', `/v1/invoices/${encodeURIComponent(req.invoiceId)}/refunds`, RefundSchema, {
      body: { reason: req.reason },
      idempotencyKey: req.idempotencyKey,
    });
  }
}
