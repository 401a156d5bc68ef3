/**
 * HTTP client for the portal's cabinet-notification endpoint (the bundled simulator mounts it at
 * `${simulatorsUrl}/cabinet`). The idempotency key travels as the Idempotency-Key header and in the body.
 */
import { z } from 'zod';
import { IdempotencyConflictError } from './idempotent-log';
import {
  CabinetRejectedError,
  CabinetUnavailableError,
  type CabinetDeliveryRequest,
  type CabinetMessage,
  type DeliveryReceipt,
  type PersonalCabinet,
} from './port';

const ReceiptSchema = z.object({ messageId: z.string(), deliveredAt: z.string(), duplicate: z.boolean() });
const MessagesSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      deliveredAt: z.string(),
      idempotencyKey: z.string(),
      applicantRef: z.string(),
      applicationId: z.string(),
      kind: z.string(),
      ancn: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export class HttpPersonalCabinet implements PersonalCabinet {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  private async call(path: string, init: RequestInit & { idempotencyKey?: string }): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new CabinetUnavailableError(`personal cabinet unreachable: ${(e as Error).message}`);
    }
    const body: unknown = await res.json().catch(() => undefined);
    const message = z.object({ message: z.string() }).safeParse(body).data?.message ?? res.statusText;
    if (res.status === 409 && init.idempotencyKey) throw new IdempotencyConflictError(init.idempotencyKey);
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new CabinetUnavailableError(`personal cabinet answered ${res.status}: ${message}`);
    if (!res.ok) throw new CabinetRejectedError(`personal cabinet refused (${res.status}): ${message}`);
    return body;
  }

  async deliver(delivery: CabinetDeliveryRequest): Promise<DeliveryReceipt> {
    const body = await this.call('/messages', { method: 'POST', body: JSON.stringify(delivery), idempotencyKey: delivery.idempotencyKey });
    const parsed = ReceiptSchema.safeParse(body);
    if (!parsed.success) throw new CabinetUnavailableError('personal cabinet answered an unexpected body');
    return parsed.data;
  }

  async list(applicantRef: string): Promise<CabinetMessage[]> {
    const body = await this.call(`/applicants/${encodeURIComponent(applicantRef)}/messages`, { method: 'GET' });
    const parsed = MessagesSchema.safeParse(body);
    if (!parsed.success) throw new CabinetUnavailableError('personal cabinet answered an unexpected body');
    return parsed.data.items;
  }
}
