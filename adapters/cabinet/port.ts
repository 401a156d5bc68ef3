/**
 * The applicant's personal cabinet on the portal: where status messages and result documents arrive
 * (seed 000 ¶5.11 status and term, ¶5.12-5.13 result in the cabinet's history; seed 003 ¶8 "request
 * accepted" with the result date). Deliveries carry an idempotency key: a retried activity never
 * shows the applicant the same message twice.
 */
import { z } from 'zod';

export const CabinetDeliverySchema = z.object({
  idempotencyKey: z.string().min(1).max(200),
  applicantRef: z.string().min(1).max(100),
  applicationId: z.string().min(1).max(200),
  kind: z.string().min(1).max(100),
  /** ANCN of the document the message carries, if any. */
  ancn: z.string().min(1).max(20).optional(),
  message: z.string().min(1).max(4000),
});
export type CabinetDeliveryRequest = z.infer<typeof CabinetDeliverySchema>;

export interface CabinetMessage extends CabinetDeliveryRequest {
  id: string;
  deliveredAt: string;
}

export interface DeliveryReceipt {
  messageId: string;
  deliveredAt: string;
  /** True when this key was delivered before: nothing new reached the applicant. */
  duplicate: boolean;
}

export interface PersonalCabinet {
  deliver(delivery: CabinetDeliveryRequest): Promise<DeliveryReceipt>;
  /** The applicant's cabinet history, oldest first. */
  list(applicantRef: string): Promise<CabinetMessage[]>;
}

/** The portal could not be reached or failed: retry. */
export class CabinetUnavailableError extends Error {
  override readonly name = 'CabinetUnavailableError';
  readonly retryable = true;
}

/** The portal refused the delivery (invalid message): do not retry. */
export class CabinetRejectedError extends Error {
  override readonly name = 'CabinetRejectedError';
  readonly retryable = false;
}
