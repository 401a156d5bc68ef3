/**
 * HTTP client for the individuals database's death-notice feed (seed 004 ¶50), as the simulator
 * serves it at `${simulatorsUrl}/individuals-database`:
 *
 *   GET  /v1/death-notices                          the notices not yet acknowledged, oldest first
 *   POST /v1/death-notices/{noticeId}/acknowledgement   handled: not delivered again
 *
 * The e-licensing system pulls: state databases publish events into the e-government gateway's
 * queue and the subscribing system collects and acknowledges them, so nothing is lost while the
 * subscriber is down or slow, and the database never needs a route into the subscriber's network.
 * A notice is acknowledged only after every subscriber handled it; one that failed stays in the feed
 * and comes again on the next poll (at-least-once, the same noticeId), which the death-notice
 * workflow's id absorbs.
 */
import { z } from 'zod';
import { JsonHttpClient } from '../json-http';
import { DeathNoticeSchema, type DeathNotice, type DeathNoticeHandler, type IndividualsDatabase } from './port';

export const DeathNoticeFeedSchema = z.object({ notices: z.array(DeathNoticeSchema) });

export interface HttpIndividualsDatabaseOptions {
  /** Pause between polls while someone is subscribed (default 2 s). */
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** A poll that failed (feed unreachable, a handler threw): the notice stays and is tried again. */
  onError?: (error: unknown) => void;
}

export class HttpIndividualsDatabase implements IndividualsDatabase {
  private readonly http: JsonHttpClient;
  private readonly handlers = new Set<DeathNoticeHandler>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;

  constructor(
    baseUrl: string,
    private readonly opts: HttpIndividualsDatabaseOptions = {},
  ) {
    this.http = new JsonHttpClient({ baseUrl, system: 'individuals database', ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  }

  onDeathNotice(handler: DeathNoticeHandler): () => void {
    this.handlers.add(handler);
    this.schedule();
    return () => {
      this.handlers.delete(handler);
      if (this.handlers.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
    };
  }

  /**
   * One round: collect the pending notices and hand each to every subscriber; acknowledge those all
   * of them handled. Returns how many were acknowledged. Rounds never overlap (a caller during a
   * round gets that round's result), so a notice is never handed out twice at once.
   */
  async pollOnce(): Promise<number> {
    this.round ??= this.collect().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private async collect(): Promise<number> {
    if (this.handlers.size === 0) return 0;
    const { notices } = await this.http.call('GET', '/v1/death-notices', DeathNoticeFeedSchema);
    let acknowledged = 0;
    const failures: unknown[] = [];
    for (const notice of notices) {
      const failed = await this.handOut(notice);
      if (failed) {
        failures.push(failed);
        continue;
      }
      await this.http.call(
        'POST',
        `/v1/death-notices/${encodeURIComponent(notice.noticeId)}/acknowledgement`,
        z.object({ noticeId: z.string() }),
        { body: {} },
      );
      acknowledged += 1;
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} death notice(s) not handled; they stay in the feed`);
    return acknowledged;
  }

  /** The first handler error, or null when every subscriber handled the notice. */
  private async handOut(notice: DeathNotice): Promise<unknown> {
    for (const h of [...this.handlers]) {
      try {
        await h(notice);
      } catch (e) {
        return e ?? new Error('handler failed');
      }
    }
    return null;
  }

  private schedule(): void {
    if (this.timer || this.handlers.size === 0) return;
    this.timer = setTimeout(() => {
      void this.pollOnce()
        .catch((e: unknown) => this.opts.onError?.(e))
        .finally(() => {
          this.timer = null;
          this.schedule();
        });
    }, this.opts.pollIntervalMs ?? 2_000);
    this.timer.unref();
  }
}
