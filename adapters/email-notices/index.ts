/** Picks the EmailNotices from configuration: in-memory fake, or HTTP to `${simulatorsUrl}/email-notices`. */
import type { Config } from '../../config';
import { InMemoryEmailNotices } from './fake';
import { HttpEmailNotices } from './http';
import type { EmailNotices } from './port';

export function createEmailNotices(adapters: Config['adapters']): EmailNotices {
  return adapters.mode === 'fake'
    ? new InMemoryEmailNotices()
    : new HttpEmailNotices(`${adapters.simulatorsUrl.replace(/\/+$/, '')}/email-notices`);
}
