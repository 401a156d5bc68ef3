/**
 * In-memory individuals database: a test announces a death, every subscriber gets the notice; a
 * notice whose handler failed stays undelivered until `redeliver()` (at-least-once, like the real feed).
 */
import { DeathNoticeSchema, type DeathNotice, type DeathNoticeHandler, type IndividualsDatabase } from './port';

export class InMemoryIndividualsDatabase implements IndividualsDatabase {
  private readonly handlers = new Set<DeathNoticeHandler>();
  private readonly pending: DeathNotice[] = [];
  private seq = 0;

  onDeathNotice(handler: DeathNoticeHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Sends a notice of death to every subscriber; resolves once all handled it (failures are kept for redelivery). */
  async announceDeath(iin: string, dateOfDeath: string, sentAt = new Date().toISOString(), noticeId?: string): Promise<DeathNotice> {
    this.seq += 1;
    const notice = DeathNoticeSchema.parse({ noticeId: noticeId ?? `death-${this.seq}`, iin, dateOfDeath, sentAt });
    await this.deliver(notice);
    return notice;
  }

  undelivered(): DeathNotice[] {
    return [...this.pending];
  }

  /** Sends every undelivered notice again (same noticeId). */
  async redeliver(): Promise<void> {
    const again = this.pending.splice(0, this.pending.length);
    for (const n of again) await this.deliver(n);
  }

  private async deliver(notice: DeathNotice): Promise<void> {
    let failed = false;
    for (const h of this.handlers) {
      try {
        await h(notice);
      } catch {
        failed = true;
      }
    }
    if (failed || this.handlers.size === 0) this.pending.push(notice);
  }
}
