/** In-memory approving bodies: remembers requests (idempotent by key); tests answer through the signal. */
import type { ApprovingBodyGateway, ApprovingBodyRequest, SentApprovingBodyRequest } from './port';

export class InMemoryApprovingBodyGateway implements ApprovingBodyGateway {
  readonly requests: Array<ApprovingBodyRequest & SentApprovingBodyRequest> = [];
  private outages = 0;
  private seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  failNext(n: number): void {
    this.outages = n;
  }

  async sendRequest(req: ApprovingBodyRequest): Promise<SentApprovingBodyRequest> {
    if (this.outages > 0) {
      this.outages -= 1;
      throw new Error(`approving body ${req.body} unreachable`);
    }
    const known = this.requests.find((r) => r.idempotencyKey === req.idempotencyKey);
    if (known) return { requestId: known.requestId, body: known.body, sentAt: known.sentAt };
    this.seq += 1;
    const sent = { requestId: `${req.body}-req-${String(this.seq).padStart(6, '0')}`, body: req.body, sentAt: this.now().toISOString() };
    this.requests.push({ ...req, ...sent });
    return sent;
  }
}
