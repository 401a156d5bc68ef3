/** In-memory mail relay: the same idempotency semantics as the simulator (simulators/email-notices.ts). */
import { IdempotentLog, type IdempotentLogSnapshot } from '../cabinet/idempotent-log';
import { describeIssues } from '../../domain/zod-issues';
import {
  EmailNoticeSchema,
  EmailRejectedError,
  type EmailNotice,
  type EmailNotices,
  type EmailSendReceipt,
  type SentEmailNotice,
} from './port';

export class InMemoryEmailNotices implements EmailNotices {
  private readonly log: IdempotentLog<EmailNotice>;

  constructor(now?: () => Date) {
    this.log = new IdempotentLog(now);
  }

  async send(notice: EmailNotice): Promise<EmailSendReceipt> {
    const parsed = EmailNoticeSchema.safeParse(notice);
    if (!parsed.success) throw new EmailRejectedError(`invalid e-mail notice: ${describeIssues(parsed.error)}`);
    const { record, duplicate } = this.log.put(parsed.data);
    return { messageId: record.id, sentAt: record.receivedAt, duplicate };
  }

  async outbox(to?: string): Promise<SentEmailNotice[]> {
    return this.all().filter((m) => to === undefined || m.to.toLowerCase() === to.toLowerCase());
  }

  snapshot(): IdempotentLogSnapshot<EmailNotice> {
    return this.log.snapshot();
  }

  restore(s: IdempotentLogSnapshot<EmailNotice>): void {
    this.log.restore(s);
  }

  /** Every notice sent, for tests that prove nothing was mailed twice. */
  all(): SentEmailNotice[] {
    return this.log.list().map((r) => ({ ...r.payload, id: r.id, sentAt: r.receivedAt }));
  }
}
