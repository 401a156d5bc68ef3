/**
 * HTTP client for the mail relay (the bundled simulator mounts it at `${simulatorsUrl}/email-notices`), on
 * the shared JSON client (adapters/json-http.ts). The idempotency key travels as the Idempotency-Key
 * header and in the body; a 409 is the key reused with another notice.
 */
import { z } from 'zod';
import { IdempotencyConflictError } from '../cabinet/idempotent-log';
import { PortJsonClient } from '../json-http';
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
  private readonly http: PortJsonClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new PortJsonClient(
      { baseUrl, system: 'mail relay', ...(timeoutMs ? { timeoutMs } : {}) },
      { unavailable: EmailUnavailableError, rejected: EmailRejectedError, conflict: (key) => new IdempotencyConflictError(key) },
    );
  }

  async send(notice: EmailNotice): Promise<EmailSendReceipt> {
    return this.http.post('/messages', ReceiptSchema, notice);
  }

  async outbox(to?: string): Promise<SentEmailNotice[]> {
    return (await this.http.get(`/outbox${to === undefined ? '' : `?to=${encodeURIComponent(to)}`}`, OutboxSchema)).items;
  }
}
