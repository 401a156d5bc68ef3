/**
 * HTTP client for approving bodies behind the e-gov gateway (the simulator or the real facade):
 * POST {baseUrl}/approving-bodies/{body}/requests with an Idempotency-Key header.
 */
import { z } from 'zod';
import type { ApprovingBodyGateway, ApprovingBodyRequest, SentApprovingBodyRequest } from './port';

const SentSchema = z.object({ requestId: z.string().min(1), body: z.string().min(1), sentAt: z.iso.datetime({ offset: true }) });

export class HttpApprovingBodyGateway implements ApprovingBodyGateway {
  private readonly baseUrl: string;
  constructor(opts: { baseUrl: string; timeoutMs?: number; fetch?: typeof fetch }) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fetchFn = opts.fetch ?? fetch;
  }
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  async sendRequest(req: ApprovingBodyRequest): Promise<SentApprovingBodyRequest> {
    const path = `/approving-bodies/${encodeURIComponent(req.body)}/requests`;
    const res = await this.fetchFn(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': req.idempotencyKey },
      body: JSON.stringify(req),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`approving body ${path}: HTTP ${res.status}`);
    const parsed = SentSchema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`approving body ${path}: unexpected answer: ${parsed.error.message}`);
    return parsed.data;
  }
}
