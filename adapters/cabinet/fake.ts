/** In-memory personal cabinet: the same idempotency semantics as the portal simulator. */
import {
  CabinetDeliverySchema,
  CabinetRejectedError,
  type CabinetDeliveryRequest,
  type CabinetMessage,
  type DeliveryReceipt,
  type PersonalCabinet,
} from './port';
import { IdempotentLog, type IdempotentLogSnapshot } from './idempotent-log';
import { describeIssues } from '../../domain/zod-issues';

export class InMemoryPersonalCabinet implements PersonalCabinet {
  private readonly log: IdempotentLog<CabinetDeliveryRequest>;

  constructor(now?: () => Date) {
    this.log = new IdempotentLog(now);
  }

  async deliver(delivery: CabinetDeliveryRequest): Promise<DeliveryReceipt> {
    const parsed = CabinetDeliverySchema.safeParse(delivery);
    if (!parsed.success) throw new CabinetRejectedError(`invalid cabinet delivery: ${describeIssues(parsed.error)}`);
    const { record, duplicate } = this.log.put(parsed.data);
    return { messageId: record.id, deliveredAt: record.receivedAt, duplicate };
  }

  async list(applicantRef: string): Promise<CabinetMessage[]> {
    return this.log.list((p) => p.applicantRef === applicantRef).map((r) => ({ ...r.payload, id: r.id, deliveredAt: r.receivedAt }));
  }

  snapshot(): IdempotentLogSnapshot<CabinetDeliveryRequest> {
    return this.log.snapshot();
  }

  restore(s: IdempotentLogSnapshot<CabinetDeliveryRequest>): void {
    this.log.restore(s);
  }

  /** Every delivery, for tests that prove nothing arrived twice. */
  all(): CabinetMessage[] {
    return this.log.list().map((r) => ({ ...r.payload, id: r.id, deliveredAt: r.receivedAt }));
  }
}
