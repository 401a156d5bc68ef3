/**
 * The e-mail notices the services send to the address an applicant gave in the application (seed 002 ¶9:
 * "a notification-report of acceptance goes to the e-mail given in the application"). Each notice carries
 * an idempotency key: a retried activity never mails the applicant twice.
 */
import { z } from 'zod';

export const EmailNoticeSchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  // The HTML living standard's address syntax, as the application forms accept it (services/nca/forms.ts).
  to: z.email({ pattern: z.regexes.html5Email }),
  subject: z.string().min(1).max(300),
  body: z.string().min(1).max(8000),
  /** The case the notice is about. */
  applicationId: z.string().min(1).max(200),
  kind: z.string().min(1).max(100),
});
export type EmailNotice = z.infer<typeof EmailNoticeSchema>;

export interface SentEmailNotice extends EmailNotice {
  id: string;
  sentAt: string;
}

export interface EmailSendReceipt {
  messageId: string;
  sentAt: string;
  /** True when this key was sent before: nothing new was mailed. */
  duplicate: boolean;
}

export interface EmailNotices {
  send(notice: EmailNotice): Promise<EmailSendReceipt>;
  /** The outbox, oldest first; only the notices to `to` when given. */
  outbox(to?: string): Promise<SentEmailNotice[]>;
}

/** The mail relay could not be reached or failed: retry. */
export class EmailUnavailableError extends Error {
  override readonly name = 'EmailUnavailableError';
  readonly retryable = true;
}

/** The relay refused the notice (invalid address or content): do not retry. */
export class EmailRejectedError extends Error {
  override readonly name = 'EmailRejectedError';
  readonly retryable = false;
}
