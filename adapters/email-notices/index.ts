/**
 * Picks the EmailNotices from configuration: an SMTP relay when EMAIL_NOTICES_SMTP_HOST is set (its
 * outbox, outside `real` mode, read from the simulator's HTTP door); else the in-memory fake (ADAPTERS=fake)
 * or HTTP to `${simulatorsUrl}/email-notices`.
 */
import type { Config } from '../../config';
import { InMemoryEmailNotices } from './fake';
import { HttpEmailNotices } from './http';
import type { EmailNotices } from './port';
import { SmtpEmailNotices } from './smtp';

export function createEmailNotices(adapters: Config['adapters']): EmailNotices {
  const simulator = `${adapters.simulatorsUrl.replace(/\/+$/, '')}/email-notices`;
  const smtp = adapters.emailNoticesSmtp;
  if (smtp) {
    const outbox = adapters.mode === 'real' ? {} : { outbox: (to?: string) => new HttpEmailNotices(simulator).outbox(to) };
    return new SmtpEmailNotices({ ...smtp, ...outbox });
  }
  return adapters.mode === 'fake' ? new InMemoryEmailNotices() : new HttpEmailNotices(simulator);
}
