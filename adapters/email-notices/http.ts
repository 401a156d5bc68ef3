/**
 * HTTP client for the mail relay (the bundled simulator mounts it at `${simulatorsUrl}/email-notices`).
 * The idempotency key travels as the Idempotency-Key header and in the body.
 */
import { z } from 'zod';
import { IdempotencyConflictError } from '../cabinet/idempotent-log';
import {
  EmailRejectedError,
  EmailUnavailableError,
  type EmailNotice,
  type EmailNotices,
  type EmailSendReceipt,
  type SentEmailNotice,
} from './port';

const ReceiptSchema = z.object({ messageId: z.string(), sentAt: z.string(), duplicate: z.boolean() });
const OutboxSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      sentAt: z.string(),
      idempotencyKey: z.string(),
      to: z.string(),
      subject: z.string(),
      body: z.string(),
      applicationId: z.string(),
      kind: z.string(),
    }),
  ),
});

export class HttpEmailNotices implements EmailNotices {
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
      throw new EmailUnavailableError(`mail relay unreachable: ${(e as Error).message}`);
    }
    const body: unknown = await res.json().catch(() => undefined);
    const message = z.object({ message: z.string() }).safeParse(body).data?.message ?? res.statusText;
    if (res.status === 409 && init.idempotencyKey) throw new IdempotencyConflictError(init.idempotencyKey);
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new EmailUnavailableError(`mail relay answered ${res.status}: ${message}`);
    if (!res.ok) throw new EmailRejectedError(`mail relay refused (${res.status}): ${message}`);
    return body;
  }

  async send(notice: EmailNotice): Promise<EmailSendReceipt> {
    const body = await this.call('/messages', { method: 'POST', body: JSON.stringify(notice), idempotencyKey: notice.idempotencyKey });
    const parsed = ReceiptSchema.safeParse(body);
    if (!parsed.success) throw new EmailUnavailableError('mail relay answered an unexpected body');
    return parsed.data;
  }

  async outbox(to?: string): Promise<SentEmailNotice[]> {
    const body = await this.call(`/outbox${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}`, { method: 'GET' });
    const parsed = OutboxSchema.safeParse(body);
    if (!parsed.success) throw new EmailUnavailableError('mail relay answered an unexpected body');
    return parsed.data.items;
  }
}
