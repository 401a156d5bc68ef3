/**
 * The payment gateway's asynchronous answer, delivered to the case as a signal (outside systems'
 * events are signals; staff and applicant decisions are updates). Imported by workflows and the API.
 */
import { defineSignal } from '@temporalio/workflow';

export interface PaymentEvent {
  invoiceId: string;
  status: 'paid' | 'failed' | 'expired';
  amountTenge: number;
  /** ISO 8601 */
  at: string;
  gatewayRef: string;
}

export const paymentSignal = defineSignal<[PaymentEvent]>('payment');
