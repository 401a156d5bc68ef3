/**
 * HTTP client for the portal's cabinet-notification endpoint (the bundled simulator mounts it at
 * `${simulatorsUrl}/cabinet`), on the shared JSON client (adapters/json-http.ts). The idempotency key
 * travels as the Idempotency-Key header and in the body; a 409 is the key reused with other content.
 */
import { z } from 'zod';
import { PortJsonClient } from '../json-http';
import { IdempotencyConflictError } from './idempotent-log';
import {
  CabinetRejectedError,
  CabinetUnavailableError,
  type CabinetDeliveryRequest,
  type CabinetMessage,
  type DeliveryReceipt,
  type PersonalCabinet,
} from './port';

const ReceiptSchema = z.object({ messageId: z.string(), deliveredAt: z.string(), duplicate: z.boolean() });
const MessagesSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      deliveredAt: z.string(),
      idempotencyKey: z.string(),
      applicantRef: z.string(),
      applicationId: z.string(),
      kind: z.string(),
      ancn: z.string().optional(),
      message: z.string(),
    }),
  ),
});

export class HttpPersonalCabinet implements PersonalCabinet {
  private readonly http: PortJsonClient;

  constructor(baseUrl: string, timeoutMs?: number) {
    this.http = new PortJsonClient(
      { baseUrl, system: 'personal cabinet', ...(timeoutMs ? { timeoutMs } : {}) },
      { unavailable: CabinetUnavailableError, rejected: CabinetRejectedError, conflict: (key) => new IdempotencyConflictError(key) },
    );
  }

  async deliver(delivery: CabinetDeliveryRequest): Promise<DeliveryReceipt> {
    return this.http.post('/messages', ReceiptSchema, delivery);
  }

  async list(applicantRef: string): Promise<CabinetMessage[]> {
    return (await this.http.get(`/applicants/${encodeURIComponent(applicantRef)}/messages`, MessagesSchema)).items;
  }
}
